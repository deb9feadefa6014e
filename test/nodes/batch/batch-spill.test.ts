/**
 * BatchSortNode / BatchGroupByNode / BatchDistinctNode through the engine: spilled results equal the
 * in-memory transforms over the whole file, outputs appear atomically, spill dirs are removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import { transformKernel, type Row } from '../../../src/nodes/transform/transform-kernel.js';
import { genRows, toCsv, toNdjson, writeCompressed } from './generate.js';
import { workflow } from './workflow.js';

registerNodes(specs);

let dir: string;
let spill: string;
let engine: Engine;
const rows = genRows(30_000, 21, false);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casare-spill-'));
  spill = join(dir, 'spill');
  mkdirSync(spill);
  engine = createEngine({ cwd: dir, retainOutputs: 'all' });
  await writeCompressed(join(dir, 'in.ndjson.zst'), toNdjson(rows), 'zstd');
  writeFileSync(join(dir, 'in.csv'), toCsv(rows));
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const one = (id: string, type: string, config: Record<string, unknown>): Buffer =>
  workflow([['start', 'StartNode'], [id, type, config], ['end', 'EndNode']], ['start.exec_out>' + id + '.exec_in', id + '.exec_out>end.exec_in']);
const readNdjson = (p: string): Record<string, unknown>[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('BatchSortNode', () => {
  it('sorts a .zst NDJSON file by two keys with spilled runs, equal to a stable in-memory sort', async () => {
    const res = await engine.run(one('sort', 'BatchSortNode', {
      input_path: 'in.ndjson.zst', output_path: 'sorted.ndjson',
      keys: [{ column: 'city' }, { column: 'amount', descending: true }], max_rows_in_memory: 4000, temp_dir: spill,
    }));
    expect(res.status).toBe('success');
    expect(res.outputs['sort']).toMatchObject({ rows: rows.length, runs: 8 });
    const expected = rows.slice().sort((a, b) => (a.city < b.city ? -1 : a.city > b.city ? 1 : b.amount - a.amount));
    expect(readNdjson(join(dir, 'sorted.ndjson'))).toEqual(expected);
    expect(readdirSync(spill)).toEqual([]);
  });

  it('sorts CSV strings numerically with type number, equal to TableSortNode over the whole file', async () => {
    const res = await engine.run(one('sort', 'BatchSortNode', {
      input_path: 'in.csv', output_path: 'sorted.csv.gz', keys: [{ column: 'amount', type: 'number' }], max_rows_in_memory: 7000, temp_dir: spill,
    }));
    expect(res.status).toBe('success');
    const back = await engine.run(one('sort', 'BatchSortNode', { input_path: 'sorted.csv.gz', output_path: 'resorted.ndjson', keys: 'id', max_rows_in_memory: 1e6 }));
    expect(back.outputs['sort']).toMatchObject({ rows: rows.length, runs: 0 });
    const csvRows = rows.map((r) => ({ id: String(r.id), name: r.name, amount: String(r.amount), city: r.city }));
    const expected = transformKernel({ op: 'sort', rows: csvRows, keys: [{ column: 'amount', type: 'number' }] });
    const res2 = await engine.run(one('sort', 'BatchSortNode', { input_path: 'sorted.csv.gz', output_path: 'same.ndjson', keys: [{ column: 'amount', type: 'number' }], max_rows_in_memory: 1e6 }));
    expect(res2.status).toBe('success');
    expect(readNdjson(join(dir, 'same.ndjson'))).toEqual(expected);
  });

  it('leaves no output and no temp files when the input is bad', async () => {
    writeFileSync(join(dir, 'bad.ndjson'), '{"id":1}\n{oops\n');
    const res = await engine.run(one('sort', 'BatchSortNode', { input_path: 'bad.ndjson', output_path: 'never.ndjson', keys: 'id', max_rows_in_memory: 1, temp_dir: spill }));
    expect(res.error?.code).toBe('CASARE_E_BATCH_BAD_JSON');
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(spill)).toEqual([]);
  });
});

describe('BatchGroupByNode / BatchDistinctNode', () => {
  const key = (r: Record<string, unknown>): string => String(r['city']);
  const byKey = (a: Record<string, unknown>, b: Record<string, unknown>): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

  it('groups through hash partitions with the same groups as TableGroupByNode over the whole file', async () => {
    const aggregates = [{ op: 'count' }, { op: 'sum', column: 'amount' }, { op: 'max', column: 'id' }];
    const res = await engine.run(one('g', 'BatchGroupByNode', { input_path: 'in.ndjson.zst', output_path: 'groups.json', by: 'city', aggregates, partitions: 3, temp_dir: spill }));
    expect(res.status).toBe('success');
    const got = JSON.parse(readFileSync(join(dir, 'groups.json'), 'utf8')) as Record<string, unknown>[];
    const expected = transformKernel({ op: 'groupBy', rows: rows as unknown as Row[], by: ['city'], aggregates: aggregates as never });
    expect(got.slice().sort(byKey)).toEqual((expected as Record<string, unknown>[]).slice().sort(byKey));
    expect(readdirSync(spill)).toEqual([]);
  });

  it('keeps the first row of each distinct key', async () => {
    const res = await engine.run(one('d', 'BatchDistinctNode', { input_path: 'in.ndjson.zst', output_path: 'distinct.ndjson', columns: ['city'], temp_dir: spill }));
    expect(res.status).toBe('success');
    const got = readNdjson(join(dir, 'distinct.ndjson'));
    const firsts = new Map<string, unknown>();
    for (const r of rows) if (!firsts.has(r.city)) firsts.set(r.city, r);
    expect(got.slice().sort(byKey)).toEqual([...firsts.values()].sort((a, b) => byKey(a as Record<string, unknown>, b as Record<string, unknown>)));
  });
});

describe('BatchJoinNode (Grace hash join through spill partitions)', () => {
  // Orders (left, 30k rows of the file above with a customer key) against customers (right): some
  // customers appear twice (1:n), some orders have no customer or a null key.
  const text = (r: unknown): string => JSON.stringify(r);
  const sorted = (a: readonly unknown[]): string[] => a.map(text).sort();
  const orders = rows.map((r, i) => ({ order: r.id, amount: r.amount, cust: i % 97 === 0 ? null : (r.id * 7) % 1300 }));
  const customers: Record<string, unknown>[] = [];
  for (let c = 0; c < 1200; c++) customers.push({ cust: c, tier: c % 3 === 0 ? 'gold' : 'basic' });
  for (let c = 0; c < 1200; c += 50) customers.push({ cust: c, tier: 'second-entry' });
  customers.push({ cust: null, tier: 'never-matches' });

  beforeAll(async () => {
    await writeCompressed(join(dir, 'orders.ndjson.gz'), toNdjson(orders as never), 'gzip');
    writeFileSync(join(dir, 'customers.ndjson'), toNdjson(customers as never));
  });

  for (const how of ['inner', 'left'] as const) {
    it(`${how} join: the same rows as TableJoinNode over the whole files; spill files removed`, async () => {
      const res = await engine.run(one('j', 'BatchJoinNode', {
        left_path: 'orders.ndjson.gz', right_path: 'customers.ndjson', output_path: `joined-${how}.ndjson`, left_key: 'cust', how, partitions: 8, temp_dir: spill,
      }));
      expect(res.status).toBe('success');
      const expected = transformKernel({ op: 'join', left: orders as unknown as Row[], right: customers as unknown as Row[], leftKey: 'cust', rightKey: 'cust', how });
      const got = readNdjson(join(dir, `joined-${how}.ndjson`));
      expect(got.length).toBe(expected.length);
      expect(sorted(got)).toEqual(sorted(expected));
      expect(res.outputs['j']).toMatchObject({ rows: expected.length });
      // Memory is one right partition, not the right side: about 1/8 of the 1,225 customers with a key.
      expect(res.outputs['j']!['max_partition_rows']).toBeLessThan(400);
      expect(readdirSync(spill)).toEqual([]);
    });
  }

  it('joins CSV strings to CSV strings (1 and "1" would differ, as in TableJoinNode), right_key naming another column', async () => {
    writeFileSync(join(dir, 'left.csv'), 'id,who\n1,a\n2,b\n3,c\n2,d\n');
    writeFileSync(join(dir, 'right.csv'), 'ref,what\n2,x\n3,y\n3,z\n9,w\n');
    const res = await engine.run(one('j', 'BatchJoinNode', { left_path: 'left.csv', right_path: 'right.csv', output_path: 'lr.ndjson', left_key: 'id', right_key: 'ref', partitions: 3 }));
    expect(res.status).toBe('success');
    expect(sorted(readNdjson(join(dir, 'lr.ndjson')))).toEqual(sorted([
      { id: '2', who: 'b', ref: '2', what: 'x' }, { id: '3', who: 'c', ref: '3', what: 'y' }, { id: '3', who: 'c', ref: '3', what: 'z' }, { id: '2', who: 'd', ref: '2', what: 'x' },
    ]));
  });

  it('fails with a typed error on a row that is not a dict, leaving no output and no spill files', async () => {
    writeFileSync(join(dir, 'scalars.ndjson'), '{"cust":1}\n5\n');
    const res = await engine.run(one('j', 'BatchJoinNode', { left_path: 'scalars.ndjson', right_path: 'customers.ndjson', output_path: 'never-joined.ndjson', left_key: 'cust', temp_dir: spill }));
    expect(res.status).toBe('error');
    expect(res.error?.message).toContain("left rows must be dicts, found 'int'");
    expect(existsSync(join(dir, 'never-joined.ndjson'))).toBe(false);
    expect(readdirSync(spill)).toEqual([]);
  });
});
