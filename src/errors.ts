/**
 * CasareError: the one error type Casare throws. Codes are API (never renamed, never reused);
 * match on `err.code`, not `instanceof`, because errors cross threads and module copies.
 * docs/errors.md has a row per code; test/errors.test.ts keeps the table and this union in step.
 */

export const ERROR_CODES = [
  'CASARE_E_LOAD_NOT_FOUND',
  'CASARE_E_LOAD_READ',
  'CASARE_E_LOAD_TOO_LARGE',
  'CASARE_E_LOAD_BAD_COMPRESSION',
  'CASARE_E_LOAD_BAD_JSON',
  'CASARE_E_LOAD_BAD_ENCODING',
  'CASARE_E_VALIDATE_SCHEMA',
  'CASARE_E_VALIDATE_SEMANTIC',
  'CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE',
  'CASARE_E_VALIDATE_UNSUPPORTED_NODE',
  'CASARE_E_COMPILE_CYCLE',
  'CASARE_E_COMPILE_TEMPLATE',
  'CASARE_E_COMPILE_EXPRESSION',
  'CASARE_E_CONFIG_INVALID',
  'CASARE_E_NODE_FAILED',
  'CASARE_E_NODE_INPUT_MISSING',
  'CASARE_E_NODE_TIMEOUT',
  'CASARE_E_NODE_WORKER_CRASHED',
  'CASARE_E_RUN_TIMEOUT',
  'CASARE_E_RUN_CANCELLED',
  'CASARE_E_RUN_NO_START',
  'CASARE_E_RESOURCE_EXHAUSTED',
  'CASARE_E_FILE_OUTSIDE_ROOT',
  'CASARE_E_FILE_PATH_TRAVERSAL',
  'CASARE_E_HTTP_SSRF_BLOCKED',
  'CASARE_E_BATCH_BAD_COMPRESSION',
  'CASARE_E_BATCH_TOO_LARGE',
  'CASARE_E_BATCH_BAD_CSV',
  'CASARE_E_BATCH_BAD_JSON',
  'CASARE_E_BATCH_JSON_PATH_NOT_FOUND',
  'CASARE_E_BATCH_ROW_INVALID',
  'CASARE_E_ENGINE_CLOSED',
  'CASARE_E_INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where a fault is: a file and RFC 6901 pointer while loading, a node while running. */
export interface ErrorWhere {
  file?: string;
  pointer?: string;
  nodeId?: string;
  nodeType?: string;
  line?: number;
  column?: number;
  offset?: number;
}

/** One validation problem; a load error carries all of them. */
export interface Issue {
  severity: 'error' | 'warning';
  /** CasareRPA issue code (UNKNOWN_NODE_TYPE, ORPHANED_CONNECTION, ...) or a Casare code. */
  code: string;
  message: string;
  pointer: string;
  nodeId?: string;
}

export interface CasareErrorOptions {
  where?: ErrorWhere;
  cause?: unknown;
  retryable?: boolean;
  issues?: Issue[];
}

export class CasareError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorWhere | undefined;
  readonly retryable: boolean;
  readonly issues: Issue[] | undefined;

  constructor(code: ErrorCode, message: string, options: CasareErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CasareError';
    this.code = code;
    this.where = options.where;
    this.retryable = options.retryable ?? false;
    this.issues = options.issues;
  }

  /** Plain data for crossing a thread or printing as JSON. */
  toJSON(): SerializedError {
    const out: SerializedError = { code: this.code, message: this.message };
    if (this.where) out.where = this.where;
    if (this.issues) out.issues = this.issues;
    if (this.retryable) out.retryable = true;
    return out;
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  where?: ErrorWhere;
  issues?: Issue[];
  retryable?: boolean;
  stack?: string;
}

export function isCasareError(e: unknown): e is CasareError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' &&
    (e as { code: string }).code.startsWith('CASARE_E_') && e instanceof Error;
}

/** Rebuild an error that crossed a thread boundary as plain data. */
export function reviveError(data: SerializedError): CasareError {
  const err = new CasareError(data.code, data.message, { where: data.where, issues: data.issues, retryable: data.retryable });
  if (data.stack) err.stack = data.stack;
  return err;
}

/** Shorten an echoed value so messages never carry whole payloads. */
export function truncateForMessage(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} chars)`;
}
