/**
 * Strings -> their position in a list, as an open-addressing hash table in an Int32Array. It
 * replaces a Map<string, number> where a whole list is indexed at once (node ids of a workflow):
 * the table lives outside the JS heap, so indexing 10k ids allocates nothing the garbage collector
 * copies (a 10k-entry Map was ~0.9 MB of young objects per load, growth included).
 */
export interface ReadonlyIndex {
  readonly size: number;
  get(key: string): number | undefined;
  has(key: string): boolean;
}

/**
 * FNV-1a over UTF-16 units; ids are short, so the loop is cheaper than a Map's rehashing. Returned
 * as a signed int32 (a small integer to V8): `h >>> 0` above 2^31 would be a heap number per call.
 */
function hashOf(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

export class StringIndex implements ReadonlyIndex {
  /** The caller's list (never mutated) and the keys added after it. */
  readonly #base: readonly string[];
  readonly #extra: string[] = [];
  /** Slot -> key position + 1 (0 = empty). */
  #table = new Int32Array(0);
  #mask = 0;

  /** Indexes `keys` by position (the array is kept, not copied); a repeated key keeps its first position. */
  constructor(keys: readonly string[]) {
    this.#base = keys;
    this.#rebuild(keys.length);
  }

  get size(): number {
    return this.#base.length + this.#extra.length;
  }

  get(key: string): number | undefined {
    const base = this.#base;
    const table = this.#table;
    const mask = this.#mask;
    for (let slot = hashOf(key) & mask; ; slot = (slot + 1) & mask) {
      const p = table[slot]! - 1;
      if (p < 0) return undefined;
      if ((p < base.length ? base[p] : this.#extra[p - base.length]) === key) return p;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Appends `key` at position `size` unless present; returns its position. */
  add(key: string): number {
    const found = this.get(key);
    if (found !== undefined) return found;
    const pos = this.size;
    this.#extra.push(key);
    if ((pos + 1) * 2 > this.#table.length) this.#rebuild(pos + 1);
    else this.#place(key, pos);
    return pos;
  }

  /** Sizes the table for `n` keys at a load factor of at most 1/2 and places every key held. */
  #rebuild(n: number): void {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.#table = new Int32Array(cap);
    this.#mask = cap - 1;
    const base = this.#base;
    for (let i = 0; i < base.length; i++) this.#place(base[i]!, i);
    for (let i = 0; i < this.#extra.length; i++) this.#place(this.#extra[i]!, base.length + i);
  }

  /** One probe: stops at an equal key already placed (first position wins) or at an empty slot. */
  #place(key: string, pos: number): void {
    const table = this.#table;
    const mask = this.#mask;
    const base = this.#base;
    let slot = hashOf(key) & mask;
    for (let p = table[slot]! - 1; p >= 0; p = table[slot]! - 1) {
      if ((p < base.length ? base[p] : this.#extra[p - base.length]) === key) return;
      slot = (slot + 1) & mask;
    }
    table[slot] = pos + 1;
  }
}
