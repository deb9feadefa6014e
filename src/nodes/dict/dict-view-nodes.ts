/** DictKeys, DictValues, DictItems (nodes.md §11): views of a dict in insertion order. */
import { defineNode } from '../types.js';
import { readDict } from './dict-input.js';

export const dictKeysNode = defineNode({
  type: 'DictKeysNode',
  category: 'data',
  inputs: ['dict'],
  outputs: ['keys', 'count'],
  config: { dict: null },
  run(ctx) {
    const keys = Object.keys(readDict(ctx));
    ctx.out('keys', keys);
    ctx.out('count', keys.length);
  },
});

export const dictValuesNode = defineNode({
  type: 'DictValuesNode',
  category: 'data',
  inputs: ['dict'],
  outputs: ['values', 'count'],
  config: { dict: null },
  run(ctx) {
    const values = Object.values(readDict(ctx));
    ctx.out('values', values);
    ctx.out('count', values.length);
  },
});

export const dictItemsNode = defineNode({
  type: 'DictItemsNode',
  category: 'data',
  inputs: ['dict'],
  outputs: ['items', 'count'],
  config: { dict: null },
  run(ctx) {
    const d = readDict(ctx);
    const items = Object.keys(d).map((key) => ({ key, value: d[key] }));
    ctx.out('items', items);
    ctx.out('count', items.length);
  },
});
