import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import {
  createListNode, listAppendNode, listContainsNode, listGetItemNode, listJoinNode, listLengthNode,
  listReverseNode, listSliceNode, listUniqueNode,
} from '../../../src/nodes/list/list-basic-nodes.js';

const base = [5, 3, 8, 1, 9, 3];

describe('list input rule (VN)', () => {
  it('resolves a template to the list (batch_1_2)', async () => {
    const r = await runNode(listLengthNode, { config: { list: '{{base_list}}' }, variables: { base_list: [...base, 10] } });
    expect(r.outputs.length).toBe(7);
  });

  it('treats an unresolved template as a variable name; missing variable -> [] (batch_1_2 list_reverse)', async () => {
    const r = await runNode(listReverseNode, { config: { list: '{{list_sort.sorted_list}}' } });
    expect(r.ok).toBe(true);
    expect(r.outputs.result).toEqual([]);
  });

  it('reads a bare variable name', async () => {
    const r = await runNode(listLengthNode, { config: { list: 'names' }, variables: { names: ['a', 'b'] } });
    expect(r.outputs.length).toBe(2);
  });

  it('prefers the port over the config', async () => {
    const r = await runNode(listLengthNode, { config: { list: [1] }, inputs: { list: [1, 2, 3] } });
    expect(r.outputs.length).toBe(3);
  });

  it('fails `Input is not a list` for a non-list', async () => {
    const r = await runNode(listLengthNode, { inputs: { list: 5 } });
    expect(r.error?.message).toBe('Input is not a list');
  });

  it('works on [] with an empty config (batch_8_6)', async () => {
    const r = await runNode(listSliceNode, { config: { start: 0, end: 5 } });
    expect(r.outputs.result).toEqual([]);
  });
});

describe('CreateListNode', () => {
  it('collects item_1..item_3, skipping nulls and ignoring item_4+', async () => {
    const r = await runNode(createListNode, {
      config: { item_1: 'apple', item_2: 'banana', item_3: 'cherry', item_4: 'date' },
    });
    expect(r.outputs.list).toEqual(['apple', 'banana', 'cherry']);
    const sparse = await runNode(createListNode, { config: { item_2: 0 } });
    expect(sparse.outputs.list).toEqual([0]);
  });

  it('replaces a string naming a variable by its value', async () => {
    const r = await runNode(createListNode, { config: { item_1: 'x', item_2: 'y' }, variables: { x: [1] } });
    expect(r.outputs.list).toEqual([[1], 'y']);
  });
});

describe('ListGetItemNode', () => {
  it('gets by index, negative from the end', async () => {
    const r = await runNode(listGetItemNode, { config: { list: base, index: 0 } });
    expect(r.outputs.item).toBe(5);
    const neg = await runNode(listGetItemNode, { config: { list: base, index: -1 } });
    expect(neg.outputs.item).toBe(3);
  });

  it('fails out of range with the adjusted index', async () => {
    const r = await runNode(listGetItemNode, { config: { list: [1, 2], index: -5 } });
    expect(r.error).toEqual({ message: 'List index out of range: -3', errorType: 'IndexError' });
    const hi = await runNode(listGetItemNode, { config: { list: [1, 2], index: 2 } });
    expect(hi.error?.message).toBe('List index out of range: 2');
  });

  it('looks a string index up as a variable: "1" names no variable -> index 0', async () => {
    const r = await runNode(listGetItemNode, { config: { list: ['a', 'b'], index: '1' } });
    expect(r.outputs.item).toBe('a');
    const v = await runNode(listGetItemNode, { config: { list: ['a', 'b'], index: 'i' }, variables: { i: 1 } });
    expect(v.outputs.item).toBe('b');
  });
});

describe('ListAppendNode', () => {
  it('returns a new list and leaves the input unchanged', async () => {
    const input = [...base];
    const r = await runNode(listAppendNode, { inputs: { list: input, item: 10 } });
    expect(r.outputs.result).toEqual([5, 3, 8, 1, 9, 3, 10]);
    expect(input).toEqual(base);
  });

  it('wraps a non-list and appends null', async () => {
    const r = await runNode(listAppendNode, { inputs: { list: 5 } });
    expect(r.outputs.result).toEqual([5, null]);
  });
});

describe('ListContainsNode', () => {
  it('uses Python equality and reports the first index', async () => {
    const r = await runNode(listContainsNode, { config: { list: [5, 3, 8, 1, 9, 3, 10], item: 8 } });
    expect(r.outputs).toEqual({ contains: true, index: 2 });
    const eq = await runNode(listContainsNode, { inputs: { list: ['1', 1], item: true } });
    expect(eq.outputs).toEqual({ contains: true, index: 1 });
    const no = await runNode(listContainsNode, { inputs: { list: ['10'], item: 10 } });
    expect(no.outputs).toEqual({ contains: false, index: -1 });
  });
});

describe('ListSliceNode', () => {
  it('slices with Python bounds', async () => {
    const r = await runNode(listSliceNode, { config: { list: [0, 1, 2, 3, 4, 5], start: 1, end: 4 } });
    expect(r.outputs.result).toEqual([1, 2, 3]);
    const neg = await runNode(listSliceNode, { config: { list: [0, 1, 2, 3], start: -2 } });
    expect(neg.outputs.result).toEqual([2, 3]);
    const clamp = await runNode(listSliceNode, { config: { list: [0, 1], start: 5, end: 99 } });
    expect(clamp.outputs.result).toEqual([]);
  });
});

describe('ListJoinNode', () => {
  it('joins Python str() of items with the default separator', async () => {
    const r = await runNode(listJoinNode, { inputs: { list: ['apple', null, true, 2.5, [1]] } });
    expect(r.outputs.result).toBe('apple, None, True, 2.5, [1]');
  });

  it('reads the separator from config (D2) and replaces a separator naming a variable', async () => {
    const r = await runNode(listJoinNode, { config: { list: ['a', 'b'], separator: '-' } });
    expect(r.outputs.result).toBe('a-b');
    const v = await runNode(listJoinNode, { config: { list: ['a', 'b'], separator: 'sep' }, variables: { sep: '|' } });
    expect(v.outputs.result).toBe('a|b');
  });
});

describe('ListReverseNode / ListUniqueNode', () => {
  it('reverses into a new list', async () => {
    const r = await runNode(listReverseNode, { inputs: { list: [1, 2, 3] } });
    expect(r.outputs.result).toEqual([3, 2, 1]);
  });

  it('keeps the first of Python-equal items (1, 1.0, True collapse) and compares unhashables by str()', async () => {
    const r = await runNode(listUniqueNode, { inputs: { list: [5, 3, 8, 1, 9, 3, 10] } });
    expect(r.outputs.result).toEqual([5, 3, 8, 1, 9, 10]);
    const mixed = await runNode(listUniqueNode, { inputs: { list: [1, true, '1', [1], [1], { a: 1 }, { a: 1 }, null, null] } });
    expect(mixed.outputs.result).toEqual([1, '1', [1], { a: 1 }, null]);
  });
});
