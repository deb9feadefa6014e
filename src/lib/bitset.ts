/**
 * Fixed-size bitset over a Uint32Array: per-node flags (done, skipped, reachable) indexed by the
 * compiled node index. Out-of-range indexes are ignored by set/clear and read as false by has.
 */
export class BitSet {
  readonly size: number;
  private readonly words: Uint32Array;

  /** @param size number of bits (indexes 0 .. size-1). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`BitSet size must be a non-negative integer, got ${size}`);
    this.size = size;
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  set(index: number): void {
    if (index >= 0 && index < this.size) this.words[index >>> 5]! |= 1 << (index & 31);
  }

  clear(index: number): void {
    if (index >= 0 && index < this.size) this.words[index >>> 5]! &= ~(1 << (index & 31));
  }

  has(index: number): boolean {
    if (index < 0 || index >= this.size) return false;
    return (this.words[index >>> 5]! & (1 << (index & 31))) !== 0;
  }

  /** Set every bit (bits past `size` in the last word stay clear so count/intersects stay exact). */
  fill(): void {
    this.words.fill(0xffffffff);
    const rest = this.size & 31;
    if (rest !== 0) this.words[this.words.length - 1] = (2 ** rest - 1) >>> 0;
  }

  clearAll(): void {
    this.words.fill(0);
  }

  /** True when some index is set in both sets (sets of different sizes compare over the shorter). */
  intersects(other: BitSet): boolean {
    const a = this.words;
    const b = other.words;
    const n = a.length < b.length ? a.length : b.length;
    for (let i = 0; i < n; i++) if ((a[i]! & b[i]!) !== 0) return true;
    return false;
  }

  /** Number of set bits. */
  count(): number {
    let total = 0;
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let v = w[i]!;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return total;
  }
}
