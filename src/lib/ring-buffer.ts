/**
 * Growable FIFO queue of int32 values (node indexes) in one Int32Array: the scheduler's ready queue.
 *
 * State: `head` is the slot of the first item, `size` the number of items; item i lives at
 * `(head + i) & mask`. The capacity is always a power of two so wrapping is a mask, not a modulo.
 * push/pushFront grow (double and unwrap) when full; shift/clear never shrink. Unlike
 * `Array#shift`, nothing here is O(n) or allocates on the steady-state path.
 */
export class RingBuffer {
  private buf: Int32Array;
  private mask: number;
  private head = 0;
  private size = 0;

  /** @param capacity initial slots, rounded up to a power of two (minimum 4). */
  constructor(capacity = 16) {
    let cap = 4;
    while (cap < capacity) cap *= 2;
    this.buf = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of queued items. */
  get length(): number {
    return this.size;
  }

  /** Current slot count (grows by doubling). */
  get capacity(): number {
    return this.buf.length;
  }

  /** Append at the back. Values are stored as int32. */
  push(value: number): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = value;
    this.size++;
  }

  /** Insert at the front (next to be shifted). */
  pushFront(value: number): void {
    if (this.size === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = value;
    this.size++;
  }

  /** Remove and return the front item, or `undefined` when empty. */
  shift(): number | undefined {
    if (this.size === 0) return undefined;
    const value = this.buf[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return value;
  }

  /** Front item without removing it, or `undefined` when empty. */
  peek(): number | undefined {
    return this.size === 0 ? undefined : this.buf[this.head];
  }

  /** Item at position `index` from the front (0-based), or `undefined` out of range. */
  at(index: number): number | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return this.buf[(this.head + index) & this.mask];
  }

  /** Drop every item; keeps the capacity. */
  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Items front to back, as a new array (for reports and tests, not the hot path). */
  toArray(): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.buf[(this.head + i) & this.mask]!;
    return out;
  }

  private grow(): void {
    const old = this.buf;
    const next = new Int32Array(old.length * 2);
    // Unwrap: the tail part [head, end) then the wrapped part [0, head).
    const firstPart = old.subarray(this.head);
    next.set(firstPart, 0);
    next.set(old.subarray(0, this.head), firstPart.length);
    this.buf = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}
