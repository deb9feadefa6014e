/**
 * A streamed batch pipeline into PostgreSQL through COPY (DatabaseBulkInsertNode), against the run's
 * real cluster: CSV.gz read in batches -> BatchMapNode -> COPY per batch. The table ends up with
 * exactly the reference rows (count and checksum computed from the generated data); a failing
 * batch leaves the batches before it in the table and the reader's row_offset says where to resume.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEngine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import { pgAvailable, useTestDatabase } from '../../support/pg-database.js';
import { checksum, genRows, toCsv, writeCompressed } from './generate.js';
import { workflow } from './workflow.js';

registerNodes(specs);

const db = useTestDatabase('batch_pg');
const N = 12_000;
const rows = genRows(N, 5);

/** connect; read -> map (amount as a number) -> COPY -> loop end. */
function copyPipeline(url: string, read: Record<string, unknown>, table: string): Buffer {
  return workflow([
    ['start', 'StartNode'],
    ['conn', 'DatabaseConnectNode', { db_type: 'postgresql', connection_string: url }],
    ['read', 'BatchReadStartNode', read],
    ['map', 'BatchMapNode', { required: ['id'], columns: { amount: 'float(amount)' } }],
    ['copy', 'DatabaseBulkInsertNode', { table_name: table, columns: ['id', 'name', 'amount', 'city'] }],
    ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
    ['end', 'EndNode'],
  ], [
    'start.exec_out>conn.exec_in', 'conn.exec_out>read.exec_in', 'read.body>map.exec_in', 'map.exec_out>copy.exec_in',
    'copy.exec_out>loop_end.exec_in', 'read.completed>end.exec_in',
    'conn.connection>copy.connection', 'read.batch>map.rows', 'read.row_offset>map.row_offset', 'map.rows>copy.rows',
  ]);
}

describe.skipIf(!pgAvailable())('batch pipeline into PostgreSQL COPY', () => {
  it('loads every row once: count and checksum in the table equal the reference; a failed batch leaves its predecessors and the resume offset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casare-batch-pg-'));
    const engine = createEngine({ cwd: dir, monitorEventLoop: false, retainOutputs: 'all' });
    const admin = new pg.Client(db.url);
    await admin.connect();
    try {
      await writeCompressed(join(dir, 'in.csv.gz'), toCsv(rows), 'gzip');
      await admin.query('CREATE TABLE people (id int PRIMARY KEY, name text, amount double precision, city text)');
      const res = await engine.run(copyPipeline(db.url, { file_path: 'in.csv.gz', batch_size: 2500 }, 'people'));
      expect(res.status).toBe('success');
      const back = await admin.query('SELECT id, name, amount, city FROM people ORDER BY id');
      expect(back.rows.length).toBe(N);
      expect(checksum(back.rows)).toBe(checksum(rows));

      // A duplicate key in the 4th batch: the COPY of that batch fails, the three before it stay.
      await admin.query('CREATE TABLE people2 (id int PRIMARY KEY, name text, amount double precision, city text)');
      await admin.query("INSERT INTO people2 VALUES (8000, 'squatter', 0, 'x')");
      const failed = await engine.run(copyPipeline(db.url, { file_path: 'in.csv.gz', batch_size: 2500 }, 'people2'));
      expect(failed.status).toBe('error');
      expect(failed.error?.nodeId).toBe('copy');
      expect(failed.error?.message).toMatch(/duplicate key/);
      expect(failed.outputs['read']).toMatchObject({ row_offset: 7500 });
      const kept = await admin.query('SELECT count(*)::int AS n, max(id) AS top FROM people2 WHERE id <> 8000 OR name <> $1', ['squatter']);
      expect(kept.rows[0]).toEqual({ n: 7500, top: 7500 });
    } finally {
      await admin.end();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
