/**
 * Parallel for-each over a stream (BatchReadStartNode with concurrency > 1) through the whole
 * engine: bodies overlap up to the limit, the output keeps input order, a failure leaves the
 * committed prefix and the resume offset, a slow sink paces the reader.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import type { BatchProgressEvent } from '../../../src/nodes/batch/progress.js';
import { checksum, genRows, toCsv, toNdjson, writeCompressed } from './generate.js';
import { pipeline, workflow, writeWithBreak } from './workflow.js';

registerNodes(specs);

let dir: string;
let engine: Engine;
let server: Server;
let base = '';
/** Requests in progress at the server and the most seen at once; delay per batch index. */
const http = { active: 0, max: 0, done: [] as number[], aborted: [] as number[], delayMs: (_b: number): number => 0 };
const N = 20_000;
const rows = genRows(N, 11);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casare-batch-par-'));
  engine = createEngine({ cwd: dir, retainOutputs: 'all', http: { allowedHosts: ['127.0.0.1'] } });
  await writeCompressed(join(dir, 'in.csv.gz'), toCsv(rows), 'gzip');
  server = createServer((req, res) => {
    const b = Number(/\/b\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    http.active++;
    http.max = Math.max(http.max, http.active);
    const t = setTimeout(() => { http.active--; http.done.push(b); res.end('ok'); }, http.delayMs(b));
    // The client gave up before the answer: the engine aborted the request.
    res.on('close', () => { if (!res.writableEnded) { clearTimeout(t); http.active--; http.aborted.push(b); } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await engine.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const ndjsonGz = (p: string): Record<string, unknown>[] =>
  gunzipSync(readFileSync(p)).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
const ndjson = (p: string): Record<string, unknown>[] =>
  readFileSync(p, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));
const resetHttp = (delay: (b: number) => number): void => { http.active = 0; http.max = 0; http.done = []; http.aborted = []; http.delayMs = delay; };

/** read -> map -> http GET /b/<batch_index> (the slow part) -> write -> loop end; completed -> commit. */
function httpPipeline(read: Record<string, unknown>, map: Record<string, unknown>, write: Record<string, unknown>, call: Record<string, unknown> = {}): Buffer {
  return workflow([
    ['start', 'StartNode'],
    ['read', 'BatchReadStartNode', read],
    ['map', 'BatchMapNode', map],
    ['call', 'HttpRequestNode', { url: `${base}/b/{{read.batch_index}}`, ...call }],
    ['write', 'BatchWriteNode', write],
    ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
    ['commit', 'BatchCommitNode'],
    ['end', 'EndNode'],
  ], [
    'start.exec_out>read.exec_in', 'read.body>map.exec_in', 'map.exec_out>call.exec_in', 'call.exec_out>write.exec_in',
    'write.exec_out>loop_end.exec_in', 'read.completed>commit.exec_in', 'commit.exec_out>end.exec_in',
    'read.batch>map.rows', 'read.row_offset>map.row_offset', 'map.rows>write.rows',
  ]);
}

describe('BatchReadStartNode concurrency > 1 (parallel stream)', () => {
  it('runs bodies concurrently up to the limit and writes rows in input order; count and checksum equal the reference', async () => {
    // Early batches answer slowest, so later bodies finish first: the writer must still keep order.
    resetHttp((b) => (b % 4 === 0 ? 60 : 5));
    const res = await engine.run(httpPipeline(
      { file_path: 'in.csv.gz', batch_size: 1000, concurrency: 3 },
      { columns: { amount_num: 'float(amount)' }, required: ['id'] },
      { file_path: 'out.ndjson.gz' },
    ));
    expect(res.status).toBe('success');
    expect(http.max).toBe(3);
    expect(http.done.slice(0, 4)).not.toEqual([0, 1, 2, 3]); // bodies did finish out of order
    const got = ndjsonGz(join(dir, 'out.ndjson.gz'));
    expect(got.length).toBe(N);
    expect(checksum(got)).toBe(checksum(rows));
    expect(got.every((r, i) => r['amount_num'] === rows[i]!.amount)).toBe(true);
    expect(res.outputs['read']).toMatchObject({ rows_read: N, row_offset: N, rows_committed: N, batches_committed: 20, failed_batches: [], max_in_flight: 3 });
    expect(res.outputs['commit']).toMatchObject({ rows_committed: N });
    expect(res.executed.filter((id) => id === 'write').length).toBe(20);
    expect(leftovers()).toEqual([]);
  });

  it('concurrency 1 keeps the sequential loop (one body at a time)', async () => {
    resetHttp(() => 2);
    const res = await engine.run(httpPipeline({ file_path: 'in.csv.gz', batch_size: 5000 }, {}, { file_path: 'seq.ndjson.gz' }));
    expect(res.status).toBe('success');
    expect(http.max).toBe(1);
    expect(checksum(ndjsonGz(join(dir, 'seq.ndjson.gz')))).toBe(checksum(rows));
  });

  it('fail_fast: a failing batch leaves exactly the committed prefix, row_offset resumes to a complete output', async () => {
    resetHttp((b) => (b === 7 ? 40 : 3)); // the failing batch 7 finishes last among its neighbours
    const bad = rows.map((r, i) => (i === 7321 ? { ...r, city: '' } : r));
    writeFileSync(join(dir, 'bad.csv'), toCsv(bad));
    const out = join(dir, 'resume.ndjson');
    const first = await engine.run(httpPipeline(
      { file_path: 'bad.csv', batch_size: 1000, concurrency: 4 },
      { required: ['city'] },
      { file_path: 'resume.ndjson', atomic: false, mode: 'append' },
    ));
    expect(first.status).toBe('error');
    expect(first.error?.code).toBe('CASARE_E_BATCH_ROW_INVALID');
    expect(first.error?.message).toContain('row 7322');
    const read = first.outputs['read'] as { row_offset: number; rows_committed: number; failed_batches: { batch_index: number; row_offset: number }[] };
    expect(read.row_offset).toBe(7000);
    expect(read.rows_committed).toBe(7000);
    expect(read.failed_batches).toMatchObject([{ batch_index: 7, row_offset: 7000, rows: 1000, code: 'CASARE_E_BATCH_ROW_INVALID' }]);
    const prefix = ndjson(out);
    expect(prefix.length).toBe(7000);
    expect(checksum(prefix)).toBe(checksum(rows.slice(0, 7000)));
    expect(first.executed).not.toContain('commit');

    writeFileSync(join(dir, 'bad.csv'), toCsv(rows)); // fixed
    resetHttp(() => 1);
    const second = await engine.run(httpPipeline(
      { file_path: 'bad.csv', batch_size: 1000, concurrency: 4, start_row: read.row_offset },
      { required: ['city'] },
      { file_path: 'resume.ndjson', atomic: false, mode: 'append' },
    ));
    expect(second.status).toBe('success');
    const all = ndjson(out);
    expect(all.length).toBe(N);
    expect(checksum(all)).toBe(checksum(rows));
  });

  it('fail_fast false: the failed batch is recorded and passed over, later batches are written, completed is not followed', async () => {
    resetHttp(() => 2);
    const bad = rows.map((r, i) => (i === 3500 ? { ...r, city: '' } : r));
    writeFileSync(join(dir, 'bad2.csv'), toCsv(bad));
    const res = await engine.run(httpPipeline(
      { file_path: 'bad2.csv', batch_size: 1000, concurrency: 2, fail_fast: false },
      { required: ['city'] },
      { file_path: 'skip.ndjson', atomic: false },
    ));
    expect(res.status).toBe('error');
    expect(res.outputs['read']).toMatchObject({ row_offset: 3000, rows_committed: 3000, rows_read: N, failed_batches: [{ batch_index: 3, row_offset: 3000 }] });
    const got = ndjson(join(dir, 'skip.ndjson'));
    const expected = [...rows.slice(0, 3000), ...rows.slice(4000)];
    expect(checksum(got)).toBe(checksum(expected));
    expect(res.executed).not.toContain('commit');
  });

  it('a truncated input lets the batches already read commit, then fails with CASARE_E_BATCH_BAD_COMPRESSION; the atomic output is removed', async () => {
    resetHttp(() => 2);
    const full = readFileSync(join(dir, 'in.csv.gz'));
    writeFileSync(join(dir, 'trunc.csv.gz'), full.subarray(0, 60_000));
    const res = await engine.run(httpPipeline({ file_path: 'trunc.csv.gz', batch_size: 1000, concurrency: 3 }, {}, { file_path: 'trunc.ndjson' }));
    expect(res.status).toBe('error');
    expect(res.error?.code).toBe('CASARE_E_BATCH_BAD_COMPRESSION');
    const read = res.outputs['read'] as { row_offset: number; rows_committed: number; rows_read: number };
    expect(read.rows_committed).toBeGreaterThan(0);
    expect(read.row_offset).toBe(read.rows_committed);
    expect(read.rows_committed % 1000 === 0 || read.rows_committed === read.rows_read).toBe(true);
    expect(existsSync(join(dir, 'trunc.ndjson'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  // Memory follows from this bound (about concurrency + 1 batches live); RSS over 100 MB vs 1 GB
  // inputs is measured in native-bench/batch-throughput.bench.ts, not asserted here.
  it('a slow sink paces the reader: it never reads more than concurrency + 1 batches ahead of the finished bodies', async () => {
    const big = genRows(200_000, 3, false);
    writeFileSync(join(dir, 'big.ndjson'), toNdjson(big));
    resetHttp(() => 4);
    const loaded = await engine.load(httpPipeline({ file_path: 'big.ndjson', batch_size: 2000, concurrency: 2 }, {}, { file_path: 'big-out.ndjson.gz' }));
    let maxAhead = 0;
    const res = await engine.run(loaded, {
      onProgress: (e: BatchProgressEvent) => {
        if (e.phase !== 'batch') return;
        maxAhead = Math.max(maxAhead, e.batchIndex + 1 - http.done.length);
      },
    });
    expect(res.status).toBe('success');
    expect(http.done.length).toBe(100);
    expect(maxAhead).toBeLessThanOrEqual(3);
    expect(ndjsonGz(join(dir, 'big-out.ndjson.gz')).length).toBe(200_000);
  });

  it('a BreakNode in a parallel body stops reading; batches in flight finish and the output is committed', async () => {
    writeFileSync(join(dir, 'z.ndjson'), toNdjson(rows));
    const wf = writeWithBreak({ file_path: 'z.ndjson', batch_size: 1000, concurrency: 2 }, 'brk.ndjson', 4);
    const res = await engine.run(wf);
    expect(res.status).toBe('success');
    const got = ndjson(join(dir, 'brk.ndjson'));
    const committed = (res.outputs['read'] as { rows_committed: number }).rows_committed;
    expect(got.length).toBe(committed);
    expect(committed).toBeGreaterThanOrEqual(5000);
    expect(committed).toBeLessThanOrEqual(7000);
    expect(got).toEqual(rows.slice(0, committed).map((r) => ({ ...r })));
  });

  it('times out a slow batch with timeout_per_batch and reports CASARE_E_NODE_TIMEOUT', async () => {
    resetHttp((b) => (b === 2 ? 1000 : 1));
    const res = await engine.run(httpPipeline({ file_path: 'in.csv.gz', batch_size: 1000, concurrency: 2, timeout_per_batch: 0.3 }, {}, { file_path: 't.ndjson', atomic: false }));
    expect(res.status).toBe('error');
    expect(res.error?.code).toBe('CASARE_E_NODE_TIMEOUT');
    expect(res.outputs['read']).toMatchObject({ row_offset: 2000, failed_batches: [{ batch_index: 2 }] });
    expect(ndjson(join(dir, 't.ndjson')).length).toBe(2000);
  });

  it('a timed-out batch aborts its request in flight: the run ends without waiting for the hung server', async () => {
    // Batch 1 would hang for ten minutes and the request's own timeout is as long: only the abort ends it.
    resetHttp((b) => (b === 1 ? 600_000 : 1));
    const res = await engine.run(httpPipeline({ file_path: 'in.csv.gz', batch_size: 1000, concurrency: 2, timeout_per_batch: 0.3 }, {}, { file_path: 't2.ndjson', atomic: false }, { timeout: 600 }));
    expect(res.status).toBe('error');
    expect(res.error?.code).toBe('CASARE_E_NODE_TIMEOUT');
    expect(res.outputs['read']).toMatchObject({ row_offset: 1000, failed_batches: [{ batch_index: 1 }] });
    await vi.waitFor(() => expect(http.aborted).toEqual([1]));
    expect(http.done).not.toContain(1);
    expect(ndjson(join(dir, 't2.ndjson')).length).toBe(1000);
  }, 20_000);

  it('the sequential pipeline helper still works unchanged next to a parallel run', async () => {
    const res = await engine.run(pipeline({ file_path: 'in.csv.gz', batch_size: 4000, concurrency: 2 }, { required: ['id'] }, { file_path: 'p2.ndjson.gz' }));
    expect(res.status).toBe('success');
    expect(checksum(ndjsonGz(join(dir, 'p2.ndjson.gz')))).toBe(checksum(rows));
  });
});
