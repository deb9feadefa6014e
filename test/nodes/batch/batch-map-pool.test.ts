/**
 * BatchMapNode in the worker pool (column-encoded batches, kernel 'batch.map') gives the same rows,
 * rejects and failures as the inline path, for mixed value types, missing keys and non-dict rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import { cellAt, encodeColumns, uniformKeys } from '../../../src/lib/stream/column-codec.js';
import { rng, toNdjson } from './generate.js';
import { pipeline } from './workflow.js';

registerNodes(specs);

let dir: string;
let engine: Engine;
const N = 6000;

function mixedRows(n: number, seed: number): unknown[] {
  const r = rng(seed);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.01) { out.push([i, 'not a dict']); continue; }
    const row: Record<string, unknown> = { id: i + 1, name: x < 0.05 ? '' : `n\u00e9${Math.floor(r() * 1000)}`, amount: x < 0.08 ? null : Math.round(r() * 1e4) / 100 };
    if (x > 0.5) row['tags'] = ['a', 'b'].slice(0, Math.floor(r() * 3));
    if (x > 0.9) row['flag'] = r() < 0.5;
    if (x > 0.97) row['note'] = { nested: true };
    out.push(row);
  }
  return out;
}

const rows = mixedRows(N, 21);
const lines = (p: string): unknown[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'casare-batch-pool-'));
  engine = createEngine({ cwd: dir, retainOutputs: 'all', pool: { threads: 2 } });
  writeFileSync(join(dir, 'mixed.ndjson'), toNdjson(rows));
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const MAP = { columns: { name_up: 'name.upper()', dbl: 'amount * 2', flag_s: 'str(flag)' }, required: ['id', 'name'] };

async function runWith(pool: boolean | 'auto', concurrency: number, policy: string, tag: string): Promise<{ status: string; out: unknown[]; rejects: unknown[]; tasks: number; code?: string; message?: string }> {
  const res = await engine.run(pipeline(
    { file_path: 'mixed.ndjson', batch_size: 1500, concurrency },
    { ...MAP, pool, on_error: policy, reject_path: `rej-${tag}.ndjson` },
    { file_path: `out-${tag}.ndjson` },
  ));
  const ok = res.status === 'success';
  return {
    status: res.status, out: ok ? lines(join(dir, `out-${tag}.ndjson`)) : [], rejects: policy === 'fail_fast' ? [] : lines(join(dir, `rej-${tag}.ndjson`)),
    tasks: (res.stats['pool'] as { tasks: number }).tasks, code: res.error?.code, message: res.error?.message,
  };
}

describe('BatchMapNode in the worker pool', () => {
  it('skip_and_record: pooled rows and rejects equal the inline ones (sequential loop, pool: true)', async () => {
    const inline = await runWith(false, 1, 'skip_and_record', 'inline');
    const pooled = await runWith(true, 1, 'skip_and_record', 'pool');
    expect(inline.status).toBe('success');
    expect(pooled.status).toBe('success');
    expect(pooled.tasks - inline.tasks).toBeGreaterThanOrEqual(4); // pool task counts are per engine
    expect(pooled.out).toEqual(inline.out);
    expect(pooled.rejects).toEqual(inline.rejects);
    expect(inline.rejects.length).toBeGreaterThan(100); // empty names, null amounts, non-dict rows
    expect(inline.out.length + inline.rejects.length).toBe(N);
  });

  it('pool: auto offloads in a parallel stream body and still matches the inline output', async () => {
    const before = (await runWith('auto', 1, 'skip_and_record', 'auto1')).tasks; // sequential loop: inline
    const inline = await runWith(false, 2, 'skip_and_record', 'inline2');
    expect(inline.tasks).toBe(before);
    const auto = await runWith('auto', 2, 'skip_and_record', 'auto2');
    expect(auto.tasks - inline.tasks).toBeGreaterThanOrEqual(4);
    expect(auto.out).toEqual(inline.out);
    expect(auto.rejects).toEqual(inline.rejects);
  });

  it('fail_fast: the pooled failure names the same row and reason as inline', async () => {
    const inline = await runWith(false, 1, 'fail_fast', 'ff-inline');
    const pooled = await runWith(true, 1, 'fail_fast', 'ff-pool');
    expect(inline.code).toBe('CASARE_E_BATCH_ROW_INVALID');
    expect(pooled.code).toBe('CASARE_E_BATCH_ROW_INVALID');
    expect(pooled.message).toBe(inline.message);
  });

  it('BatchWriteNode pool: NDJSON encoded in the pool is byte-identical to inline, for uniform and mixed rows', async () => {
    const r = rng(7);
    const uniform = Array.from({ length: 5000 }, (_, i) => ({ id: i, s: `\u00e9"q\\${i}\n`, x: r() * 1e22, neg: -r(), n: null, t: i % 2 === 0, l: [i, { a: 'b' }] }));
    writeFileSync(join(dir, 'uni.ndjson'), toNdjson(uniform));
    const runWrite = async (file: string, pool: boolean | 'auto', concurrency: number, tag: string): Promise<{ text: string; tasks: number }> => {
      const res = await engine.run(pipeline({ file_path: file, batch_size: 1200, concurrency }, {}, { file_path: `w-${tag}.ndjson`, pool }));
      expect(res.status).toBe('success');
      return { text: readFileSync(join(dir, `w-${tag}.ndjson`), 'utf8'), tasks: (res.stats['pool'] as { tasks: number }).tasks };
    };
    const inline = await runWrite('uni.ndjson', false, 1, 'uni-inline');
    const pooled = await runWrite('uni.ndjson', true, 1, 'uni-pool');
    expect(pooled.tasks - inline.tasks).toBeGreaterThanOrEqual(4); // 5 batches; Piscina may count the last one late
    expect(pooled.text).toBe(inline.text);
    expect(pooled.text).toBe(toNdjson(uniform));
    const auto = await runWrite('uni.ndjson', true, 3, 'uni-par'); // parallel bodies: encoded before their turn
    expect(auto.tasks - pooled.tasks).toBeGreaterThanOrEqual(3);
    expect(auto.text).toBe(inline.text);
    const dflt = await runWrite('uni.ndjson', 'auto', 3, 'uni-dflt'); // off unless asked for
    expect(dflt.tasks).toBe(auto.tasks);
    expect(dflt.text).toBe(inline.text);
    // Mixed key sets and non-dict rows stay inline and still come out right.
    const mixedInline = await runWrite('mixed.ndjson', false, 1, 'mix-inline');
    const mixedPool = await runWrite('mixed.ndjson', true, 2, 'mix-pool');
    expect(mixedPool.text).toBe(mixedInline.text);
    expect(mixedPool.text).toBe(toNdjson(rows));
  });

  it('column codec round-trips strings, numbers, booleans, null, missing keys and nested values', () => {
    const src = [{ a: 'x', b: 1.5, c: true }, { a: '', b: null }, 'not a dict', { a: 'h\u00e9\u{1F600}', c: false, d: [1, { z: 2 }] }];
    const enc = encodeColumns(src, ['a', 'b', 'c', 'd', 'absent'])!;
    const back = src.map((_, i) => enc.columns.map((c) => cellAt(c, i)));
    expect(back).toEqual([
      ['x', 1.5, true, undefined, undefined],
      ['', null, undefined, undefined, undefined],
      [undefined, undefined, undefined, undefined, undefined],
      ['h\u00e9\u{1F600}', undefined, false, [1, { z: 2 }], undefined],
    ]);
    expect(Array.from(enc.notDict)).toEqual([0, 0, 1, 0]);
    expect(enc.columns[0]!.kind).toBe('packed');
    expect(enc.columns[3]!.kind).toBe('plain');
    expect(encodeColumns([{ a: new Date(0) }], ['a'])).toBeNull(); // a class instance would arrive changed
    expect(uniformKeys([{ a: 1, b: 2 }, { a: 3, b: 4 }])).toEqual(['a', 'b']);
    expect(uniformKeys([{ a: 1, b: 2 }, { b: 3, a: 4 }])).toBeNull();
    expect(uniformKeys([{ a: 1, b: 2 }, { a: 3 }])).toBeNull();
  });
});
