/**
 * Shared inputs of the text nodes (nodes.md §9): the text rule `str(value or "")`, `safe_int`,
 * and code-point lengths (Python counts code points, JavaScript strings count UTF-16 units).
 */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyInt } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import type { NodeContext } from '../types.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** Python `str(value or "")`: null, "", 0, false, [] and {} all become "". */
export function textOf(v: unknown): string {
  return pyTruthy(v) ? pyStr(v) : '';
}

/** P(name) under the text rule. */
export function readText(ctx: NodeContext, name = 'text'): string {
  return textOf(ctx.param(name));
}

/** CasareRPA's `safe_int`: null/"" -> default, `int()` failure -> default, floats truncate. */
export function safeInt(v: unknown, dflt: number): number {
  if (v === null || v === undefined || v === '') return dflt;
  try {
    return pyInt(v);
  } catch {
    return dflt;
  }
}

/** True when every character is one UTF-16 unit, so UTF-16 indexes are Python indexes. */
export function isBmpOnly(s: string): boolean {
  return !SURROGATE.test(s);
}

/** Python `len(s)`: code points. */
export function codePointLength(s: string): number {
  if (isBmpOnly(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python `len(v)` for str, list and dict; anything else fails like CPython. */
export function pyLen(v: unknown): number {
  if (typeof v === 'string') return codePointLength(v);
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.keys(v).length;
  if (v instanceof Uint8Array) return v.length;
  throw new PyError('TypeError', `object of type '${pyTypeName(v)}' has no len()`);
}
