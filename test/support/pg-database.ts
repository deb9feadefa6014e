/**
 * Per-test-file database in the run's shared cluster (pg-global-setup.ts):
 *
 *   const db = useTestDatabase('http_nodes');       // at the top of a test file
 *   describe.skipIf(!pgAvailable())('...', () => { it('...', async () => { new pg.Client(db.url) ... }) })
 *
 * The database is created in beforeAll under a unique name and dropped in afterAll.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import pg from 'pg';
import { createDatabaseAt } from './postgres.js';
import type { PgConnectionInfo } from './postgres.js';

/** Connection info of the run's cluster, or null when no cluster was started. */
export function pgInfo(): PgConnectionInfo | null {
  return inject('casarePg') ?? null;
}

/** True when the run has a cluster (always under CI=true, where a missing one fails setup). */
export function pgAvailable(): boolean {
  return pgInfo() !== null;
}

export interface TestDatabase {
  /** Database name (valid after beforeAll). */
  readonly name: string;
  /** Connection string (valid after beforeAll). */
  readonly url: string;
}

let counter = 0;

/** Register hooks that create a fresh database for this file and drop it afterwards. */
export function useTestDatabase(prefix = 'test'): TestDatabase {
  const safe = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 30);
  const state = { name: '', url: '' };
  beforeAll(async () => {
    const info = pgInfo();
    if (!info) return;
    const name = `${safe}_${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`;
    await createDatabaseAt(info.connectionString, name);
    state.name = name;
    state.url = `postgresql://${info.user}@${info.host}:${info.port}/${name}`;
  });
  afterAll(async () => {
    const info = pgInfo();
    if (!info || !state.name) return;
    const client = new pg.Client({ connectionString: info.connectionString });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${state.name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  return {
    get name() {
      return state.name;
    },
    get url() {
      if (!state.url) throw new Error('test database not ready: use it inside tests (after beforeAll), with pgAvailable()');
      return state.url;
    },
  };
}
