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

  it('confirms a hit by content: a colliding key with other content is a miss, and the next set replaces it', () => {
    const c = new ContentCache<string>({ maxEntries: 4, maxBytes: 1000 });
    const a = Buffer.from('{"a":1}');
    const b = Buffer.from('{"b":2}');
    c.set('k', 'plan A', 3, a);
    expect(c.get('k', Buffer.from('{"a":1}'))).toBe('plan A'); // equal bytes, another array
    expect(c.get('k', b)).toBeUndefined();
    expect(c.stats).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(c.get('k')).toBe('plan A'); // no content given (an unchanged file): trusted
    c.set('k', 'plan B', 3, b);
    expect(c.get('k', b)).toBe('plan B');
    expect(c.get('k', a)).toBeUndefined();
    expect(c.get('k', Buffer.from('{"b":2'))).toBeUndefined(); // a prefix
  });
});
