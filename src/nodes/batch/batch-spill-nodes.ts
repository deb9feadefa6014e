/**
 * Casare types for aggregations over files larger than memory (file in -> file out, bounded memory):
 *
 * BatchSortNode     input_path, output_path, keys (as TableSortNode), max_rows_in_memory=100000 ->
 *                   stable external merge sort; equals TableSortNode over the whole file. Outputs
 *                   rows, runs (spilled runs; 0 = sorted in memory), output_path.
 * BatchGroupByNode  input_path, output_path, by, aggregates (as TableGroupByNode), partitions=16 ->
 *                   rows hashed by key into spill partitions, each grouped in memory; output order
 *                   is partition by partition (first appearance within one). Outputs rows (groups).
 * BatchDistinctNode input_path, output_path, columns (null = whole row), partitions=16 -> first
 *                   row of each key, same partition order. Outputs rows.
 * BatchJoinNode     left_path, right_path, output_path, left_key, right_key (default left_key),
 *                   how='inner'|'left', partitions=16 -> Grace hash join (lib/stream/hash-join.ts),
 *                   the rows TableJoinNode gives over the whole files ({...left, ...right}, null
 *                   keys never match, 1 and "1" differ), in partition order. Outputs rows,
 *                   max_partition_rows (right rows held in memory at once), output_path.
 *
 * Inputs are read with the reader's options (format, compression, csv options, json_path, cap);
 * the output format and compression follow output_path's extension. The output is written to a
 * temp file renamed at the end (deleted on failure); spill files live in a private temp dir
 * (`temp_dir`, default the OS one) that is always removed.
 */
import { rename, unlink } from 'node:fs/promises';
import { defineNode, NodeFailure, type NodeContext } from '../types.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { RowSource } from '../../lib/stream/row-source.js';
import { RecordWriter, compressionFromName, outFormatFromName } from '../../lib/stream/record-writer.js';
import { externalSort } from '../../lib/stream/external-sort.js';
import { hashPartitions } from '../../lib/stream/hash-partition.js';
import { hashJoin, type HashJoinStats } from '../../lib/stream/hash-join.js';
import { joinKey, transformKernel, type Aggregate, type Row } from '../transform/transform-kernel.js';
import { READ_CONFIG, createZstdEncode, intParam, pathParam, readOptions, strParam, toNodeFailure } from './batch-io.js';
import { parseSortKeys, rowComparator } from './row-compare.js';

const BATCH = 5000;

async function* readAll(ctx: NodeContext, path: string): AsyncGenerator<unknown[]> {
  const src = await RowSource.open(path, readOptions(ctx, path));
  try {
    for (;;) {
      ctx.signal.throwIfAborted();
      const b = await src.nextBatch(BATCH);
      if (b === null) return;
      yield b;
    }
  } catch (e) {
    throw toNodeFailure(e, path);
  } finally {
    await src.close();
  }
}

/** Write `batches` to outPath through a temp file; returns rows written. */
async function writeAtomic(outPath: string, batches: AsyncIterable<readonly unknown[]>): Promise<number> {
  const tmp = `${outPath}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const w = await RecordWriter.open(tmp, { format: outFormatFromName(outPath), compression: compressionFromName(outPath), createZstd: createZstdEncode, formatValue: pyStr });
  try {
    for await (const b of batches) await w.write(b);
    await w.close();
    await rename(tmp, outPath);
    return w.rowsWritten;
  } catch (e) {
    await w.destroy();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

function tempDir(ctx: NodeContext): string | undefined {
  const t = strParam(ctx, 'temp_dir', '');
  return t === '' ? undefined : t;
}

function columnsOf(v: unknown, name: string): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v) && v.every((c) => typeof c === 'string')) return v as string[];
  throw new NodeFailure(`${name} must be a column name or a list of column names`, 'TypeError');
}

const IO = { inputs: ['input_path', 'output_path'], required: ['input_path', 'output_path'], cost: 'io', resources: ['file'], pathKeys: ['input_path', 'output_path', 'temp_dir'] } as const;

export const batchSortNode = defineNode({
  ...IO, type: 'BatchSortNode', category: 'batch', outputs: ['rows', 'runs', 'output_path'],
  config: { input_path: null, output_path: null, keys: null, max_rows_in_memory: 100_000, temp_dir: '', ...READ_CONFIG },
  async run(ctx) {
    const input = await pathParam(ctx, 'input_path');
    const output = await pathParam(ctx, 'output_path');
    const cmp = rowComparator(parseSortKeys(ctx.param('keys')));
    let runs = 0;
    const sorted = externalSort(readAll(ctx, input), cmp, {
      maxRowsInMemory: Math.max(1, intParam(ctx, 'max_rows_in_memory', 100_000)), batchSize: BATCH,
      tempDir: tempDir(ctx), onRuns: (n) => { runs = n; },
    });
    const rows = await writeAtomic(output, sorted);
    ctx.out('rows', rows);
    ctx.out('runs', runs);
    ctx.out('output_path', output);
  },
});

function keyFn(cols: readonly string[] | null): (r: unknown) => string {
  if (cols === null) return (r) => JSON.stringify(r);
  return (r) => {
    const o = r as Record<string, unknown>;
    return JSON.stringify(cols.map((c) => o[c] ?? null));
  };
}

export const batchGroupByNode = defineNode({
  ...IO, type: 'BatchGroupByNode', category: 'batch', outputs: ['rows', 'output_path'],
  config: { input_path: null, output_path: null, by: null, aggregates: [], partitions: 16, temp_dir: '', ...READ_CONFIG },
  async run(ctx) {
    const input = await pathParam(ctx, 'input_path');
    const output = await pathParam(ctx, 'output_path');
    const by = columnsOf(ctx.param('by'), 'by');
    const aggs = ctx.param('aggregates');
    if (!Array.isArray(aggs)) throw new NodeFailure('aggregates must be a list of {op, column?, as?}', 'TypeError');
    const parts = hashPartitions(readAll(ctx, input), keyFn(by), { partitions: intParam(ctx, 'partitions', 16), tempDir: tempDir(ctx) });
    async function* grouped(): AsyncGenerator<Row[]> {
      for await (const p of parts) yield transformKernel({ op: 'groupBy', rows: p as Row[], by, aggregates: aggs as Aggregate[] });
    }
    const rows = await writeAtomic(output, grouped());
    ctx.out('rows', rows);
    ctx.out('output_path', output);
  },
});

export const batchDistinctNode = defineNode({
  ...IO, type: 'BatchDistinctNode', category: 'batch', outputs: ['rows', 'output_path'],
  config: { input_path: null, output_path: null, columns: null, partitions: 16, temp_dir: '', ...READ_CONFIG },
  async run(ctx) {
    const input = await pathParam(ctx, 'input_path');
    const output = await pathParam(ctx, 'output_path');
    const c = ctx.param('columns');
    const cols = c === null || c === undefined ? null : columnsOf(c, 'columns');
    const key = keyFn(cols);
    const parts = hashPartitions(readAll(ctx, input), key, { partitions: intParam(ctx, 'partitions', 16), tempDir: tempDir(ctx) });
    async function* distinct(): AsyncGenerator<unknown[]> {
      for await (const p of parts) {
        const seen = new Set<string>();
        const out: unknown[] = [];
        for (const r of p) { const k = key(r); if (!seen.has(k)) { seen.add(k); out.push(r); } }
        yield out;
      }
    }
    const rows = await writeAtomic(output, distinct());
    ctx.out('rows', rows);
    ctx.out('output_path', output);
  },
});

export const batchJoinNode = defineNode({
  type: 'BatchJoinNode', category: 'batch', outputs: ['rows', 'max_partition_rows', 'output_path'],
  inputs: ['left_path', 'right_path', 'output_path', 'left_key', 'right_key'], required: ['left_path', 'right_path', 'output_path', 'left_key'],
  cost: 'io', resources: ['file'], pathKeys: ['left_path', 'right_path', 'output_path', 'temp_dir'],
  config: { left_path: null, right_path: null, output_path: null, left_key: null, right_key: null, how: 'inner', partitions: 16, temp_dir: '', ...READ_CONFIG },
  async run(ctx) {
    const left = await pathParam(ctx, 'left_path');
    const right = await pathParam(ctx, 'right_path');
    const output = await pathParam(ctx, 'output_path');
    const lk = pyStr(ctx.param('left_key'));
    const r = ctx.param('right_key');
    const rk = r === null || r === undefined || r === '' ? lk : pyStr(r);
    const how = ctx.param('how') ?? 'inner';
    if (how !== 'inner' && how !== 'left') throw new NodeFailure(`how must be 'inner' or 'left', got '${pyStr(how)}'`, 'ValueError');
    const keyOf = (col: string, side: string) => (row: Row): unknown => {
      if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new NodeFailure(`${side} rows must be dicts, found '${pyTypeName(row)}'`, 'TypeError');
      const v = row[col];
      return v === null || v === undefined ? null : joinKey(v);
    };
    const stats: HashJoinStats = { maxPartitionRows: 0 };
    const joined = hashJoin(readAll(ctx, left) as AsyncIterable<Row[]>, readAll(ctx, right) as AsyncIterable<Row[]>, keyOf(lk, 'left'), keyOf(rk, 'right'),
      { how, partitions: intParam(ctx, 'partitions', 16), tempDir: tempDir(ctx), batchSize: BATCH }, stats);
    const rows = await writeAtomic(output, joined);
    ctx.out('rows', rows);
    ctx.out('max_partition_rows', stats.maxPartitionRows);
    ctx.out('output_path', output);
  },
});
