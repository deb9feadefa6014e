/**
 * vitest globalSetup: ONE throwaway PostgreSQL cluster per test run, shared by every test file
 * (each file makes its own database with `useTestDatabase()` from pg-database.ts).
 * Publishes the connection info as `inject('casarePg')` (null when PostgreSQL is not installed
 * and CI is not set) and as CASARE_TEST_PG_URL for child processes.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, startPostgres } from './postgres.js';
import type { PgCluster, PgConnectionInfo } from './postgres.js';

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!findPgBin() && process.env.CI !== 'true') {
    // A developer machine without PostgreSQL: pg tests skip themselves. CI always starts one.
    project.provide('casarePg', null);
    return;
  }
  cluster = await startPostgres();
  const info: PgConnectionInfo = {
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    connectionString: cluster.connectionString,
  };
  project.provide('casarePg', info);
  process.env.CASARE_TEST_PG_URL = info.connectionString;
}

export async function teardown(): Promise<void> {
  const c = cluster;
  cluster = undefined;
  await c?.stop();
}
