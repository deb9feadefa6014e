/**
 * The opaque database handle that travels on `connection` ports (nodes.md §17.1, Casare: owned by
 * the run scope). It points at an engine-wide pg.Pool; between Begin and Commit/Rollback it holds
 * one client so every statement of the transaction runs on it (fixes the snapshot's QUIRK 1).
 *
 * States: open -> (begin) in transaction -> (commit/rollback) open -> (close or run end) closed.
 * The run scope's releaser rolls back an open transaction and returns the client, so a failed or
 * cancelled run never leaks a connection or leaves a transaction open.
 */
import type pg from 'pg';
import type { PgClientLease, PgPools, PgTarget } from '../../resources/pg-pools.js';
import type { Lease } from '../../resources/run-scope.js';

export class DbConnection {
  readonly dbType = 'postgresql';
  readonly #pools: PgPools;
  readonly #target: PgTarget;
  readonly #size: number;
  #held: PgClientLease | null = null;
  #closed = false;
  /** The scope registration; released by close(). */
  scopeLease: Lease | null = null;

  constructor(pools: PgPools, target: PgTarget, size: number) {
    this.#pools = pools;
    this.#target = target;
    this.#size = size;
  }

  get inTransaction(): boolean { return this.#held !== null; }
  get isClosed(): boolean { return this.#closed; }

  /** Run one statement: on the held client inside a transaction, else on any pooled client. */
  query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    this.#checkOpen();
    if (this.#held !== null) return this.#held.client.query(text, values);
    return this.#pools.pool(this.#target, this.#size).query(text, values);
  }

  /** Run `fn` on one client: the held one, or a client checked out for the call. */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.#checkOpen();
    if (this.#held !== null) return fn(this.#held.client);
    const lease = await this.#pools.acquire(this.#target, this.#size);
    try {
      const r = await fn(lease.client);
      lease.release();
      return r;
    } catch (e) {
      lease.release(e as Error);
      throw e;
    }
  }

  async begin(): Promise<void> {
    this.#checkOpen();
    if (this.#held !== null) throw new Error('Transaction already in progress');
    const lease = await this.#pools.acquire(this.#target, this.#size);
    try {
      await lease.client.query('BEGIN');
    } catch (e) {
      lease.release(e as Error);
      throw e;
    }
    this.#held = lease;
  }

  /** COMMIT or ROLLBACK the held client and give it back; without a transaction, nothing to do. */
  async end(commit: boolean): Promise<void> {
    this.#checkOpen();
    const lease = this.#held;
    if (lease === null) return;
    this.#held = null;
    try {
      await lease.client.query(commit ? 'COMMIT' : 'ROLLBACK');
      lease.release();
    } catch (e) {
      lease.release(e as Error);
      throw e;
    }
  }

  /** Roll back an open transaction, return its client, refuse further use. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const lease = this.#held;
    this.#held = null;
    this.#closed = true;
    if (lease !== null) {
      try {
        await lease.client.query('ROLLBACK');
        lease.release();
      } catch (e) {
        lease.release(e as Error);
      }
    }
    const s = this.scopeLease;
    this.scopeLease = null;
    if (s !== null) await s.release();
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('Connection is closed');
  }
}

export function isDbConnection(v: unknown): v is DbConnection {
  return v instanceof DbConnection;
}
