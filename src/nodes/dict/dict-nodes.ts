/** GetProperty, DictGet, DictSet, DictRemove, DictMerge, DictHasKey, CreateDict (nodes.md §11). */
import { pyTruthy } from '../../lib/py/compare.js';
import { defineNode, NodeFailure } from '../types.js';
import { copyDict, dictKey, hasKey, isDict, readDict, readDictOrEmpty, setKey } from './dict-input.js';
import type { Dict } from './dict-input.js';

export const getPropertyNode = defineNode({
  type: 'GetPropertyNode',
  category: 'data',
  inputs: ['object', 'property_path'],
  outputs: ['value'],
  config: { object: null, property_path: '' },
  run(ctx) {
    const obj = readDict(ctx, 'object');
    const path = ctx.param('property_path');
    let cur: unknown = obj;
    if (pyTruthy(path)) {
      for (const part of dictKey(path).split('.')) {
        if (part === '') continue;
        if (!isDict(cur) || !Object.hasOwn(cur, part)) {
          cur = null;
          break;
        }
        cur = cur[part];
      }
    }
    ctx.out('value', cur);
  },
});

export const dictGetNode = defineNode({
  type: 'DictGetNode',
  category: 'data',
  inputs: ['dict', 'key', 'default'],
  outputs: ['value', 'found'],
  config: { dict: null, key: '', default: null },
  run(ctx) {
    const d = readDict(ctx);
    const key = ctx.param('key') ?? '';
    const found = hasKey(d, key);
    ctx.out('value', found ? d[dictKey(key)] : ctx.param('default'));
    ctx.out('found', found);
  },
});

export const dictSetNode = defineNode({
  type: 'DictSetNode',
  category: 'data',
  inputs: ['dict', 'key', 'value'],
  outputs: ['result'],
  config: { dict: null, key: '', value: null },
  run(ctx) {
    const d = readDictOrEmpty(ctx, 'dict');
    const key = ctx.param('key');
    if (!pyTruthy(key)) throw new NodeFailure('Key is required', 'ValueError');
    const result = copyDict(d);
    setKey(result, dictKey(key), ctx.param('value') ?? null);
    ctx.out('result', result);
  },
});

export const dictRemoveNode = defineNode({
  type: 'DictRemoveNode',
  category: 'data',
  inputs: ['dict', 'key'],
  outputs: ['result', 'removed_value'],
  config: { dict: null, key: '' },
  run(ctx) {
    const d = readDict(ctx);
    const key = dictKey(ctx.param('key') ?? '');
    const result: Dict = {};
    let removed: unknown = null;
    for (const k of Object.keys(d)) {
      if (k === key) removed = d[k];
      else setKey(result, k, d[k]);
    }
    ctx.out('result', result);
    ctx.out('removed_value', removed);
  },
});

export const dictMergeNode = defineNode({
  type: 'DictMergeNode',
  category: 'data',
  inputs: ['dict_1', 'dict_2'],
  outputs: ['result'],
  config: { dict_1: null, dict_2: null },
  run(ctx) {
    const result = copyDict(readDictOrEmpty(ctx, 'dict_1'));
    const d2 = readDictOrEmpty(ctx, 'dict_2');
    for (const k of Object.keys(d2)) setKey(result, k, d2[k]);
    ctx.out('result', result);
  },
});

export const dictHasKeyNode = defineNode({
  type: 'DictHasKeyNode',
  category: 'data',
  inputs: ['dict', 'key'],
  outputs: ['has_key'],
  config: { dict: null, key: '' },
  run(ctx) {
    const d = readDict(ctx);
    ctx.out('has_key', hasKey(d, ctx.param('key') ?? ''));
  },
});

const PAIRS = [
  ['key_1', 'value_1'],
  ['key_2', 'value_2'],
  ['key_3', 'value_3'],
] as const;

export const createDictNode = defineNode({
  type: 'CreateDictNode',
  category: 'data',
  inputs: ['key_1', 'value_1', 'key_2', 'value_2', 'key_3', 'value_3'],
  outputs: ['dict'],
  config: { key_1: null, value_1: null, key_2: null, value_2: null, key_3: null, value_3: null },
  run(ctx) {
    const result: Dict = {};
    for (const [k, v] of PAIRS) {
      const key = ctx.param(k);
      // CasareRPA maps a falsy key to None and skips it.
      if (!pyTruthy(key)) continue;
      setKey(result, dictKey(key), ctx.param(v) ?? null);
    }
    ctx.out('dict', result);
  },
});
