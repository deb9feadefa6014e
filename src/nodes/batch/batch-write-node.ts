/**
 * BatchWriteNode and BatchCommitNode (Casare types): streamed output with atomic commit.
 *
 * BatchWriteNode appends `rows` (a list of rows, or one row) to `file_path`, opened on the first
 * write of the run. Format csv | ndjson | json_array ('auto' from the extension, default ndjson),
 * compression from `.gz` / `.zst` ('auto') or forced; gzip `compression_level` defaults to 1 (fast:
 * level 6 made the compressor the bottleneck of a streamed pipeline, for ~15 % smaller files). With atomic=true (default) rows go to
 * `<file_path>.tmp-<run>`; BatchCommitNode (after the loop's `completed`) closes it and renames it
 * to file_path. The RunScope cannot tell success from failure when it closes, so the scope's
 * releaser only aborts: an output still uncommitted when the run ends (failure, cancel, or a
 * missing commit node) is destroyed and its temp file deleted, never left looking complete.
 * With atomic=false rows go straight to file_path (mode 'append' keeps what is there: resume a
 * failed run with the reader's start_row); the scope's releaser flushes and closes it.
 *
 * Per run, open outputs live in a map keyed by the final path in the RunScope's locals, so several
 * write nodes (or iterations) share one output. Inside a parallel stream body (BatchReadStartNode
 * with concurrency > 1) a write waits for its batch's turn: batches reach the file in input order.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { defineNode, NodeFailure, ORDERED_SLOT_VAR, type NodeContext, type OrderedSlot } from '../types.js';
import { getScope } from '../../resources/services.js';
import type { Lease, RunScope } from '../../resources/run-scope.js';
import { pyStr } from '../../lib/py/str.js';
import { RecordWriter, compressionFromName, outFormatFromName, type OutCompression, type OutFormat } from '../../lib/stream/record-writer.js';
import { boolParam, createZstdEncode, intParam, pathParam, rowsInput, strParam } from './batch-io.js';
import { getPool, runKernel } from '../../pool/offload.js';
import { columnBuffers, encodeColumns, uniformKeys } from '../../lib/stream/column-codec.js';
import { estimateEncodeCostUs } from './batch-encode-kernel.js';

export interface OpenOutput {
  readonly finalPath: string;
  readonly writePath: string;
  readonly atomic: boolean;
  readonly writer: RecordWriter;
  readonly lease: Lease;
  committed: boolean;
}

const kOutputs = Symbol('casare.batch.outputs');
const kRunTag = Symbol('casare.batch.runTag');

export function runOutputs(scope: RunScope): Map<string, OpenOutput> {
  return scope.local(kOutputs, () => new Map<string, OpenOutput>());
}

function runTag(scope: RunScope): string {
  return scope.local(kRunTag, () => randomBytes(4).toString('hex'));
}

async function openOutput(ctx: NodeContext, finalPath: string): Promise<OpenOutput> {
  const scope = getScope(ctx);
  const atomic = boolParam(ctx, 'atomic', true);
  const mode = strParam(ctx, 'mode', 'overwrite');
  if (mode !== 'overwrite' && mode !== 'append') throw new NodeFailure(`mode must be 'overwrite' or 'append', got '${mode}'`, 'ValueError');
  if (atomic && mode === 'append') throw new NodeFailure("mode 'append' needs atomic=false", 'ValueError');
  const f = strParam(ctx, 'format', 'auto');
  const format: OutFormat = f === 'auto' ? outFormatFromName(finalPath) : (f as OutFormat);
  if (format !== 'csv' && format !== 'ndjson' && format !== 'json_array') throw new NodeFailure(`format must be one of auto, csv, ndjson, json_array, got '${f}'`, 'ValueError');
  const c = strParam(ctx, 'compression', 'auto');
  const compression: OutCompression = c === 'auto' ? compressionFromName(finalPath) : (c as OutCompression);
  if (compression !== 'none' && compression !== 'gzip' && compression !== 'zstd') throw new NodeFailure(`compression must be one of auto, none, gzip, zstd, got '${c}'`, 'ValueError');
  const cols = ctx.param('columns');
  const writePath = atomic ? `${finalPath}.tmp-${runTag(scope)}` : finalPath;
  const writer = await RecordWriter.open(writePath, {
    format, compression, createZstd: createZstdEncode,
    delimiter: strParam(ctx, 'delimiter', ','),
    header: boolParam(ctx, 'header', true),
    ...(Array.isArray(cols) && cols.length > 0 ? { columns: cols.map((x) => pyStr(x)) } : {}),
    formatValue: pyStr,
    append: mode === 'append',
    level: Math.min(9, Math.max(1, intParam(ctx, 'compression_level', 1))),
  });
  const out: OpenOutput = { finalPath, writePath, atomic, writer, committed: false, lease: null as unknown as Lease };
  (out as { lease: Lease }).lease = scope.defer(async () => {
    runOutputs(scope).delete(finalPath);
    if (out.committed) return;
    if (atomic) {
      await writer.destroy();
      await unlink(writePath).catch(() => undefined);
    } else {
      await writer.close();
    }
  });
  runOutputs(scope).set(finalPath, out);
  return out;
}

export const batchWriteNode = defineNode({
  type: 'BatchWriteNode', category: 'batch',
  inputs: ['rows', 'file_path'], required: ['file_path'],
  outputs: ['rows_written', 'file_path', 'temp_path'],
  config: {
    rows: null, file_path: null, format: 'auto', compression: 'auto', compression_level: 1, atomic: true, mode: 'overwrite', pool: false,
    delimiter: ',', header: true, columns: null, allow_dangerous_paths: false,
  },
  cost: 'io', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const finalPath = await pathParam(ctx, 'file_path');
    const rows = rowsInput(ctx, 'rows');
    // Encode first (pool: true; alongside earlier batches' writes in a parallel stream body), then
    // wait until every earlier batch is done, so rows keep input order.
    const slot = ctx.vars.get(ORDERED_SLOT_VAR) as OrderedSlot | undefined;
    const encoded = await encodeInPool(ctx, rows, finalPath);
    if (slot !== undefined) await slot.turn();
    const outputs = runOutputs(getScope(ctx));
    let out = outputs.get(finalPath);
    if (out !== undefined && out.committed) throw new NodeFailure(`output ${finalPath} was already committed in this run`, 'ValueError');
    out ??= await openOutput(ctx, finalPath);
    if (encoded !== null && out.writer.format === 'ndjson') await out.writer.writeEncoded(encoded, rows.length);
    else await out.writer.write(rows);
    ctx.out('rows_written', out.writer.rowsWritten);
    ctx.out('file_path', finalPath);
    if (out.atomic) ctx.out('temp_path', out.writePath);
  },
});

/**
 * NDJSON bytes of `rows` encoded in the pool, or null to encode inline. `pool: true` = when there
 * is a pool and the batch qualifies: NDJSON, and every row has the same keys in the same order (the
 * thread rebuilds rows from columns; the text must equal JSON.stringify of the originals). Off by
 * default: it moves ~0.5 µs per row off the main thread for ~1 µs per row more CPU in total, a
 * loss unless a core is idle (100 MB bench on 2 shared cores: 1.3-1.6x slower).
 */
async function encodeInPool(ctx: NodeContext, rows: readonly unknown[], finalPath: string): Promise<Uint8Array | null> {
  const mode = ctx.param('pool');
  if ((mode !== true && mode !== 'true') || rows.length === 0 || getPool(ctx) === null) return null;
  const f = strParam(ctx, 'format', 'auto');
  if ((f === 'auto' ? outFormatFromName(finalPath) : f) !== 'ndjson') return null;
  const r0 = rows[0];
  const cost = estimateEncodeCostUs(rows.length, r0 !== null && typeof r0 === 'object' ? Object.keys(r0).length : 1);
  const keys = uniformKeys(rows);
  if (keys === null) return null;
  const cols = encodeColumns(rows, keys);
  if (cols === null) return null;
  return await runKernel<Uint8Array>(ctx, 'batch.encodeNdjson', cols, cost, { forcePool: true, transfer: columnBuffers(cols.columns) });
}

/** Close and (for atomic outputs) rename one output; returns rows written. */
export async function commitOutput(out: OpenOutput): Promise<number> {
  await out.writer.close();
  if (out.atomic) await rename(out.writePath, out.finalPath);
  out.committed = true;
  await out.lease.release();
  return out.writer.rowsWritten;
}

export const batchCommitNode = defineNode({
  type: 'BatchCommitNode', category: 'batch',
  inputs: ['file_path'], outputs: ['committed_files', 'rows_committed'],
  config: { file_path: '', format: 'auto', compression: 'auto', atomic: true, mode: 'overwrite', delimiter: ',', header: true, columns: null, allow_dangerous_paths: false },
  cost: 'io', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const outputs = runOutputs(getScope(ctx));
    const given = strParam(ctx, 'file_path', '');
    let todo: OpenOutput[];
    if (given !== '') {
      const p = await pathParam(ctx, 'file_path');
      // Nothing was written (empty input): commit an empty output so the file exists.
      const o = outputs.get(p) ?? await openOutput(ctx, p);
      todo = [o];
    } else todo = [...outputs.values()];
    const files: string[] = [];
    let rows = 0;
    for (const o of todo) {
      rows += await commitOutput(o);
      files.push(o.finalPath);
    }
    ctx.out('committed_files', files);
    ctx.out('rows_committed', rows);
  },
});
