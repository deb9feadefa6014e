import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import {
  createDictNode, dictGetNode, dictHasKeyNode, dictMergeNode, dictRemoveNode, dictSetNode, getPropertyNode,
} from '../../../src/nodes/dict/dict-nodes.js';
import { dictItemsNode, dictKeysNode, dictValuesNode } from '../../../src/nodes/dict/dict-view-nodes.js';

const person = { name: 'Alice', age: 30, city: 'NYC' };

describe('CreateDictNode', () => {
  it('builds pairs 1-3 type-preserved (batch_1_1, task_2)', async () => {
    const r = await runNode(createDictNode, {
      config: { key_1: 'name', value_1: 'Alice', key_2: 'age', value_2: 30, key_3: 'city', value_3: 'NYC', key_4: 'x', value_4: 1 },
    });
    expect(r.outputs.dict).toEqual(person);
    const t = await runNode(createDictNode, {
      config: { key_1: 'name', value_1: '{{name}}', key_2: 'age', value_2: '{{age}}' },
      variables: { name: 'Alice', age: 30 },
    });
    expect(t.outputs.dict).toEqual({ name: 'Alice', age: 30 });
  });

  it('skips empty keys, keeps null values, and gives {} for an empty config (batch_7_1)', async () => {
    const r = await runNode(createDictNode, { config: { key_1: '', value_1: 1, key_2: 'k' } });
    expect(r.outputs.dict).toEqual({ k: null });
    expect((await runNode(createDictNode, {})).outputs.dict).toEqual({});
  });
});

describe('DictGetNode', () => {
  it('gets a present key via a template dict (batch_1_1)', async () => {
    const r = await runNode(dictGetNode, { config: { dict: '{{create_dict.dict}}', key: 'name' }, variables: { create_dict: { dict: person } } });
    expect(r.outputs).toEqual({ value: 'Alice', found: true });
  });

  it('uses default for a missing key and reports found false on {} (batch_7_1)', async () => {
    const r = await runNode(dictGetNode, { config: { key: 'name' } });
    expect(r.outputs.found).toBe(false);
    expect(r.outputs.value).toBeNull();
    const d = await runNode(dictGetNode, { inputs: { dict: { a: null } }, config: { key: 'b', default: 'x' } });
    expect(d.outputs).toEqual({ value: 'x', found: false });
    const n = await runNode(dictGetNode, { inputs: { dict: { a: null } }, config: { key: 'a', default: 'x' } });
    expect(n.outputs).toEqual({ value: null, found: true });
  });

  it('does not see inherited properties as keys', async () => {
    const r = await runNode(dictGetNode, { inputs: { dict: { a: 1 } }, config: { key: 'constructor' } });
    expect(r.outputs.found).toBe(false);
  });

  it('fails `Input is not a dictionary` on an unresolved template string', async () => {
    const r = await runNode(dictGetNode, { config: { dict: '{{dict_set.dict}}', key: 'x' } });
    expect(r.error).toEqual({ message: 'Input is not a dictionary', errorType: 'ValueError' });
  });
});

describe('DictSetNode', () => {
  it('returns a shallow copy with the key set', async () => {
    const input = { ...person };
    const r = await runNode(dictSetNode, { inputs: { dict: input }, config: { key: 'country', value: 'USA' } });
    expect(r.outputs.result).toEqual({ ...person, country: 'USA' });
    expect(input).toEqual(person);
  });

  it('treats a non-dict as {} and requires a key', async () => {
    const r = await runNode(dictSetNode, { config: { key: 'name', value: 'test' } });
    expect(r.outputs.result).toEqual({ name: 'test' });
    const s = await runNode(dictSetNode, { config: { dict: 'nope', key: 'k', value: 1 } });
    expect(s.outputs.result).toEqual({ k: 1 });
    const e = await runNode(dictSetNode, { config: { value: 1 } });
    expect(e.error?.message).toBe('Key is required');
  });

  it('stores __proto__ as a plain key', async () => {
    const r = await runNode(dictSetNode, { config: { key: '__proto__', value: 1 } });
    const out = r.outputs.result as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('DictRemoveNode', () => {
  it('removes a key and outputs its value', async () => {
    const r = await runNode(dictRemoveNode, { inputs: { dict: { x: 100, y: 200 } }, config: { key: 'x' } });
    expect(r.outputs).toEqual({ result: { y: 200 }, removed_value: 100 });
  });

  it('gives {} and a null removed value on {} (batch_7_1) and fails on a non-dict', async () => {
    const r = await runNode(dictRemoveNode, { config: { key: 'name' } });
    expect(r.outputs.result).toEqual({});
    expect(r.outputs.removed_value).toBeNull();
    const f = await runNode(dictRemoveNode, { inputs: { dict: [1] } });
    expect(f.error?.message).toBe('Input is not a dictionary');
  });
});

describe('DictMergeNode', () => {
  it('merges dict_1 then dict_2, second wins; non-dicts are {}', async () => {
    const r = await runNode(dictMergeNode, { config: { dict_1: { a: 1, b: 1 }, dict_2: { b: 2 } } });
    expect(r.outputs.result).toEqual({ a: 1, b: 2 });
    const legacy = await runNode(dictMergeNode, { config: { dict1: { a: 1 }, dict2: { b: 2 } } });
    expect(legacy.outputs.result).toEqual({});
    const junk = await runNode(dictMergeNode, { config: { dict_1: 'x', dict_2: [1] } });
    expect(junk.outputs.result).toEqual({});
  });
});

describe('DictKeys / DictValues / DictItems / DictHasKey', () => {
  const d = { ...person, country: 'USA' };

  it('lists keys, values and items in insertion order', async () => {
    expect((await runNode(dictKeysNode, { inputs: { dict: d } })).outputs).toEqual({ keys: ['name', 'age', 'city', 'country'], count: 4 });
    expect((await runNode(dictValuesNode, { inputs: { dict: d } })).outputs).toEqual({ values: ['Alice', 30, 'NYC', 'USA'], count: 4 });
    expect((await runNode(dictItemsNode, { inputs: { dict: { a: 1, b: null } } })).outputs).toEqual({
      items: [{ key: 'a', value: 1 }, { key: 'b', value: null }],
      count: 2,
    });
  });

  it('works on {} from an empty config (batch_7_1)', async () => {
    expect((await runNode(dictKeysNode, {})).outputs).toEqual({ keys: [], count: 0 });
    expect((await runNode(dictValuesNode, {})).outputs).toEqual({ values: [], count: 0 });
    expect((await runNode(dictItemsNode, {})).outputs).toEqual({ items: [], count: 0 });
    expect((await runNode(dictHasKeyNode, { config: { key: 'name' } })).outputs).toEqual({ has_key: false });
  });

  it('has_key is true for a null value', async () => {
    expect((await runNode(dictHasKeyNode, { inputs: { dict: { k: null } }, config: { key: 'k' } })).outputs.has_key).toBe(true);
  });

  it('fail on a non-dict', async () => {
    for (const spec of [dictKeysNode, dictValuesNode, dictItemsNode, dictHasKeyNode]) {
      const r = await runNode(spec, { config: { dict: '{{dict_set.dict}}', key: 'country' } });
      expect(r.error?.message).toBe('Input is not a dictionary');
    }
  });
});

describe('GetPropertyNode', () => {
  const obj = { user: { id: 123, settings: { theme: 'dark' } } };

  it('walks a dot path, skipping empty segments', async () => {
    const r = await runNode(getPropertyNode, { inputs: { object: obj }, config: { property_path: 'user..settings.theme' } });
    expect(r.outputs.value).toBe('dark');
  });

  it('gives null for a missing path and the object for an empty path', async () => {
    const r = await runNode(getPropertyNode, { inputs: { object: obj }, config: { property_path: 'user.nope' } });
    expect(r.ok).toBe(true);
    expect(r.outputs.value).toBeNull();
    const all = await runNode(getPropertyNode, { inputs: { object: obj } });
    expect(all.outputs.value).toEqual(obj);
  });

  it('fails on a non-dict', async () => {
    const r = await runNode(getPropertyNode, { inputs: { object: [1] }, config: { property_path: 'a' } });
    expect(r.error?.message).toBe('Input is not a dictionary');
  });
});
