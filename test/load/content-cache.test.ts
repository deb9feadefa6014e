import { describe, expect, it } from 'vitest';
import { ContentCache } from '../../src/load/content-cache.js';

describe('ContentCache', () => {
  it('evicts the least recently used entry when the entry count is exceeded', () => {
    const c = new ContentCache<string>({ maxEntries: 2, maxBytes: 1000 });
    c.set('a', 'A', 1);
    c.set('b', 'B', 1);
    expect(c.get('a')).toBe('A'); // a is now most recent
    c.set('c', 'C', 1);
    expect(c.has('b')).toBe(false);
    expect(c.get('a')).toBe('A');
    expect(c.get('c')).toBe('C');
    expect(c.get('b')).toBeUndefined();
    expect(c.stats).toEqual({ hits: 3, misses: 1, evictions: 1, entries: 2, bytes: 2 });
  });

  it('evicts by bytes and refuses entries larger than the byte bound', () => {
    const c = new ContentCache<number>({ maxEntries: 100, maxBytes: 100 });
    c.set('a', 1, 40);
    c.set('b', 2, 40);
    c.set('c', 3, 40);
    expect(c.has('a')).toBe(false);
    expect(c.stats).toMatchObject({ entries: 2, bytes: 80, evictions: 1 });
    expect(c.set('huge', 4, 101)).toBe(false);
    expect(c.stats.entries).toBe(2);
    c.set('b', 5, 10);
    expect(c.stats.bytes).toBe(50);
    expect(c.get('b')).toBe(5);
  });
});
