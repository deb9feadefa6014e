/**
 * BatchReadStartNode (Casare type): the start of a batch loop over a streamed file, closed by a
 * ForLoopEndNode whose `paired_start_id` names it. Like ForLoopStartNode it keeps its state in the
 * variable `<id>_loop_state`; the end node loops back while that variable exists.
 *
 * States (per run): no state -> open (first entry: file opened, closer registered with the RunScope)
 * -> a batch per entry via `body` -> exhausted or break_requested (reader closed, state deleted,
 * `completed`). A read error closes the reader, deletes the state and fails the node. Cancel and
 * failures elsewhere close the reader through the RunScope. The next batch is read only when the
 * body loops back, so the body's pace (a slow sink) is the reader's pace.
 *
 * Outputs per batch: batch (rows), batch_index (0-based), row_offset (data rows before this batch,
 * counting start_row: resume a failed run with start_row = the failed batch's row_offset),
 * rows_read (rows handed out by this run so far), bytes_read (stored bytes), bytes_total.
 *
 * concurrency > 1: the node opens the file and returns a 'parallelStream' control result instead
 * (batch-stream.ts); the engine runs up to `concurrency` bodies at once, each in its own frame.
 */
import { performance } from 'node:perf_hooks';
import { defineNode, NodeFailure, type NodeContext } from '../types.js';
import { getScope } from '../../resources/services.js';
import type { Lease } from '../../resources/run-scope.js';
import { RowSource } from '../../lib/stream/row-source.js';
import { READ_CONFIG, boolParam, intParam, pathParam, readOptions, toNodeFailure } from './batch-io.js';
import { makeProgress, progressSink } from './progress.js';
import { ReaderStream } from './batch-stream.js';

const BODY = ['body'] as const;
const COMPLETED = ['completed'] as const;

export interface BatchLoopState {
  readonly source: RowSource;
  readonly lease: Lease;
  readonly file: string;
  readonly batchSize: number;
  readonly startRow: number;
  readonly t0: number;
  batchIndex: number;
  break_requested?: boolean;
}

async function openState(ctx: NodeContext): Promise<BatchLoopState> {
  const file = await pathParam(ctx, 'file_path');
  const batchSize = intParam(ctx, 'batch_size', 5000);
  if (batchSize < 1) throw new NodeFailure(`batch_size must be >= 1, got ${batchSize}`, 'ValueError');
  const startRow = Math.max(0, intParam(ctx, 'start_row', 0));
  const opts = readOptions(ctx, file, startRow);
  let source: RowSource;
  try {
    source = await RowSource.open(file, opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NodeFailure(`File not found: ${file}`, 'FileNotFoundError');
    throw toNodeFailure(e, file);
  }
  const lease = getScope(ctx).defer(() => source.close());
  return { source, lease, file, batchSize, startRow, t0: performance.now(), batchIndex: 0 };
}

export const batchReadStartNode = defineNode({
  type: 'BatchReadStartNode', category: 'batch',
  inputs: ['file_path', 'batch_size', 'start_row'], required: ['file_path'],
  outputs: ['batch', 'batch_index', 'row_offset', 'rows_read', 'bytes_read', 'bytes_total', 'rows_committed', 'batches_committed', 'failed_batches', 'max_in_flight'],
  execOutputs: ['body', 'completed'],
  config: { file_path: null, batch_size: 5000, start_row: 0, concurrency: 1, fail_fast: true, timeout_per_batch: 0, ...READ_CONFIG },
  routing: 'SELF', writes: ['any'], cost: 'io', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const key = `${ctx.nodeId}_loop_state`;
    let state = ctx.vars.get(key) as BatchLoopState | undefined | null;
    const sink = progressSink(ctx);
    const concurrency = intParam(ctx, 'concurrency', 1);
    if (concurrency > 1) {
      if (state !== undefined && state !== null) { ctx.vars.delete(key); await state.lease.release(); }
      const s = await openState(ctx);
      ctx.vars.set(key, s);
      if (sink !== null) sink(makeProgress(ctx.nodeId, 'start', -1, 0, 0, s.source.totalBytes, 0, 0));
      const timeoutS = Number(ctx.param('timeout_per_batch') ?? 0);
      return {
        kind: 'parallelStream', stream: new ReaderStream(ctx, s, key, sink), concurrency,
        failFast: boolParam(ctx, 'fail_fast', true), timeoutPerBatchMs: Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS * 1000 : 0,
      };
    }
    if (state === undefined || state === null) {
      state = await openState(ctx);
      ctx.vars.set(key, state);
      if (sink !== null) sink(makeProgress(ctx.nodeId, 'start', -1, 0, 0, state.source.totalBytes, 0, 0));
    }
    const src = state.source;
    const finish = async (): Promise<void> => {
      ctx.vars.delete(key);
      await state.lease.release();
    };
    if (state.break_requested === true) {
      await finish();
      ctx.out('batch', null);
      return COMPLETED;
    }
    let batch: unknown[] | null;
    try {
      ctx.signal.throwIfAborted();
      batch = await src.nextBatch(state.batchSize);
    } catch (e) {
      await finish();
      if (sink !== null) sink(makeProgress(ctx.nodeId, 'error', state.batchIndex - 1, src.rowsRead, src.storedBytes, src.totalBytes, src.decodedBytes, performance.now() - state.t0));
      throw toNodeFailure(e, state.file);
    }
    const elapsed = performance.now() - state.t0;
    ctx.out('rows_read', src.rowsRead);
    ctx.out('bytes_read', src.storedBytes);
    ctx.out('bytes_total', src.totalBytes);
    if (batch === null) {
      await finish();
      ctx.out('batch', null);
      ctx.out('row_offset', state.startRow + src.rowsRead);
      if (sink !== null) sink(makeProgress(ctx.nodeId, 'done', state.batchIndex - 1, src.rowsRead, src.storedBytes, src.totalBytes, src.decodedBytes, elapsed));
      return COMPLETED;
    }
    const i = state.batchIndex++;
    ctx.out('batch', batch);
    ctx.out('batch_index', i);
    ctx.out('row_offset', state.startRow + src.rowsRead - batch.length);
    if (sink !== null) sink(makeProgress(ctx.nodeId, 'batch', i, src.rowsRead, src.storedBytes, src.totalBytes, src.decodedBytes, elapsed));
    return BODY;
  },
});
