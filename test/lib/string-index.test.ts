/**
 * StringIndex: the Int32Array hash table behind a plan's node-id index. Checked against a Map on
 * the same keys, including growth past the initial table and keys added after construction.
 */
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../src/lib/string-index.js';

describe('StringIndex', () => {
  it('finds every key at its position and nothing else, like a Map', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `node-${i}` : `n${i.toString(36)}`));
    const index = new StringIndex(keys);
    const map = new Map(keys.map((k, i) => [k, i]));
    expect(index.size).toBe(5000);
    for (const k of keys) expect(index.get(k)).toBe(map.get(k));
    for (const missing of ['', 'node-1', 'n', 'N1', 'n1 ', '__auto_start__']) {
      expect(index.get(missing)).toBe(map.get(missing));
      expect(index.has(missing)).toBe(map.has(missing));
    }
  });

  it('keeps the first position of a repeated key and never mutates the given list', () => {
    const keys = ['a', 'b', 'a', 'c'];
    const index = new StringIndex(keys);
    expect([index.get('a'), index.get('b'), index.get('c')]).toEqual([0, 1, 3]);
    expect(index.add('d')).toBe(4);
    expect(index.add('b')).toBe(1);
    expect(keys).toEqual(['a', 'b', 'a', 'c']);
    expect(index.size).toBe(5);
  });

  it('grows when keys are added past its capacity', () => {
    const index = new StringIndex([]);
    for (let i = 0; i < 1000; i++) expect(index.add(`k${i}`)).toBe(i);
    for (let i = 0; i < 1000; i++) expect(index.get(`k${i}`)).toBe(i);
    expect(index.get('k1000')).toBeUndefined();
    expect(index.has('k999')).toBe(true);
  });

  it('compares by content, not identity (ids from different parses)', () => {
    const index = new StringIndex(JSON.parse('["alpha","beta"]') as string[]);
    const other = JSON.parse('{"x":"beta"}') as { x: string };
    expect(index.get(other.x)).toBe(1);
    expect(index.get(['al', 'pha'].join(''))).toBe(0);
  });
});
