import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgAvailable, pgInfo, useTestDatabase } from './pg-database.js';

// Needs test/support/pg-global-setup.ts in vitest.config.ts globalSetup; skips without a cluster.
const db = useTestDatabase('pg_database_helper');

describe.skipIf(!pgAvailable())('useTestDatabase', () => {
  it('gives this file its own database in the shared cluster', async () => {
    const info = pgInfo()!;
    expect(info.host).toBe('127.0.0.1');
    expect(process.env.CASARE_TEST_PG_URL ?? info.connectionString).toBe(info.connectionString);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (id int)');
      await client.query('INSERT INTO t VALUES (1), (2)');
      const res = await client.query<{ db: string; n: string }>('SELECT current_database() AS db, count(*)::text AS n FROM t');
      expect(res.rows[0]).toEqual({ db: db.name, n: '2' });
      expect(db.name).toMatch(/^pg_database_helper_\d+_\d+_\d+$/);
    } finally {
      await client.end();
    }
  });
});
