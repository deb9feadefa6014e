/**
 * LRU cache keyed by content hash, bounded by entry count and by bytes (the caller states each
 * entry's size). States of an entry: absent -> present (set) -> most recent on every hit ->
 * evicted (least recent first) when either bound is exceeded, or replaced by a set of the same key.
 * A Map keeps insertion order, so re-inserting on a hit makes the first key the least recent.
 * The key may be a fast hash that is not collision resistant (content-key.ts): an entry stored
 * with its content bytes is a hit only for the same bytes (one memcmp, ~0.1 ms for 2 MB); a
 * colliding key is a miss, and the next set replaces the entry.
 */

export interface ContentCacheOptions {
  /** Maximum number of entries. */
  maxEntries: number;
  /** Maximum sum of entry sizes, in bytes. */
  maxBytes: number;
}

export interface ContentCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  entries: number;
  bytes: number;
}

interface Entry<T> { value: T; bytes: number; content: Uint8Array | undefined }

export class ContentCache<T> {
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #map = new Map<string, Entry<T>>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(opts: ContentCacheOptions) {
    this.#maxEntries = opts.maxEntries;
    this.#maxBytes = opts.maxBytes;
  }

  /** The entry for `hash`; when both the entry and the call carry content, they must be equal. */
  get(hash: string, content?: Uint8Array): T | undefined {
    const e = this.#map.get(hash);
    if (e === undefined || (content !== undefined && e.content !== undefined && !sameBytes(e.content, content))) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#map.delete(hash);
    this.#map.set(hash, e);
    return e.value;
  }

  has(hash: string): boolean {
    return this.#map.has(hash);
  }

  /** Whether set() would store an entry of this size (callers skip preparing one that would not be kept). */
  wouldKeep(bytes: number): boolean {
    return bytes <= this.#maxBytes && this.#maxEntries > 0;
  }

  /** Store a value; an entry larger than maxBytes on its own is not stored. Returns whether it was. */
  set(hash: string, value: T, bytes: number, content?: Uint8Array): boolean {
    const old = this.#map.get(hash);
    if (old !== undefined) {
      this.#map.delete(hash);
      this.#bytes -= old.bytes;
    }
    if (!this.wouldKeep(bytes)) return false;
    this.#map.set(hash, { value, bytes, content });
    this.#bytes += bytes;
    while (this.#map.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#map.keys().next().value as string;
      this.#bytes -= this.#map.get(oldest)!.bytes;
      this.#map.delete(oldest);
      this.#evictions++;
    }
    return true;
  }

  delete(hash: string): boolean {
    const e = this.#map.get(hash);
    if (e === undefined) return false;
    this.#bytes -= e.bytes;
    return this.#map.delete(hash);
  }

  clear(): void {
    this.#map.clear();
    this.#bytes = 0;
  }

  get stats(): ContentCacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, entries: this.#map.size, bytes: this.#bytes };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.length === b.length && Buffer.compare(a, b) === 0);
}
