/**
 * An append-only record that keeps its first `limit/2` entries and its last `limit - limit/2`,
 * counting what fell in between. A loop over millions of items appends millions of trace entries
 * and log records: kept whole, they would grow the heap with items × nodes; the head shows how the
 * run started, the tail where it ended (or failed).
 *
 * One array: [0, half) is the head; [half, limit) a ring holding the tail, its oldest entry at `ring`.
 */
export class BoundedLog<T> {
  readonly #buf: T[] = [];
  readonly #limit: number;
  readonly #half: number;
  #ring: number;
  #total = 0;

  /** `limit` = entries kept (>= 2); Infinity keeps everything. */
  constructor(limit: number) {
    this.#limit = Math.max(2, limit);
    this.#half = Math.floor(this.#limit / 2);
    this.#ring = this.#half;
  }

  push(v: T): void {
    if (this.#total++ < this.#limit) {
      this.#buf.push(v);
      return;
    }
    this.#buf[this.#ring] = v; // overwrite the oldest tail entry
    if (++this.#ring === this.#limit) this.#ring = this.#half;
  }

  /** Entries appended so far, kept or not. */
  get total(): number {
    return this.#total;
  }

  /** Entries dropped from the middle. */
  get dropped(): number {
    return Math.max(0, this.#total - this.#limit);
  }

  /** Kept entries in append order, mapped. */
  map<U>(f: (v: T) => U): U[] {
    const buf = this.#buf;
    if (this.#total <= this.#limit) return buf.map((v) => f(v));
    const out: U[] = new Array(buf.length);
    let k = 0;
    for (let j = 0; j < this.#half; j++) out[k++] = f(buf[j]!);
    for (let j = this.#ring; j < buf.length; j++) out[k++] = f(buf[j]!);
    for (let j = this.#half; j < this.#ring; j++) out[k++] = f(buf[j]!);
    return out;
  }

  toArray(): T[] {
    return this.map((v) => v);
  }
}
