/** ListSort, ListFilter, ListMap (nodes.md §10): per-item work over an optional dict key path. */
import { pyCompare, pyEq, pySorted, pyTruthy } from '../../lib/py/compare.js';
import { pyFloat, pyInt } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { pyStrip } from '../../lib/py/string.js';
import { pyLen } from '../text/text-input.js';
import { defineNode } from '../types.js';
import { vnValueOr } from '../variable/variable-name.js';
import { keyPathValue, readList, readVn, splitKeyPath } from './list-input.js';

export const listSortNode = defineNode({
  type: 'ListSortNode',
  category: 'data',
  inputs: ['list', 'reverse', 'key_path'],
  outputs: ['result'],
  config: { list: null, reverse: false, key_path: '' },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    // VN with a twist: a string is only ever a variable name; naming no variable means false.
    const reverse = pyTruthy(vnValueOr(ctx.vars, ctx.param('reverse'), false));
    const parts = splitKeyPath(ctx.param('key_path'));
    const key = parts === null ? undefined : (x: unknown) => keyPathValue(x, parts);
    ctx.out('result', pySorted(list, { key, reverse }));
  },
});

/** Python `str(v).startswith/endswith/in` helpers with the node's `if val` guard. */
function containsText(v: unknown, value: unknown): boolean {
  if (!pyTruthy(v)) return false;
  if (typeof value !== 'string') {
    throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(value)}`);
  }
  return pyStr(v).includes(value);
}

type Predicate = (v: unknown, value: unknown) => boolean;

const CONDITIONS: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ['equals', (v, value) => pyEq(v, value)],
  ['not_equals', (v, value) => !pyEq(v, value)],
  ['contains', containsText],
  ['starts_with', (v, value) => pyTruthy(v) && pyStr(v).startsWith(pyStr(value))],
  ['ends_with', (v, value) => pyTruthy(v) && pyStr(v).endsWith(pyStr(value))],
  ['greater_than', (v, value) => v !== null && v !== undefined && pyCompare('>', v, value)],
  ['less_than', (v, value) => v !== null && v !== undefined && pyCompare('<', v, value)],
  ['is_not_none', (v) => v !== null && v !== undefined],
  ['is_none', (v) => v === null || v === undefined],
  ['is_truthy', (v) => pyTruthy(v)],
  ['is_falsy', (v) => !pyTruthy(v)],
]);

const KEEP_ALL: Predicate = () => true;

export const listFilterNode = defineNode({
  type: 'ListFilterNode',
  category: 'data',
  inputs: ['list', 'condition', 'value', 'key_path'],
  outputs: ['result', 'removed'],
  config: { list: null, condition: 'is_not_none', value: null, key_path: '' },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const condition = readVn(ctx, 'condition');
    const value = readVn(ctx, 'value') ?? null;
    const parts = splitKeyPath(ctx.param('key_path'));
    const test = (typeof condition === 'string' ? CONDITIONS.get(condition) : undefined) ?? KEEP_ALL;
    const result: unknown[] = [];
    const removed: unknown[] = [];
    for (const item of list) {
      if (test(keyPathValue(item, parts) ?? null, value)) result.push(item);
      else removed.push(item);
    }
    ctx.out('result', result);
    ctx.out('removed', removed);
  },
});

type Transform = (v: unknown) => unknown;

const TRANSFORMS: ReadonlyMap<string, Transform> = new Map<string, Transform>([
  ['get_property', (v) => v],
  ['to_string', (v) => (v === null ? '' : pyStr(v))],
  ['to_int', (v) => (v === null ? 0 : pyInt(v))],
  ['to_float', (v) => (v === null ? 0 : pyFloat(v))],
  ['to_upper', (v) => (pyTruthy(v) ? pyStr(v).toUpperCase() : '')],
  ['to_lower', (v) => (pyTruthy(v) ? pyStr(v).toLowerCase() : '')],
  ['trim', (v) => (pyTruthy(v) ? pyStrip(pyStr(v), null, 'both') : '')],
  ['length', (v) => (pyTruthy(v) ? pyLen(v) : 0)],
]);

const IDENTITY: Transform = (v) => v;

export const listMapNode = defineNode({
  type: 'ListMapNode',
  category: 'data',
  inputs: ['list', 'transform', 'key_path'],
  outputs: ['result'],
  config: { list: null, transform: 'to_string', key_path: '' },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const name = readVn(ctx, 'transform');
    const parts = splitKeyPath(ctx.param('key_path'));
    const fn = (typeof name === 'string' ? TRANSFORMS.get(name) : undefined) ?? IDENTITY;
    const result = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) result[i] = fn(keyPathValue(list[i], parts) ?? null);
    ctx.out('result', result);
  },
});
