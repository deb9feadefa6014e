import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgBin, startPostgres } from './postgres.js';
import type { PgCluster } from './postgres.js';

const hasPg = findPgBin() !== undefined || process.env.CI === 'true';

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.skipIf(!hasPg)('startPostgres', () => {
  let cluster: PgCluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('finds the highest installed version bin dir', () => {
    expect(findPgBin()).toMatch(/^\/usr\/lib\/postgresql\/\d+(\.\d+)?\/bin$/);
  });

  it('starts a cluster on 127.0.0.1, creates a database and removes everything on stop', async () => {
    cluster = await startPostgres();
    expect(cluster.host).toBe('127.0.0.1');
    expect(cluster.port).toBeGreaterThan(0);

    const url = await cluster.createDatabase('casare_support_check');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const res = await client.query<{ db: string; addr: string | null }>(
        'SELECT current_database() AS db, inet_server_addr()::text AS addr',
      );
      expect(res.rows[0]!.db).toBe('casare_support_check');
      expect(res.rows[0]!.addr).toMatch(/^127\.0\.0\.1/);
    } finally {
      await client.end();
    }
    await expect(cluster.createDatabase('Bad-Name; DROP')).rejects.toThrow(/bad test database name/);

    const { dataDir, port } = cluster;
    await cluster.stop();
    expect(existsSync(dataDir)).toBe(false);
    expect(await portAccepts(port)).toBe(false);
    await cluster.stop(); // second stop is a no-op
    cluster = undefined;
  });
});
