/**
 * Progress events of the batch nodes, sent to `ctx.services.progress` when the host set one (the CLI
 * renders a bar on a TTY, plain lines otherwise, NDJSON with --json). Costs nothing when unset:
 * the sink is looked up once per node activation and events are built only if it exists.
 */
import type { NodeContext } from '../types.js';

export interface BatchProgressEvent {
  readonly type: 'batch-progress';
  readonly nodeId: string;
  /** start: source opened; batch: a batch was handed to the loop body; done: input exhausted; error: reading failed. */
  readonly phase: 'start' | 'batch' | 'done' | 'error';
  /** Index of the batch just emitted (-1 before the first). */
  readonly batchIndex: number;
  /** Data rows handed out so far (after start_row). */
  readonly rows: number;
  /** Stored (compressed) bytes read so far and the stored file size: bytesRead / bytesTotal is the fraction done. */
  readonly bytesRead: number;
  readonly bytesTotal: number;
  /** Decompressed bytes so far. */
  readonly decodedBytes: number;
  readonly elapsedMs: number;
  readonly rowsPerSec: number;
  /** Estimated ms left from the byte fraction (null before any progress). */
  readonly etaMs: number | null;
}

export type ProgressSink = (e: BatchProgressEvent) => void;

export function progressSink(ctx: NodeContext): ProgressSink | null {
  const p = ctx.services['progress'];
  return typeof p === 'function' ? (p as ProgressSink) : null;
}

export function makeProgress(nodeId: string, phase: BatchProgressEvent['phase'], batchIndex: number, rows: number,
  bytesRead: number, bytesTotal: number, decodedBytes: number, elapsedMs: number): BatchProgressEvent {
  const rowsPerSec = elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
  const frac = bytesTotal > 0 ? bytesRead / bytesTotal : 0;
  const etaMs = frac > 0 && phase !== 'done' ? (elapsedMs * (1 - frac)) / frac : phase === 'done' ? 0 : null;
  return { type: 'batch-progress', nodeId, phase, batchIndex, rows, bytesRead, bytesTotal, decodedBytes, elapsedMs, rowsPerSec, etaMs };
}
