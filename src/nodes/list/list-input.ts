/**
 * Shared inputs of the list nodes (nodes.md §10): the VN list rule, VN parameters, key paths.
 */
import { pyInt } from '../../lib/py/convert.js';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { vnValue, vnValueOr } from '../variable/variable-name.js';

const EMPTY: readonly unknown[] = Object.freeze([]);

/** The VN list input, unchecked: P(`list`) (null -> []); a non-empty string names a variable (missing -> []). */
export function readListValue(ctx: NodeContext): unknown {
  const v = ctx.param('list');
  if (v === null || v === undefined) return EMPTY;
  return vnValueOr(ctx.vars, v, EMPTY);
}

/** The VN list input; anything but a list fails `Input is not a list`. Do not mutate the result. */
export function readList(ctx: NodeContext): readonly unknown[] {
  const v = readListValue(ctx);
  if (!Array.isArray(v)) throw new NodeFailure('Input is not a list', 'ValueError');
  return v;
}

/** A VN parameter: P(name), then a string naming an existing variable becomes its value. */
export function readVn(ctx: NodeContext, name: string): unknown {
  return vnValue(ctx.vars, ctx.param(name));
}

/** A VN integer parameter (ListSlice bounds, ListFlatten depth): null stays null, else `int()`. */
export function readVnInt(ctx: NodeContext, name: string): number | null {
  const v = readVn(ctx, name);
  return v === null || v === undefined ? null : pyInt(v);
}

/** Split a dot key path once per node run; empty path -> null (use the item itself). */
export function splitKeyPath(keyPath: unknown): readonly string[] | null {
  if (keyPath === null || keyPath === undefined || keyPath === '' || keyPath === false) return null;
  return String(keyPath).split('.');
}

/** The nested dict value at `parts`, or null when a step is missing or not a dict. */
export function keyPathValue(item: unknown, parts: readonly string[] | null): unknown {
  if (parts === null) return item;
  let cur = item;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part)) return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
