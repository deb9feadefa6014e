/**
 * The one error type of src/lib/stream: a PyError (so the engine reports `pyType` as the error type)
 * that also says where in the input the fault is. `reason` is stable and matched by callers;
 * `byteOffset` is in the stored (possibly compressed) bytes for decompression faults and in the
 * decoded bytes otherwise; `row` is the 1-based data row at fault (0 = before the first row).
 */
import { PyError } from '../py/errors.js';

export type StreamErrorReason = 'corrupt' | 'too_large' | 'bad_csv' | 'bad_json' | 'not_found';

export class StreamError extends PyError {
  readonly reason: StreamErrorReason;
  byteOffset: number;
  row: number;
  /** Physical line (1-based) for text formats; 0 when unknown. */
  line: number;

  constructor(pyType: string, reason: StreamErrorReason, message: string, at: { byteOffset?: number; row?: number; line?: number } = {}) {
    super(pyType, message);
    this.name = 'StreamError';
    this.reason = reason;
    this.byteOffset = at.byteOffset ?? -1;
    this.row = at.row ?? 0;
    this.line = at.line ?? 0;
  }
}

export function isStreamError(e: unknown): e is StreamError {
  return e instanceof Error && (e as { name?: string }).name === 'StreamError' && typeof (e as StreamError).reason === 'string';
}
