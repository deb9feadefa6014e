/**
 * Question: how close does the DatabaseBulkInsertNode (a Connect + BulkInsert workflow through
 * engine.run) come to a hand-written pg-copy-streams COPY of the same rows?
 * Baseline: raw COPY ... FROM STDIN on one connected pg.Client, rows encoded to COPY text and
 * written in 64 KiB chunks. Goal (issue 5): the node reaches ≥ 80 % of raw COPY throughput
 * (median ratio ≤ 1.25). Starts its own throwaway PostgreSQL cluster (test/support/postgres.ts)
 * and stops it at the end; each iteration starts from an empty table (TRUNCATE, not timed).
 */
import { pathToFileURL } from 'node:url';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { runSuite, isSmoke } from './support/harness.js';
import { createEngine } from '../src/index.js';
import { startPostgres } from '../test/support/postgres.js';
// postgres.ts augments vitest's ProvidedContext; without vitest in this program tsc cannot resolve
// the augmented module (TS2664). A type-only import keeps it resolvable and emits nothing.
import type {} from 'vitest';

const smoke = isSmoke();
const ROWS = smoke ? 500 : 50_000;
const CHUNK_BYTES = 64 * 1024;

interface Row { id: number; name: string; qty: number; note: string | null }

function makeRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: i, name: `item\t${i}`, qty: (i * 7) % 1000, note: i % 10 === 0 ? null : `note ${i} \\ x` }));
}

const ESC = /[\\\t\n\r]/g;
const ESC_MAP: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const text = (s: string | null): string => (s === null ? '\\N' : s.replace(ESC, (c) => ESC_MAP[c]!));

/** The raw baseline: what a careful hand-written COPY looks like. */
async function rawCopy(client: pg.Client, rows: readonly Row[]): Promise<void> {
  const stream = client.query(copyStreams.from('COPY raw_rows (id, name, qty, note) FROM STDIN'));
  const done = finished(stream);
  let buf = '';
  for (const r of rows) {
    buf += `${r.id}\t${text(r.name)}\t${r.qty}\t${text(r.note)}\n`;
    if (buf.length >= CHUNK_BYTES) {
      if (!stream.write(buf)) await Promise.race([once(stream, 'drain'), done]);
      buf = '';
    }
  }
  stream.end(buf);
  await done;
}

export async function main(): Promise<void> {
  const cluster = await startPostgres();
  const engine = createEngine({ monitorEventLoop: false, retainLogs: false, retainOutputs: 'all' });
  let admin: pg.Client | null = null;
  let raw: pg.Client | null = null;
  try {
    const url = await cluster.createDatabase('casare_bench_io');
    admin = new pg.Client({ connectionString: url });
    raw = new pg.Client({ connectionString: url });
    await Promise.all([admin.connect(), raw.connect()]);
    const ddl = '(id int NOT NULL, name text NOT NULL, qty int NOT NULL, note text)';
    await admin.query(`CREATE TABLE raw_rows ${ddl}; CREATE TABLE node_rows ${ddl}`);
    const rows = makeRows(ROWS);
    const plan = (await engine.load(Buffer.from(JSON.stringify({
      metadata: { name: 'io-pg-bench' },
      nodes: {
        conn: { node_id: 'conn', node_type: 'DatabaseConnectNode', config: { db_type: 'postgresql', connection_string: url } },
        bulk: { node_id: 'bulk', node_type: 'DatabaseBulkInsertNode', config: { table_name: 'node_rows', columns: ['id', 'name', 'qty', 'note'], rows: '{{rows}}' } },
      },
      connections: [
        { source_node: 'conn', source_port: 'exec_out', target_node: 'bulk', target_port: 'exec_in' },
        { source_node: 'conn', source_port: 'connection', target_node: 'bulk', target_port: 'connection' },
      ],
    })))).plan;

    // Both paths must store the same data.
    await rawCopy(raw, rows);
    const check = await engine.run(plan, { variables: { rows } });
    if (check.status !== 'success' || check.outputs['bulk']?.['rows_affected'] !== ROWS) throw new Error(`bulk insert failed: ${JSON.stringify(check.error)}`);
    const diff = await admin.query('SELECT count(*)::int AS c FROM ((TABLE raw_rows EXCEPT TABLE node_rows) UNION ALL (TABLE node_rows EXCEPT TABLE raw_rows)) d');
    if (diff.rows[0].c !== 0) throw new Error('node and raw COPY stored different rows');

    const truncate = (table: string) => ({ beforeEach: async () => { await admin!.query(`TRUNCATE ${table}`); } });
    const report = await runSuite('io-pg-bulk-insert', {
      [`raw pg-copy-streams COPY: ${ROWS} rows`]: { fn: () => rawCopy(raw!, rows), opts: truncate('raw_rows') },
      [`casare: Connect + DatabaseBulkInsertNode: ${ROWS} rows`]: { fn: async () => { await engine.run(plan, { variables: { rows } }); }, opts: truncate('node_rows') },
    }, { time: smoke ? 10 : 3000, warmup: 1000, iterations: smoke ? 2 : 10, notes: { rows: ROWS, columns: 4, chunkBytes: CHUNK_BYTES } });
    const ratio = report.tasks[1]!.ratio;
    console.log(`bulk-insert node throughput: ${(100 / ratio).toFixed(0)} % of raw COPY (goal ≥ 80 %); ` +
      `${(ROWS / (report.tasks[1]!.medianMs / 1000)).toFixed(0)} rows/s vs ${(ROWS / (report.tasks[0]!.medianMs / 1000)).toFixed(0)} rows/s`);
  } finally {
    await raw?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await engine.close();
    await cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
