/**
 * The BatchStream behind BatchReadStartNode with concurrency > 1: the engine pulls a batch when a
 * body slot is free (next) and reports how the stream ended (finish). States: open -> reading
 * (next() until null, a read error or a BreakNode's break_requested) -> finished (reader closed,
 * `<id>_loop_state` deleted, final outputs set on the node). finish() runs exactly once.
 *
 * Final outputs: row_offset = start_row + rows of the committed prefix (batches that all succeeded,
 * in input order: resume a failed run with start_row = row_offset), rows_committed,
 * batches_committed, failed_batches ({batch_index, row_offset, rows, error, code}), max_in_flight,
 * rows_read, bytes_read, bytes_total, batch_index (last batch read).
 */
import { performance } from 'node:perf_hooks';
import type { BatchStream, NodeContext, StreamBatch, StreamSummary } from '../types.js';
import { toNodeFailure } from './batch-io.js';
import type { BatchLoopState } from './batch-read-node.js';
import { makeProgress, type ProgressSink } from './progress.js';

export class ReaderStream implements BatchStream {
  readonly #ctx: NodeContext;
  readonly #state: BatchLoopState;
  readonly #key: string;
  readonly #sink: ProgressSink | null;

  constructor(ctx: NodeContext, state: BatchLoopState, key: string, sink: ProgressSink | null) {
    this.#ctx = ctx;
    this.#state = state;
    this.#key = key;
    this.#sink = sink;
  }

  async next(): Promise<StreamBatch | null> {
    const st = this.#state;
    if (st.break_requested === true) return null;
    const src = st.source;
    let batch: unknown[] | null;
    try {
      this.#ctx.signal.throwIfAborted();
      batch = await src.nextBatch(st.batchSize);
    } catch (e) {
      this.#progress('error', st.batchIndex - 1);
      throw toNodeFailure(e, st.file);
    }
    if (batch === null) return null;
    const i = st.batchIndex++;
    const rowOffset = st.startRow + src.rowsRead - batch.length;
    this.#progress('batch', i);
    return {
      rows: batch.length, rowOffset,
      outputs: { batch, batch_index: i, row_offset: rowOffset, rows_read: src.rowsRead, bytes_read: src.storedBytes, bytes_total: src.totalBytes },
    };
  }

  async finish(s: StreamSummary): Promise<void> {
    const ctx = this.#ctx;
    const st = this.#state;
    const src = st.source;
    ctx.vars.delete(this.#key);
    await st.lease.release();
    ctx.out('batch', null);
    ctx.out('batch_index', st.batchIndex - 1);
    ctx.out('row_offset', st.startRow + s.committedRows);
    ctx.out('rows_committed', s.committedRows);
    ctx.out('batches_committed', s.committedBatches);
    ctx.out('failed_batches', s.failedBatches);
    ctx.out('max_in_flight', s.maxInFlight);
    ctx.out('rows_read', src.rowsRead);
    ctx.out('bytes_read', src.storedBytes);
    ctx.out('bytes_total', src.totalBytes);
    if (s.ok) this.#progress('done', st.batchIndex - 1);
  }

  #progress(phase: 'batch' | 'done' | 'error', i: number): void {
    if (this.#sink === null) return;
    const st = this.#state;
    const src = st.source;
    this.#sink(makeProgress(this.#ctx.nodeId, phase, i, src.rowsRead, src.storedBytes, src.totalBytes, src.decodedBytes, performance.now() - st.t0));
  }
}
