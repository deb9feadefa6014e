/**
 * Messages between the main thread and kernel threads. Plain data only (STYLE §7): no functions,
 * class instances or Errors; an error crosses as WireError and is rebuilt by `reviveWireError`.
 */
import { CasareError, ERROR_CODES } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { PyError } from '../lib/py/errors.js';
import { NodeFailure } from '../nodes/types.js';

/** One unit of work: run kernel `kernel` on `input`. */
export interface KernelTask {
  readonly kind: 'kernel';
  readonly kernel: string;
  readonly input: unknown;
}

/** An error that crossed the thread boundary. */
export interface WireError {
  readonly code?: string;
  readonly message: string;
  readonly pyType?: string;
  readonly errorType?: string;
  readonly name?: string;
  readonly stack?: string;
}

export type KernelReply =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: WireError };

/** Thread side: flatten any thrown value to WireError. */
export function toWireError(e: unknown): WireError {
  if (e instanceof Error) {
    const x = e as Error & { code?: unknown; pyType?: unknown; errorType?: unknown };
    return {
      code: typeof x.code === 'string' ? x.code : undefined,
      message: x.message,
      pyType: typeof x.pyType === 'string' ? x.pyType : undefined,
      errorType: typeof x.errorType === 'string' ? x.errorType : undefined,
      name: x.name,
      stack: x.stack,
    };
  }
  return { message: String(e), name: 'Error' };
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Main side: rebuild the error class the engine maps to a node failure. PyError keeps pyType,
 * NodeFailure keeps errorType and code, a CasareError keeps its code; anything else becomes an Error
 * with the original name. The thread's stack is kept so a failure points into the kernel.
 */
export function reviveWireError(w: WireError): Error {
  let err: Error;
  if (w.pyType !== undefined) {
    err = new PyError(w.pyType, w.message);
  } else if (w.errorType !== undefined) {
    err = new NodeFailure(w.message, w.errorType, w.code ?? 'CASARE_E_NODE_FAILED');
  } else if (w.code !== undefined && CODES.has(w.code)) {
    err = new CasareError(w.code as ErrorCode, w.message);
  } else {
    err = new Error(w.message);
    if (w.name !== undefined) err.name = w.name;
  }
  if (w.stack !== undefined) err.stack = w.stack;
  return err;
}
