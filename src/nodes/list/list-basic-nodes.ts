/** CreateList, ListGetItem, ListLength, ListAppend, ListContains, ListSlice, ListJoin, ListReverse, ListUnique (nodes.md §10). */
import { pyEq, pyHashKey } from '../../lib/py/compare.js';
import { pyInt } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { pySliceBounds } from '../../lib/py/string.js';
import { defineNode, NodeFailure } from '../types.js';
import { vnValue, vnValueOr } from '../variable/variable-name.js';
import { readList, readListValue, readVn, readVnInt } from './list-input.js';

const CREATE_ITEMS = ['item_1', 'item_2', 'item_3'] as const;

export const createListNode = defineNode({
  type: 'CreateListNode',
  category: 'data',
  inputs: CREATE_ITEMS,
  outputs: ['list'],
  config: { item_1: null, item_2: null, item_3: null },
  readsAnyVariable: true,
  run(ctx) {
    const out: unknown[] = [];
    for (const name of CREATE_ITEMS) {
      const v = vnValue(ctx.vars, ctx.param(name));
      if (v !== null && v !== undefined) out.push(v);
    }
    ctx.out('list', out);
  },
});

export const listGetItemNode = defineNode({
  type: 'ListGetItemNode',
  category: 'data',
  inputs: ['list', 'index'],
  outputs: ['item'],
  config: { list: null, index: 0 },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const raw = ctx.param('index') ?? 0;
    // VN: a string is always a variable name here; a missing variable reads as index 0.
    let i = pyInt(vnValueOr(ctx.vars, raw, 0));
    if (i < 0) i += list.length;
    if (i < 0 || i >= list.length) throw new NodeFailure(`List index out of range: ${i}`, 'IndexError');
    ctx.out('item', list[i]);
  },
});

export const listLengthNode = defineNode({
  type: 'ListLengthNode',
  category: 'data',
  inputs: ['list'],
  outputs: ['length'],
  config: { list: null },
  readsAnyVariable: true,
  run(ctx) {
    ctx.out('length', readList(ctx).length);
  },
});

export const listAppendNode = defineNode({
  type: 'ListAppendNode',
  category: 'data',
  inputs: ['list', 'item'],
  outputs: ['result'],
  config: { list: null, item: null },
  readsAnyVariable: true,
  run(ctx) {
    const v = readListValue(ctx);
    const result = Array.isArray(v) ? v.slice() : [v];
    result.push(readVn(ctx, 'item') ?? null);
    ctx.out('result', result);
  },
});

export const listContainsNode = defineNode({
  type: 'ListContainsNode',
  category: 'data',
  inputs: ['list', 'item'],
  outputs: ['contains', 'index'],
  config: { list: null, item: null },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const item = readVn(ctx, 'item') ?? null;
    let index = -1;
    for (let i = 0; i < list.length; i++) {
      if (pyEq(list[i], item)) {
        index = i;
        break;
      }
    }
    ctx.out('contains', index >= 0);
    ctx.out('index', index);
  },
});

export const listSliceNode = defineNode({
  type: 'ListSliceNode',
  category: 'data',
  inputs: ['list', 'start', 'end'],
  outputs: ['result'],
  config: { list: null, start: 0, end: null },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const [a, b] = pySliceBounds(list.length, readVnInt(ctx, 'start'), readVnInt(ctx, 'end'));
    ctx.out('result', list.slice(a, b));
  },
});

export const listJoinNode = defineNode({
  type: 'ListJoinNode',
  category: 'data',
  inputs: ['list', 'separator'],
  outputs: ['result'],
  config: { list: null, separator: ', ' },
  readsAnyVariable: true,
  run(ctx) {
    const list = readList(ctx);
    const sep = readVn(ctx, 'separator') ?? ', ';
    if (typeof sep !== 'string') {
      throw new PyError('AttributeError', `'${pyTypeName(sep)}' object has no attribute 'join'`);
    }
    let out = '';
    for (let i = 0; i < list.length; i++) out += (i > 0 ? sep : '') + pyStr(list[i]);
    ctx.out('result', out);
  },
});

export const listReverseNode = defineNode({
  type: 'ListReverseNode',
  category: 'data',
  inputs: ['list'],
  outputs: ['result'],
  config: { list: null },
  readsAnyVariable: true,
  run(ctx) {
    ctx.out('result', readList(ctx).slice().reverse());
  },
});

export const listUniqueNode = defineNode({
  type: 'ListUniqueNode',
  category: 'data',
  inputs: ['list'],
  outputs: ['result'],
  config: { list: null },
  readsAnyVariable: true,
  run(ctx) {
    const seen = new Set<unknown>();
    const out: unknown[] = [];
    for (const item of readList(ctx)) {
      const key = pyHashKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    ctx.out('result', out);
  },
});
