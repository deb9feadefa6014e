import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../src/lib/ring-buffer.js';

describe('RingBuffer', () => {
  it('shifts items in push order and returns undefined when empty', () => {
    const q = new RingBuffer(4);
    expect(q.shift()).toBeUndefined();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(q.length).toBe(3);
    expect(q.shift()).toBe(1);
    expect(q.shift()).toBe(2);
    expect(q.shift()).toBe(3);
    expect(q.shift()).toBeUndefined();
    expect(q.length).toBe(0);
  });

  it('pushFront puts an item ahead of the queue', () => {
    const q = new RingBuffer(4);
    q.push(10);
    q.push(11);
    q.pushFront(9);
    q.pushFront(8);
    expect(q.toArray()).toEqual([8, 9, 10, 11]);
    expect(q.peek()).toBe(8);
  });

  it('grows past its capacity while wrapped and keeps order', () => {
    const q = new RingBuffer(4);
    // Move head to the middle so the data wraps before growing.
    for (let i = 0; i < 3; i++) q.push(i);
    q.shift();
    q.shift();
    for (let i = 3; i < 40; i++) q.push(i);
    q.pushFront(1);
    expect(q.capacity).toBeGreaterThanOrEqual(39);
    const expected = [1];
    for (let i = 2; i < 40; i++) expected.push(i);
    expect(q.toArray()).toEqual(expected);
    expect(q.at(0)).toBe(1);
    expect(q.at(q.length - 1)).toBe(39);
    expect(q.at(q.length)).toBeUndefined();
  });

  it('matches an array model under a random mix of operations', () => {
    const q = new RingBuffer(4);
    const model: number[] = [];
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let step = 0; step < 5000; step++) {
      const r = rnd();
      const v = (rnd() * 2 ** 31) | 0;
      if (r < 0.4) {
        q.push(v);
        model.push(v);
      } else if (r < 0.55) {
        q.pushFront(v);
        model.unshift(v);
      } else if (r < 0.98) {
        expect(q.shift()).toBe(model.shift());
      } else {
        q.clear();
        model.length = 0;
      }
      expect(q.length).toBe(model.length);
    }
    expect(q.toArray()).toEqual(model);
  });

  it('clear empties the queue and keeps working afterwards', () => {
    const q = new RingBuffer(4);
    for (let i = 0; i < 10; i++) q.push(i);
    const cap = q.capacity;
    q.clear();
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    q.push(42);
    expect(q.toArray()).toEqual([42]);
    expect(q.capacity).toBe(cap);
  });

  it('stores values as int32', () => {
    const q = new RingBuffer();
    q.push(-7);
    q.push(2 ** 31 - 1);
    expect(q.toArray()).toEqual([-7, 2 ** 31 - 1]);
  });
});
