import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { listFilterNode, listMapNode, listSortNode } from '../../../src/nodes/list/list-transform-nodes.js';
import { listFlattenNode, listReduceNode } from '../../../src/nodes/list/list-reduce-nodes.js';

describe('ListSortNode', () => {
  it('sorts a copy (batch_1_2)', async () => {
    const input = [5, 3, 8, 1, 9, 3, 10];
    const r = await runNode(listSortNode, { config: { list: input, reverse: false } });
    expect(r.outputs.result).toEqual([1, 3, 3, 5, 8, 9, 10]);
    expect(input[0]).toBe(5);
  });

  it('mixes bools and numbers and orders strings by code point', async () => {
    const r = await runNode(listSortNode, { inputs: { list: [3, 1.5, true, 2] } });
    expect(r.outputs.result).toEqual([true, 1.5, 2, 3]);
    const s = await runNode(listSortNode, { inputs: { list: ['ä', 'b', 'B', 'a'] } });
    expect(s.outputs.result).toEqual(['B', 'a', 'b', 'ä']);
  });

  it('reverse: a string is a variable name; "true" naming no variable is false', async () => {
    const lit = await runNode(listSortNode, { config: { list: [1, 3, 2], reverse: 'true' } });
    expect(lit.outputs.result).toEqual([1, 2, 3]);
    const v = await runNode(listSortNode, { config: { list: [1, 3, 2], reverse: 'rev' }, variables: { rev: 1 } });
    expect(v.outputs.result).toEqual([3, 2, 1]);
    const b = await runNode(listSortNode, { config: { list: [1, 3, 2], reverse: true } });
    expect(b.outputs.result).toEqual([3, 2, 1]);
  });

  it('sorts by a key path, stable', async () => {
    const items = [{ p: { n: 2 }, id: 'a' }, { p: { n: 1 }, id: 'b' }, { p: { n: 2 }, id: 'c' }];
    const r = await runNode(listSortNode, { inputs: { list: items }, config: { key_path: 'p.n' } });
    expect((r.outputs.result as { id: string }[]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('fails with Python TypeError text on incomparable items', async () => {
    const r = await runNode(listSortNode, { inputs: { list: [1, 'a'] } });
    expect(r.error?.errorType).toBe('TypeError');
    expect(r.error?.message).toMatch(/^'<' not supported between instances of '(str|int)' and '(int|str)'$/);
    const nul = await runNode(listSortNode, { inputs: { list: [{ k: 1 }, {}] }, config: { key_path: 'k' } });
    expect(nul.error?.message).toMatch(/'<' not supported between instances of '(NoneType|int)' and '(int|NoneType)'/);
  });
});

describe('ListFilterNode', () => {
  it('defaults to is_not_none and reports removed items', async () => {
    const r = await runNode(listFilterNode, { inputs: { list: [1, null, 0, null] } });
    expect(r.outputs).toEqual({ result: [1, 0], removed: [null, null] });
  });

  it.each([
    ['equals', 2, [1, 2, 2.0, '2'], [2, 2.0]],
    ['not_equals', 2, [1, 2, '2'], [1, '2']],
    ['contains', 'an', ['banana', 'kiwi', null, ''], ['banana']],
    ['starts_with', 'b', ['banana', 'abc', 0], ['banana']],
    ['ends_with', 'a', ['banana', 'kiwi'], ['banana']],
    ['greater_than', 2, [1, 2, 3, null], [3]],
    ['less_than', 2, [1, 2, 3, null], [1]],
    ['is_none', null, [1, null], [null]],
    ['is_truthy', null, [0, 1, '', 'a', []], [1, 'a']],
    ['is_falsy', null, [0, 1, '', 'a', []], [0, '', []]],
    ['no_such_condition', null, [0, null], [0, null]],
  ])('condition %s', async (condition, value, list, expected) => {
    const r = await runNode(listFilterNode, { inputs: { list }, config: { condition, value } });
    expect(r.outputs.result).toEqual(expected);
  });

  it('contains with a non-string value fails like Python', async () => {
    const r = await runNode(listFilterNode, { inputs: { list: ['a1'] }, config: { condition: 'contains', value: 1 } });
    expect(r.error).toEqual({ message: "'in <string>' requires string as left operand, not int", errorType: 'TypeError' });
  });

  it('filters on a key path and keeps whole items', async () => {
    const rows = [{ s: 'active', n: 1 }, { s: 'inactive', n: 2 }];
    const r = await runNode(listFilterNode, { inputs: { list: rows }, config: { condition: 'equals', value: 'active', key_path: 's' } });
    expect(r.outputs).toEqual({ result: [rows[0]], removed: [rows[1]] });
  });

  it('an unknown expression-style condition keeps everything (templates__data_etl)', async () => {
    const r = await runNode(listFilterNode, { config: { items: [1], condition: "item.status == 'active'" } });
    expect(r.outputs).toEqual({ result: [], removed: [] });
  });
});

describe('ListMapNode', () => {
  it('defaults to to_string (null -> "")', async () => {
    const r = await runNode(listMapNode, { inputs: { list: [1, null, true, [1, 'a']] } });
    expect(r.outputs.result).toEqual(['1', '', 'True', "[1, 'a']"]);
  });

  it.each([
    ['to_int', [1.9, '3', null, true], [1, 3, 0, 1]],
    ['to_float', ['2.5', null], [2.5, 0]],
    ['to_upper', ['ab', null, 0], ['AB', '', '']],
    ['to_lower', ['AB'], ['ab']],
    ['trim', ['  x \n', null], ['x', '']],
    ['length', ['abc', [1, 2], null, ''], [3, 2, 0, 0]],
    ['get_property', [1, 'a'], [1, 'a']],
    ['unknown', [1, 'a'], [1, 'a']],
  ])('transform %s', async (transform, list, expected) => {
    const r = await runNode(listMapNode, { inputs: { list }, config: { transform } });
    expect(r.outputs.result).toEqual(expected);
  });

  it('to_int fails on "3.5" with Python text', async () => {
    const r = await runNode(listMapNode, { inputs: { list: ['3.5'] }, config: { transform: 'to_int' } });
    expect(r.error?.message).toBe("invalid literal for int() with base 10: '3.5'");
  });

  it('maps through a key path, missing -> null', async () => {
    const r = await runNode(listMapNode, {
      inputs: { list: [{ a: { b: 'x' } }, { a: 1 }] },
      config: { transform: 'get_property', key_path: 'a.b' },
    });
    expect(r.outputs.result).toEqual(['x', null]);
  });
});

describe('ListReduceNode', () => {
  it('sums via float(): [1, 2, "3"] -> 6', async () => {
    const r = await runNode(listReduceNode, { inputs: { list: [1, 2, '3', null] } });
    expect(r.outputs.result).toBe(6);
  });

  it('an empty list gives 0 for sum (batch_8_6), initial if given, else no output', async () => {
    expect((await runNode(listReduceNode, {})).outputs.result).toBe(0);
    expect((await runNode(listReduceNode, { config: { operation: 'count' } })).outputs.result).toBe(0);
    expect((await runNode(listReduceNode, { config: { operation: 'sum', initial: 5 } })).outputs.result).toBe(5);
    const max = await runNode(listReduceNode, { config: { operation: 'max' } });
    expect(max.ok).toBe(true);
    expect(max.outputs.result).toBeNull();
  });

  it.each([
    ['avg', [1, 2, 3, 6], 3],
    ['product', [2, 3, 4], 24],
    ['min', [3, 1, 2], 1],
    ['max', ['b', 'c', 'a'], 'c'],
    ['count', [1, null, 2], 2],
    ['first', [null, 7, 8], 7],
    ['last', [7, 8, null], 8],
  ])('operation %s', async (operation, list, expected) => {
    const r = await runNode(listReduceNode, { inputs: { list }, config: { operation } });
    expect(r.outputs.result).toEqual(expected);
  });

  it('join uses str(initial or "") as separator', async () => {
    const r = await runNode(listReduceNode, { inputs: { list: ['a', 1, 'b'] }, config: { operation: 'join', initial: '-' } });
    expect(r.outputs.result).toBe('a-1-b');
    const none = await runNode(listReduceNode, { inputs: { list: ['a', 'b'] }, config: { operation: 'join' } });
    expect(none.outputs.result).toBe('ab');
  });

  it('fails on an unknown operation and on non-numeric sums', async () => {
    const r = await runNode(listReduceNode, { inputs: { list: [1] }, config: { operation: 'median' } });
    expect(r.error?.message).toBe('Unknown operation: median');
    const bad = await runNode(listReduceNode, { inputs: { list: [1, 'x'] } });
    expect(bad.error?.message).toBe("could not convert string to float: 'x'");
  });

  it('min of incomparable values fails with the < text', async () => {
    const r = await runNode(listReduceNode, { inputs: { list: [1, 'a'] }, config: { operation: 'min' } });
    expect(r.error?.message).toBe("'<' not supported between instances of 'str' and 'int'");
  });
});

describe('ListFlattenNode', () => {
  it('flattens one level by default (batch_1_2)', async () => {
    const r = await runNode(listFlattenNode, { config: { list: '{{nested}}' }, variables: { nested: [[1, 2], [3, 4], [5, 6]] } });
    expect(r.outputs.result).toEqual([1, 2, 3, 4, 5, 6]);
    const deep = await runNode(listFlattenNode, { inputs: { list: [1, [2, [3, [4]]]] } });
    expect(deep.outputs.result).toEqual([1, 2, [3, [4]]]);
  });

  it('depth 0 copies, depth 2 goes two levels', async () => {
    expect((await runNode(listFlattenNode, { inputs: { list: [[1]] }, config: { depth: 0 } })).outputs.result).toEqual([[1]]);
    expect((await runNode(listFlattenNode, { inputs: { list: [1, [2, [3, [4]]]] }, config: { depth: 2 } })).outputs.result)
      .toEqual([1, 2, 3, [4]]);
  });

  it('rejects depth over 100', async () => {
    const r = await runNode(listFlattenNode, { inputs: { list: [] }, config: { depth: 101 } });
    expect(r.error?.message).toBe('Flatten depth 101 exceeds maximum 100. Possible circular reference.');
  });
});
