/** ListReduce and ListFlatten (nodes.md §10). */
import { pyCompare, pyTruthy } from '../../lib/py/compare.js';
import { pyFloat } from '../../lib/py/convert.js';
import { pyStr } from '../../lib/py/str.js';
import { defineNode, NodeFailure } from '../types.js';
import { keyPathValue, readList, readVn, readVnInt, splitKeyPath } from './list-input.js';

const ZERO_WHEN_EMPTY: ReadonlySet<string> = new Set(['sum', 'product', 'avg', 'count']);

function extreme(values: readonly unknown[], op: '<' | '>'): unknown {
  // Python min()/max() compare each new item against the current best with `<` / `>`.
  let best = values[0];
  for (let i = 1; i < values.length; i++) if (pyCompare(op, values[i], best)) best = values[i];
  return best;
}

function reduce(op: string, values: readonly unknown[], initial: unknown): unknown {
  switch (op) {
    case 'sum':
    case 'avg': {
      let total = 0;
      for (const v of values) total += pyFloat(v);
      return op === 'sum' ? total : total / values.length;
    }
    case 'product': {
      let total = 1;
      for (const v of values) total *= pyFloat(v);
      return total;
    }
    case 'min':
      return extreme(values, '<');
    case 'max':
      return extreme(values, '>');
    case 'count':
      return values.length;
    case 'first':
      return values[0];
    case 'last':
      return values[values.length - 1];
    case 'join': {
      const sep = pyStr(pyTruthy(initial) ? initial : '');
      let out = '';
      for (let i = 0; i < values.length; i++) out += (i > 0 ? sep : '') + pyStr(values[i]);
      return out;
    }
    default:
      throw new NodeFailure(`Unknown operation: ${pyStr(op)}`, 'ValueError');
  }
}

export const listReduceNode = defineNode({
  type: 'ListReduceNode',
  category: 'data',
  inputs: ['list', 'operation', 'key_path', 'initial'],
  outputs: ['result'],
  config: { list: null, operation: 'sum', key_path: '', initial: null },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const op = readVn(ctx, 'operation');
    const initial = readVn(ctx, 'initial') ?? null;
    const parts = splitKeyPath(ctx.param('key_path'));
    const values: unknown[] = [];
    for (const item of list) {
      const v = keyPathValue(item, parts);
      if (v !== null && v !== undefined) values.push(v);
    }
    let result: unknown;
    if (values.length === 0) {
      result = initial !== null ? initial : typeof op === 'string' && ZERO_WHEN_EMPTY.has(op) ? 0 : null;
    } else {
      result = reduce(typeof op === 'string' ? op : pyStr(op), values, initial);
    }
    ctx.out('result', result);
  },
});

const MAX_FLATTEN_DEPTH = 100;

function flattenInto(out: unknown[], list: readonly unknown[], depth: number): void {
  for (const item of list) {
    if (depth > 0 && Array.isArray(item)) flattenInto(out, item, depth - 1);
    else out.push(item);
  }
}

export const listFlattenNode = defineNode({
  type: 'ListFlattenNode',
  category: 'data',
  inputs: ['list', 'depth'],
  outputs: ['result'],
  config: { list: null, depth: 1 },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const depth = readVnInt(ctx, 'depth') ?? 1;
    if (depth > MAX_FLATTEN_DEPTH) {
      throw new NodeFailure(
        `Flatten depth ${depth} exceeds maximum ${MAX_FLATTEN_DEPTH}. Possible circular reference.`,
        'ValueError',
      );
    }
    const out: unknown[] = [];
    flattenInto(out, list, depth);
    ctx.out('result', out);
  },
});
