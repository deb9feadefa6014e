import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runNode } from '../../support/run-node.js';
import { findPgBin, startPostgres } from '../../support/postgres.js';
import type { PgCluster } from '../../support/postgres.js';
import { specs } from '../../../src/nodes/database/index.js';
import { createIoServices, resolveIoOptions } from '../../../src/resources/services.js';
import type { IoServices } from '../../../src/resources/services.js';
import { RunScope } from '../../../src/resources/run-scope.js';
import { DbConnection } from '../../../src/nodes/database/db-connection.js';
import { bindTemplates } from '../../../src/nodes/database/bind-templates.js';

const N = (t: string) => specs.find((s) => s.type === t)!;
const hasPg = findPgBin() !== undefined;

describe('bindTemplates', () => {
  it('binds references outside and inside literals, leaving %x% and plain text alone', () => {
    const vals: Record<string, unknown> = { '{{a}}': 5, '{{ b }}': "x'y", '${c}': 'z' };
    const r = bindTemplates("SELECT * FROM t WHERE id = {{a}} AND n = '{{ b }}' AND s LIKE '%p{{a}}%' AND q = '${c}' AND l LIKE '%lit%'", 2, (k) => vals[k]);
    expect(r.text).toBe("SELECT * FROM t WHERE id = $2 AND n = $3 AND s LIKE '%p' || $4::text || '%' AND q = $5 AND l LIKE '%lit%'");
    expect(r.values).toEqual([5, "x'y", 5, 'z']);
    expect(bindTemplates("SELECT 'it''s'", 1, () => 0)).toEqual({ text: "SELECT 'it''s'", values: [] });
  });
});

describe.skipIf(!hasPg)('database nodes on PostgreSQL', () => {
  let cluster: PgCluster;
  let url = '';
  let io: IoServices;
  let dir = '';
  let admin: pg.Client;

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase('casare_db_nodes');
    io = createIoServices(resolveIoOptions({ pg: { maxPerTarget: 4 } }));
    dir = await mkdtemp(join(tmpdir(), 'casare-db-'));
    admin = new pg.Client(url);
    await admin.connect();
    await admin.query('CREATE TABLE items (id int PRIMARY KEY, name text, meta jsonb)');
    await admin.query('CREATE TABLE victims (x int)');
  });

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await io?.close();
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function connect(scope: RunScope, extra: Record<string, unknown> = {}): Promise<DbConnection> {
    const r = await runNode(N('DatabaseConnectNode'), {
      config: { db_type: 'PostgreSQL', connection_string: url, ...extra }, services: { io, scope } });
    expect(r.error).toBeUndefined();
    return r.outputs['connection'] as DbConnection;
  }

  it('connects, inserts with parameters, selects rows, columns and counts', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const ins = await runNode(N('ExecuteNonQueryNode'), {
      inputs: { connection }, config: { query: 'INSERT INTO items (id, name) VALUES ($1, $2), ($3, $4)', parameters: [1, 'a', 2, 'b'] },
      services: { io, scope } });
    expect(ins.outputs['rows_affected']).toBe(2);
    const q = await runNode(N('ExecuteQueryNode'), {
      inputs: { connection }, config: { query: 'SELECT id, name FROM items WHERE id <= {{max}} ORDER BY id' },
      variables: { max: 2 }, services: { io, scope } });
    expect(q.outputs['results']).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
    expect(q.outputs['row_count']).toBe(2);
    expect(q.outputs['columns']).toEqual(['id', 'name']);
    await scope.close();
    expect(io.stats().pg.inUse).toBe(0);
  });

  it("binds a template value, so '; DROP TABLE victims; -- is inert", async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const evil = "x'; DROP TABLE victims; --";
    const r = await runNode(N('ExecuteNonQueryNode'), {
      inputs: { connection }, config: { query: "INSERT INTO items (id, name) VALUES (100, '{{evil}}')" },
      variables: { evil }, services: { io, scope } });
    expect(r.error).toBeUndefined();
    const back = await admin.query('SELECT name FROM items WHERE id = 100');
    expect(back.rows[0].name).toBe(evil);
    const still = await admin.query("SELECT to_regclass('victims') AS t");
    expect(still.rows[0].t).toBe('victims');
    await scope.close();
  });

  it('passes the SQLSTATE of bad SQL through in the failure', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const r = await runNode(N('ExecuteQueryNode'), { inputs: { connection }, config: { query: 'SELECT * FROM no_such_table' }, services: { io, scope } });
    expect(r.ok).toBe(false);
    expect(r.error!.message).toBe('Query execution error: relation "no_such_table" does not exist');
    expect(r.error!.errorType).toBe('PostgresError');
    expect(r.outputs['success']).toBe(false);
    let caught: unknown;
    try {
      await N('ExecuteQueryNode').run({ ...fakeCtx(connection, 'SELEC 1'), services: { fileRoot: null, env: {}, io, scope } } as never);
    } catch (e) { caught = e; }
    expect((caught as { sqlState: string }).sqlState).toBe('42601');
    await scope.close();
  });

  it('rejects unsupported database types and a server that is down', async () => {
    const scope = new RunScope();
    const r = await runNode(N('DatabaseConnectNode'), { config: { db_type: 'oracle' }, services: { io, scope } });
    expect(r.error!.message).toBe('Database connection error: Unsupported database type: oracle');
    const down = await runNode(N('DatabaseConnectNode'), {
      config: { db_type: 'postgresql', host: '127.0.0.1', port: 1, database: 'x', username: 'postgres' }, services: { io, scope } });
    expect(down.ok).toBe(false);
    expect(down.error!.message).toMatch(/^Database connection error: .*ECONNREFUSED/);
    await scope.close();
  });

  it('commits a transaction and rolls back on failure and at run end', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const s = { io, scope };
    await runNode(N('BeginTransactionNode'), { inputs: { connection }, services: s });
    expect(connection.inTransaction).toBe(true);
    const again = await runNode(N('BeginTransactionNode'), { inputs: { connection }, services: s });
    expect(again.error!.message).toBe('Begin transaction error: Transaction already in progress');
    await runNode(N('ExecuteNonQueryNode'), { inputs: { connection }, config: { query: 'INSERT INTO items (id) VALUES (200)' }, services: s });
    await runNode(N('CommitTransactionNode'), { inputs: { connection }, services: s });
    expect((await admin.query('SELECT 1 FROM items WHERE id = 200')).rowCount).toBe(1);

    await runNode(N('BeginTransactionNode'), { inputs: { connection }, services: s });
    await runNode(N('ExecuteNonQueryNode'), { inputs: { connection }, config: { query: 'INSERT INTO items (id) VALUES (201)' }, services: s });
    await runNode(N('RollbackTransactionNode'), { inputs: { connection }, services: s });
    expect((await admin.query('SELECT 1 FROM items WHERE id = 201')).rowCount).toBe(0);

    // A run that fails mid-transaction: the scope rolls back and returns the client.
    await runNode(N('BeginTransactionNode'), { inputs: { connection }, services: s });
    await runNode(N('ExecuteNonQueryNode'), { inputs: { connection }, config: { query: 'INSERT INTO items (id) VALUES (202)' }, services: s });
    const bad = await runNode(N('ExecuteNonQueryNode'), { inputs: { connection }, config: { query: 'INSERT INTO items (id) VALUES (202)' }, services: s });
    expect(bad.error!.message).toMatch(/^Statement execution error: duplicate key/);
    expect(io.stats().pg.inUse).toBe(1);
    await scope.close();
    expect(io.stats().pg.inUse).toBe(0);
    expect((await admin.query('SELECT 1 FROM items WHERE id = 202')).rowCount).toBe(0);
    expect(connection.isClosed).toBe(true);
  });

  it('runs a batch, reporting the failing statement', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const r = await runNode(N('ExecuteBatchNode'), {
      inputs: { connection }, config: { statements: ['INSERT INTO items (id) VALUES (300)', 'INSERT INTO nope VALUES (1)', 'INSERT INTO items (id) VALUES (301)'] },
      services: { io, scope } });
    expect(r.ok).toBe(false);
    expect(r.outputs['error']).toBe('Statement 1: relation "nope" does not exist');
    expect((r.outputs['results'] as unknown[]).length).toBe(2);
    expect((await admin.query('SELECT 1 FROM items WHERE id IN (300, 301)')).rowCount).toBe(1);
    await scope.close();
  });

  it('bulk-inserts 20k rows with COPY and streams them back in batches', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    await admin.query('CREATE TABLE bulk (id int, label text, note text)');
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: i, label: `row\t${i}\n`, note: i % 7 === 0 ? null : 'x\\y' }));
    const b = await runNode(N('DatabaseBulkInsertNode'), { inputs: { connection, rows }, config: { table_name: 'bulk' }, services: { io, scope } });
    expect(b.error).toBeUndefined();
    expect(b.outputs['rows_affected']).toBe(20_000);
    const check = await admin.query('SELECT label, note FROM bulk WHERE id = 7');
    expect(check.rows[0]).toEqual({ label: 'row\t7\n', note: null });
    const out = join(dir, 'bulk.ndjson');
    const s = await runNode(N('DatabaseStreamQueryNode'), {
      inputs: { connection }, config: { query: 'SELECT id FROM bulk WHERE id >= $1 ORDER BY id', parameters: [10], batch_size: 3000, output_path: out },
      services: { io, scope } });
    expect(s.error).toBeUndefined();
    expect(s.outputs['row_count']).toBe(19_990);
    expect(s.outputs['batch_count']).toBe(7);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines.length).toBe(19_990);
    expect(JSON.parse(lines[0]!)).toEqual({ id: 10 });
    await scope.close();
    expect(io.stats().pg.inUse).toBe(0);
  });

  it('reconnects after the server restarts', async () => {
    const scope = new RunScope();
    const connection = await connect(scope);
    const q = () => runNode(N('ExecuteQueryNode'), { inputs: { connection }, config: { query: 'SELECT 1 AS one' }, services: { io, scope } });
    expect((await q()).outputs['results']).toEqual([{ one: 1 }]);
    await admin.end().catch(() => undefined);
    execFileSync('runuser', ['-u', 'postgres', '--', join(findPgBin()!, 'pg_ctl'), '-D', cluster.dataDir, '-m', 'fast', '-w', 'restart'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 100));
    const after = await q();
    expect(after.error).toBeUndefined();
    expect(after.outputs['results']).toEqual([{ one: 1 }]);
    admin = new pg.Client(url);
    await admin.connect();
    await scope.close();
  });

  it('leaves no client in use after 50 runs, failing ones included', async () => {
    const createdBefore = io.stats().pg.created;
    for (let i = 0; i < 50; i++) {
      const scope = new RunScope();
      const connection = await connect(scope);
      await runNode(N('BeginTransactionNode'), { inputs: { connection }, services: { io, scope } });
      await runNode(N('ExecuteQueryNode'), { inputs: { connection }, config: { query: i % 2 ? 'SELECT 1' : 'SELECT bad' }, services: { io, scope } });
      await scope.close();
      expect(scope.liveCount).toBe(0);
    }
    const st = io.stats().pg;
    expect(st.inUse).toBe(0);
    expect(st.waiting).toBe(0);
    // One pool per target, reused by every run.
    expect(st.created).toBe(createdBefore);
  });
});

function fakeCtx(connection: unknown, query: string) {
  return {
    nodeId: 'n', nodeType: 'ExecuteQueryNode', param: (k: string) => (k === 'query' ? query : null),
    port: (k: string) => (k === 'connection' ? connection : null), configRaw: (k: string) => (k === 'query' ? query : undefined),
    hasConfig: () => true, resolve: (v: unknown) => v, out: () => undefined, vars: { get: () => undefined },
    log: () => undefined, signal: new AbortController().signal, cwd: process.cwd(),
  };
}
