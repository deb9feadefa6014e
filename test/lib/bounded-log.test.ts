import { describe, expect, it } from 'vitest';
import { BoundedLog } from '../../src/lib/bounded-log.js';

describe('BoundedLog', () => {
  it('keeps everything up to the limit, in order', () => {
    const log = new BoundedLog<number>(10);
    for (let i = 0; i < 10; i++) log.push(i);
    expect(log.toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([log.total, log.dropped]).toEqual([10, 0]);
  });

  it('past the limit keeps the first and the last half and counts the middle', () => {
    const log = new BoundedLog<number>(6);
    for (let i = 0; i < 1000; i++) log.push(i);
    expect(log.toArray()).toEqual([0, 1, 2, 997, 998, 999]);
    expect([log.total, log.dropped]).toEqual([1000, 994]);
    expect(log.map((v) => `n${v}`)).toEqual(['n0', 'n1', 'n2', 'n997', 'n998', 'n999']);
  });

  it('keeps the tail in order whatever the ring position', () => {
    for (let n = 6; n < 20; n++) {
      const log = new BoundedLog<number>(8);
      for (let i = 0; i < n; i++) log.push(i);
      const kept = log.toArray();
      expect(kept.slice(0, 4)).toEqual([0, 1, 2, 3]);
      expect(kept.slice(4)).toEqual(Array.from({ length: Math.min(4, n - 4) }, (_, j) => n - Math.min(4, n - 4) + j));
    }
  });
});
