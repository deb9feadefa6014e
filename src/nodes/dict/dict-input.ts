/**
 * Shared inputs of the dict nodes (nodes.md §11): dict inputs are P, a falsy value becomes {},
 * and there is no variable-name rule.
 */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyStr } from '../../lib/py/str.js';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';

export type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** P(name) with falsy -> {}; the value is not checked. */
export function readDictValue(ctx: NodeContext, name: string): unknown {
  const v = ctx.param(name);
  return pyTruthy(v) ? v : {};
}

/** P(name) with falsy -> {}; anything but a dict fails `Input is not a dictionary`. */
export function readDict(ctx: NodeContext, name = 'dict'): Dict {
  const v = readDictValue(ctx, name);
  if (!isDict(v)) throw new NodeFailure('Input is not a dictionary', 'ValueError');
  return v;
}

/** P(name) with non-dicts (falsy included) -> {}. */
export function readDictOrEmpty(ctx: NodeContext, name: string): Dict {
  const v = ctx.param(name);
  return isDict(v) ? v : {};
}

/** The object key a Python key maps to: strings as is, other keys by their `str()` text. */
export function dictKey(key: unknown): string {
  return typeof key === 'string' ? key : pyStr(key);
}

/**
 * Python `key in d` for a JSON-like dict (own keys only). Non-string keys match by their `str()`
 * text, the same mapping the setters use (a JSON object cannot hold int keys).
 */
export function hasKey(d: Dict, key: unknown): boolean {
  return Object.hasOwn(d, dictKey(key));
}

/** `d[key] = value` that also stores `__proto__` as a plain key. */
export function setKey(d: Dict, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(d, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    d[key] = value;
  }
}

/** Shallow copy (`dict.copy()`), safe for a `__proto__` key. */
export function copyDict(d: Dict): Dict {
  const out: Dict = {};
  for (const k of Object.keys(d)) setKey(out, k, d[k]);
  return out;
}
