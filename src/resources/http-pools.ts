/**
 * HTTP pools: one undici `Pool` per origin (measured: `Pool.request` 4-5x faster than `fetch` here),
 * at most `connectionsPerHost` sockets each; requests beyond that queue inside the pool (waiting,
 * not failure). Origins are kept in LRU order; past `maxOrigins` the least recently used pool is
 * closed (an eviction). Every pool connects through the SSRF guard's lookup.
 *
 * States: open -> closed. `close()` drains every pool and is idempotent; `get()` after close throws
 * CASARE_E_ENGINE_CLOSED.
 */
import type { Pool } from 'undici';
import { lazyRequire } from '../lib/lazy-require.js';

const undici = lazyRequire<typeof import('undici')>('undici');
import { CasareError } from '../errors.js';
import type { SsrfGuard } from './ssrf-guard.js';

export interface HttpPoolStats {
  /** Origins with a live pool. */
  size: number;
  /** Requests running on a socket now, summed over origins. */
  inUse: number;
  /** Requests queued for a free socket. */
  waiting: number;
  /** Open sockets. */
  connected: number;
  created: number;
  evicted: number;
}

export interface HttpPoolsOptions {
  connectionsPerHost: number;
  guard: SsrfGuard;
  /** @default 256 */
  maxOrigins?: number;
}

export class HttpPools {
  readonly #pools = new Map<string, Pool>();
  readonly #opts: HttpPoolsOptions;
  readonly #maxOrigins: number;
  #created = 0;
  #evicted = 0;
  #closing: Promise<void> | null = null;

  constructor(opts: HttpPoolsOptions) {
    this.#opts = opts;
    this.#maxOrigins = opts.maxOrigins ?? 256;
  }

  get guard(): SsrfGuard {
    return this.#opts.guard;
  }

  /** The pool for an origin (`http://host:port`), created on first use. */
  get(origin: string): Pool {
    if (this.#closing !== null) throw new CasareError('CASARE_E_ENGINE_CLOSED', 'HTTP pools are closed');
    let pool = this.#pools.get(origin);
    if (pool !== undefined) {
      // Map order is LRU order: move to the end on use.
      this.#pools.delete(origin);
      this.#pools.set(origin, pool);
      return pool;
    }
    pool = new (undici().Pool)(origin, {
      connections: this.#opts.connectionsPerHost,
      connect: { lookup: this.#opts.guard.lookup },
      keepAliveTimeout: 4_000,
    });
    pool.on('connectionError', () => undefined);
    this.#pools.set(origin, pool);
    this.#created++;
    if (this.#pools.size > this.#maxOrigins) {
      const [oldest, old] = this.#pools.entries().next().value as [string, Pool];
      this.#pools.delete(oldest);
      this.#evicted++;
      void old.close().catch(() => undefined);
    }
    return pool;
  }

  stats(): HttpPoolStats {
    let inUse = 0, waiting = 0, connected = 0;
    for (const p of this.#pools.values()) {
      const s = p.stats;
      inUse += s.running;
      waiting += s.pending;
      connected += s.connected;
    }
    return { size: this.#pools.size, inUse, waiting, connected, created: this.#created, evicted: this.#evicted };
  }

  /** Drain and close every pool. Idempotent. */
  close(): Promise<void> {
    if (this.#closing === null) {
      const all = [...this.#pools.values()];
      this.#pools.clear();
      this.#closing = Promise.all(all.map((p) => p.close())).then(() => undefined);
    }
    return this.#closing;
  }

  /** Close sockets now, failing in-flight requests. */
  async destroy(): Promise<void> {
    const all = [...this.#pools.values()];
    this.#pools.clear();
    this.#closing ??= Promise.resolve();
    await Promise.all(all.map((p) => p.destroy()));
  }
}
