/**
 * A small bounded least-recently-used cache on top of Map's insertion order: a hit moves the key
 * to the back, an insert past the bound evicts the front. Used to cache compiled templates,
 * expressions, regexes and format strings keyed by their source text.
 */
export class LruCache<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();

  constructor(maxEntries: number) {
    this.#max = Math.max(1, maxEntries);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const map = this.#map;
    const v = map.get(key);
    if (v === undefined) return undefined;
    // Re-inserting is only worth it when the key is not already the most recent; checking that
    // costs more than it saves, so always move it.
    map.delete(key);
    map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    const map = this.#map;
    if (map.has(key)) map.delete(key);
    else if (map.size >= this.#max) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, value);
  }

  clear(): void {
    this.#map.clear();
  }
}
