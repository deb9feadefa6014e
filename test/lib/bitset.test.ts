import { describe, expect, it } from 'vitest';
import { BitSet } from '../../src/lib/bitset.js';

describe('BitSet', () => {
  it('sets, reads and clears single bits across word boundaries', () => {
    const b = new BitSet(100);
    for (const i of [0, 31, 32, 63, 64, 99]) b.set(i);
    for (const i of [0, 31, 32, 63, 64, 99]) expect(b.has(i)).toBe(true);
    expect(b.has(1)).toBe(false);
    expect(b.has(33)).toBe(false);
    expect(b.count()).toBe(6);
    b.clear(32);
    expect(b.has(32)).toBe(false);
    expect(b.has(31)).toBe(true);
    expect(b.count()).toBe(5);
  });

  it('ignores out-of-range indexes', () => {
    const b = new BitSet(10);
    b.set(10);
    b.set(-1);
    expect(b.has(10)).toBe(false);
    expect(b.has(-1)).toBe(false);
    expect(b.count()).toBe(0);
  });

  it('fill sets exactly size bits and clearAll resets them', () => {
    const b = new BitSet(37);
    b.fill();
    expect(b.count()).toBe(37);
    expect(b.has(36)).toBe(true);
    expect(b.has(37)).toBe(false);
    b.clearAll();
    expect(b.count()).toBe(0);
    const exact = new BitSet(64);
    exact.fill();
    expect(exact.count()).toBe(64);
  });

  it('intersects is true only when a common bit is set', () => {
    const a = new BitSet(70);
    const b = new BitSet(70);
    a.set(5);
    a.set(65);
    b.set(6);
    b.set(64);
    expect(a.intersects(b)).toBe(false);
    b.set(65);
    expect(a.intersects(b)).toBe(true);
    expect(b.intersects(a)).toBe(true);
  });

  it('intersects compares sets of different sizes over the shorter one', () => {
    const small = new BitSet(8);
    const big = new BitSet(200);
    big.set(150);
    small.set(3);
    expect(small.intersects(big)).toBe(false);
    big.set(3);
    expect(big.intersects(small)).toBe(true);
  });

  it('rejects a negative size', () => {
    expect(() => new BitSet(-1)).toThrow(RangeError);
  });
});
