/**
 * Batch loops through the whole engine (createEngine + registerNodes): a streamed reader feeding a
 * ForLoopEndNode-closed loop, row validation with each error policy, atomic output committed only
 * by BatchCommitNode, resume from the reported row offset, typed input errors, progress events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import { executePlan } from '../../../src/execute/run.js';
import { RunScope } from '../../../src/resources/run-scope.js';
import type { BatchProgressEvent } from '../../../src/nodes/batch/progress.js';
import { checksum, genRows, toCsv, toNdjson, writeCompressed } from './generate.js';
import { pipeline, workflow, writeWithBreak } from './workflow.js';
import { RowSource } from '../../../src/lib/stream/row-source.js';
import { createZstdDecompressor } from '../../../src/load/zstd-decompressor.js';
import { ZstdFrameScanner } from '../../../src/load/zstd-frame-scanner.js';

registerNodes(specs);

let dir: string;
let engine: Engine;
const N = 12_345;
const rows = genRows(N, 5);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casare-batch-'));
  engine = createEngine({ cwd: dir, retainOutputs: 'all' });
  await writeCompressed(join(dir, 'in.csv.gz'), toCsv(rows), 'gzip');
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const ndjsonGz = (p: string): Record<string, unknown>[] =>
  gunzipSync(readFileSync(p)).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
const leftovers = (): string[] => readdirSync(dir).filter((f) => f.includes('.tmp-'));

describe('BatchReadStartNode -> BatchMapNode -> BatchWriteNode -> BatchCommitNode', () => {
  it('streams a CSV.gz in batches to NDJSON.gz; count and checksum equal the reference', async () => {
    const res = await engine.run(pipeline(
      { file_path: 'in.csv.gz', batch_size: 1000 },
      { columns: { amount_num: 'float(amount)' }, required: ['id', 'name'] },
      { file_path: 'out.ndjson.gz' },
    ));
    expect(res.status).toBe('success');
    const got = ndjsonGz(join(dir, 'out.ndjson.gz'));
    expect(got.length).toBe(N);
    expect(checksum(got)).toBe(checksum(rows));
    expect(got.every((r, i) => r['amount_num'] === rows[i]!.amount)).toBe(true);
    expect(res.outputs['commit']).toMatchObject({ rows_committed: N });
    expect(res.outputs['read']).toMatchObject({ rows_read: N, row_offset: N });
    expect(res.executed.filter((id) => id === 'write').length).toBe(Math.ceil(N / 1000));
    expect(leftovers()).toEqual([]);
  });

  it('fail_fast: the run fails naming the row, the atomic output is never created, and row_offset says where to resume', async () => {
    const bad = rows.map((r, i) => (i === 5499 ? { ...r, name: '' } : r));
    writeFileSync(join(dir, 'bad.csv'), toCsv(bad));
    const res = await engine.run(pipeline(
      { file_path: 'bad.csv', batch_size: 1000 },
      { required: ['name'], on_error: 'fail_fast' },
      { file_path: 'fail.ndjson' },
    ));
    expect(res.status).toBe('error');
    expect(res.error?.code).toBe('CASARE_E_BATCH_ROW_INVALID');
    expect(res.error?.message).toContain('row 5500');
    expect(existsSync(join(dir, 'fail.ndjson'))).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(res.outputs['read']).toMatchObject({ row_offset: 5000, batch_index: 5 });
  });

  it('resumes a failed non-atomic append run from the reported row_offset to a complete output', async () => {
    const bad = rows.map((r, i) => (i === 7777 ? { ...r, name: '' } : r));
    writeFileSync(join(dir, 'resume.csv'), toCsv(bad));
    const out = join(dir, 'resume-out.csv');
    const first = await engine.run(pipeline(
      { file_path: 'resume.csv', batch_size: 500 },
      { required: ['name'] },
      { file_path: 'resume-out.csv', atomic: false, mode: 'append' },
    ));
    expect(first.status).toBe('error');
    const offset = (first.outputs['read'] as { row_offset: number }).row_offset;
    expect(offset).toBe(7500);
    const readCsv = async (): Promise<unknown[]> => {
      const src = await RowSource.open(out, { format: 'csv' });
      const got: unknown[] = [];
      for (let b = await src.nextBatch(4096); b !== null; b = await src.nextBatch(4096)) got.push(...b);
      await src.close();
      return got;
    };
    expect((await readCsv()).length).toBe(offset);
    writeFileSync(join(dir, 'resume.csv'), toCsv(rows)); // the bad row fixed
    const second = await engine.run(pipeline(
      { file_path: 'resume.csv', batch_size: 500, start_row: offset },
      { required: ['name'] },
      { file_path: 'resume-out.csv', atomic: false, mode: 'append' },
    ));
    expect(second.status).toBe('success');
    const all = await readCsv(); // one header: the second run appended rows only
    expect(all.length).toBe(N);
    expect(checksum(all)).toBe(checksum(rows));
  });

  it('skip_and_record: bad rows go to the reject file with row number and reason, the rest is written', async () => {
    const bad = rows.map((r, i) => (i % 1000 === 17 ? { ...r, name: '' } : r));
    writeFileSync(join(dir, 'skip.csv'), toCsv(bad));
    const res = await engine.run(pipeline(
      { file_path: 'skip.csv', batch_size: 2000 },
      { required: ['name'], on_error: 'skip_and_record', reject_path: 'rejects.ndjson' },
      { file_path: 'kept.csv' },
    ));
    expect(res.status).toBe('success');
    const rejects = readFileSync(join(dir, 'rejects.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { row_number: number; reason: string });
    const expected = bad.map((r, i) => [r, i] as const).filter(([r]) => r.name === '').map(([, i]) => i + 1);
    expect(rejects.map((r) => r.row_number)).toEqual(expected);
    expect(rejects[0]!.reason).toBe("missing required column 'name'");
    expect(res.outputs['commit']).toMatchObject({ rows_committed: N - expected.length });
    const csv = readFileSync(join(dir, 'kept.csv'), 'utf8');
    expect(csv.startsWith('id,name,amount,city\r\n')).toBe(true);
    // The CSV written (quotes, commas, newlines in names) reads back to the kept rows.
    const src = await RowSource.open(join(dir, 'kept.csv'), { format: 'csv' });
    const back: unknown[] = [];
    for (let b = await src.nextBatch(4096); b !== null; b = await src.nextBatch(4096)) back.push(...b);
    await src.close();
    expect(checksum(back)).toBe(checksum(bad.filter((r) => r.name !== '')));
  });

  it('commits an empty output for an empty input when BatchCommitNode names the file', async () => {
    writeFileSync(join(dir, 'empty.csv'), 'id,name\n');
    const wf = workflow([
      ['start', 'StartNode'],
      ['read', 'BatchReadStartNode', { file_path: 'empty.csv' }],
      ['write', 'BatchWriteNode', { file_path: 'empty-out.json' }],
      ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
      ['commit', 'BatchCommitNode', { file_path: 'empty-out.json' }],
    ], ['start.exec_out>read.exec_in', 'read.body>write.exec_in', 'write.exec_out>loop_end.exec_in', 'read.completed>commit.exec_in', 'read.batch>write.rows']);
    const res = await engine.run(wf);
    expect(res.status).toBe('success');
    expect(res.executed).not.toContain('write');
    expect(JSON.parse(readFileSync(join(dir, 'empty-out.json'), 'utf8'))).toEqual([]);
    expect(res.outputs['commit']).toMatchObject({ rows_committed: 0 });
  });

  it('writes .zst output that reads back equal, and a BreakNode in the body ends the loop and still commits', async () => {
    writeFileSync(join(dir, 'z.ndjson'), toNdjson(rows));
    const wf = writeWithBreak({ file_path: 'z.ndjson', batch_size: 1000 }, 'z-out.ndjson.zst', 2);
    const res = await engine.run(wf);
    expect(res.status).toBe('success');
    expect(res.outputs['commit']).toMatchObject({ rows_committed: 3000 });
    const src = await RowSource.open(join(dir, 'z-out.ndjson.zst'), { format: 'ndjson', createZstd: createZstdDecompressor, createZstdScanner: () => new ZstdFrameScanner() });
    expect(src.compression).toBe('zstd');
    const back: unknown[] = [];
    for (let b = await src.nextBatch(4096); b !== null; b = await src.nextBatch(4096)) back.push(...b);
    await src.close();
    expect(back).toEqual(rows.slice(0, 3000));
  });

  it('fails a truncated input with CASARE_E_BATCH_BAD_COMPRESSION and the byte offset; earlier batches were processed', async () => {
    const full = readFileSync(join(dir, 'in.csv.gz'));
    writeFileSync(join(dir, 'trunc.csv.gz'), full.subarray(0, 40_000));
    const res = await engine.run(pipeline({ file_path: 'trunc.csv.gz', batch_size: 1000 }, {}, { file_path: 'trunc-out.ndjson' }));
    expect(res.status).toBe('error');
    expect(res.error?.code).toBe('CASARE_E_BATCH_BAD_COMPRESSION');
    expect(res.error?.message).toContain('byte offset 40000');
    expect(res.executed).toContain('write');
    expect(existsSync(join(dir, 'trunc-out.ndjson'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('fails a ragged CSV row with CASARE_E_BATCH_BAD_CSV naming the data row', async () => {
    writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    const res = await engine.run(pipeline({ file_path: 'ragged.csv' }, {}, { file_path: 'r.ndjson' }));
    expect(res.error?.code).toBe('CASARE_E_BATCH_BAD_CSV');
    expect(res.error?.message).toContain('row 2');
  });

  it('emits progress events to services.progress and closes the reader and temp output on cancel', async () => {
    writeFileSync(join(dir, 'p.ndjson'), toNdjson(rows));
    const loaded = await engine.load(pipeline({ file_path: 'p.ndjson', batch_size: 3000 }, {}, { file_path: 'p-out.ndjson' }));
    const events: BatchProgressEvent[] = [];
    const scope = new RunScope();
    const res = await executePlan(loaded.plan, {
      services: { fileRoot: null, env: {}, scope, progress: (e: BatchProgressEvent) => events.push(e) }, cwd: dir, concurrency: 4, retainLogs: false,
    });
    await scope.close();
    expect(res.status).toBe('success');
    expect(events.map((e) => e.phase)).toEqual(['start', 'batch', 'batch', 'batch', 'batch', 'batch', 'done']);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'batch-progress', nodeId: 'read', rows: N, bytesRead: done.bytesTotal, etaMs: 0 });
    expect(events[2]!.bytesRead).toBeGreaterThan(0);

    const ac = new AbortController();
    const scope2 = new RunScope();
    const cancelled = executePlan(loaded.plan, {
      services: { fileRoot: null, env: {}, scope: scope2, progress: (e: BatchProgressEvent) => { if (e.phase === 'batch' && e.batchIndex === 1) ac.abort(); } },
      cwd: dir, concurrency: 4, retainLogs: false, signal: ac.signal,
    });
    const r2 = await cancelled;
    expect(r2.status).not.toBe('success');
    expect(scope2.liveCount).toBeGreaterThan(0); // reader + temp output still held until the scope closes
    await scope2.close();
    expect(scope2.liveCount).toBe(0);
    expect(leftovers()).toEqual([]);
  });
});
