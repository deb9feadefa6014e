/**
 * PostgreSQL pools: one `pg.Pool` per connection target (connection string or host/port/db/user),
 * shared by nodes and runs, at most `maxPerTarget` clients each; acquires beyond that wait inside
 * pg.Pool (waiting, not failure) up to `acquireTimeoutMs`. Idle clients close after `idleMs`
 * (pg's timer is unref'ed with `allowExitOnIdle`). After a server restart the pool's idle clients
 * error out and are dropped (the 'error' listener below keeps that from crashing the process); a
 * client that fails with a connection-level error is destroyed on release, so the next acquire
 * opens a fresh connection.
 *
 * States: open -> closed; `close()` ends every pool and is idempotent.
 */
import type pg from 'pg';
import { lazyRequire } from '../lib/lazy-require.js';

const pgLib = lazyRequire<typeof import('pg')>('pg');
import { CasareError } from '../errors.js';

export interface PgTarget {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
}

export interface PgPoolStats {
  /** Targets with a live pool. */
  size: number;
  /** Clients checked out now, summed over targets. */
  inUse: number;
  idle: number;
  waiting: number;
  created: number;
  evicted: number;
}

export interface PgPoolsOptions {
  maxPerTarget: number;
  /** @default 10000 */
  idleMs?: number;
  /** @default 30000 */
  acquireTimeoutMs?: number;
}

/** A checked-out client. `release(err)` destroys it instead of returning it to the pool. */
export interface PgClientLease {
  readonly client: pg.PoolClient;
  release(err?: Error): void;
}

export class PgPools {
  readonly #pools = new Map<string, pg.Pool>();
  readonly #opts: Required<PgPoolsOptions>;
  #created = 0;
  #evicted = 0;
  #closing: Promise<void> | null = null;

  constructor(opts: PgPoolsOptions) {
    this.#opts = { idleMs: 10_000, acquireTimeoutMs: 30_000, ...opts };
  }

  /** Stable key for a target: the connection string, else the fields (kept in memory only, never logged). */
  static keyOf(t: PgTarget): string {
    return t.connectionString ? `url:${t.connectionString}` :
      `f:${t.host ?? ''}\u0000${t.port ?? ''}\u0000${t.database ?? ''}\u0000${t.user ?? ''}\u0000${t.password ?? ''}`;
  }

  /** The pool for a target; `size` (a node's pool_size) may lower, never raise, maxPerTarget. */
  pool(target: PgTarget, size?: number): pg.Pool {
    if (this.#closing !== null) throw new CasareError('CASARE_E_ENGINE_CLOSED', 'PostgreSQL pools are closed');
    const key = PgPools.keyOf(target);
    let p = this.#pools.get(key);
    if (p !== undefined) return p;
    const max = Math.max(1, Math.min(size ?? this.#opts.maxPerTarget, this.#opts.maxPerTarget));
    p = new (pgLib().Pool)({
      ...(target.connectionString ? { connectionString: target.connectionString } : {
        host: target.host, port: target.port, database: target.database, user: target.user, password: target.password,
      }),
      max,
      idleTimeoutMillis: this.#opts.idleMs,
      connectionTimeoutMillis: this.#opts.acquireTimeoutMs,
      allowExitOnIdle: true,
    });
    // An idle client dying (server restart, admin shutdown) is reported here; pg.Pool drops it.
    p.on('error', () => { this.#evicted++; });
    this.#pools.set(key, p);
    this.#created++;
    return p;
  }

  /** Check out one client of a target's pool. */
  async acquire(target: PgTarget, size?: number): Promise<PgClientLease> {
    const client = await this.pool(target, size).connect();
    let done = false;
    return {
      client,
      release(err?: Error) {
        if (done) return;
        done = true;
        client.release(err === undefined ? undefined : isConnectionError(err) ? err : undefined);
      },
    };
  }

  stats(): PgPoolStats {
    let inUse = 0, idle = 0, waiting = 0;
    for (const p of this.#pools.values()) {
      inUse += p.totalCount - p.idleCount;
      idle += p.idleCount;
      waiting += p.waitingCount;
    }
    return { size: this.#pools.size, inUse, idle, waiting, created: this.#created, evicted: this.#evicted };
  }

  /** End every pool (waits for checked-out clients to come back). Idempotent. */
  close(): Promise<void> {
    if (this.#closing === null) {
      const all = [...this.#pools.values()];
      this.#pools.clear();
      this.#closing = Promise.all(all.map((p) => p.end().catch(() => undefined))).then(() => undefined);
    }
    return this.#closing;
  }
}

/** Errors after which a client must not be reused: socket-level, or SQLSTATE class 08 / 57P0x. */
export function isConnectionError(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return true;
  return code.startsWith('08') || code.startsWith('57P') || code.startsWith('E');
}
