/**
 * An append-only record that keeps its first `limit/2` entries and its last `limit/2`, counting what
 * fell in between. A loop over millions of items appends millions of trace entries and log records:
 * kept whole, they would grow the heap with items × nodes; the head shows how the run started, the
 * tail where it ended (or failed).
 */
export class BoundedLog<T> {
  readonly #head: T[] = [];
  readonly #tail: T[] = [];
  readonly #half: number;
  #next = 0;
  #dropped = 0;

  /** `limit` = entries kept (>= 2); Infinity keeps everything. */
  constructor(limit: number) {
    this.#half = Math.max(1, Math.floor(limit / 2));
  }

  push(v: T): void {
    if (this.#head.length < this.#half) {
      this.#head.push(v);
      return;
    }
    if (this.#tail.length < this.#half) {
      this.#tail.push(v);
      return;
    }
    this.#tail[this.#next] = v; // ring: overwrite the oldest tail entry
    this.#next = this.#next + 1 === this.#half ? 0 : this.#next + 1;
    this.#dropped++;
  }

  /** Entries appended so far, kept or not. */
  get total(): number {
    return this.#head.length + this.#tail.length + this.#dropped;
  }

  /** Entries dropped from the middle. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Kept entries in append order, mapped. */
  map<U>(f: (v: T) => U): U[] {
    const out: U[] = new Array(this.#head.length + this.#tail.length);
    let k = 0;
    for (const v of this.#head) out[k++] = f(v);
    for (let j = 0; j < this.#tail.length; j++) out[k++] = f(this.#tail[(this.#next + j) % this.#tail.length]!);
    return out;
  }

  toArray(): T[] {
    return this.map((v) => v);
  }
}
