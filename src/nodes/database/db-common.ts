/** Shared pieces of the database nodes: the handle read, SQL with bound templates, failures. */
import type { NodeContext } from '../types.js';
import { NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { bindTemplates } from './bind-templates.js';
import type { BoundSql } from './bind-templates.js';
import { isDbConnection } from './db-connection.js';
import type { DbConnection } from './db-connection.js';

/** A database node failure; `sqlState` carries PostgreSQL's SQLSTATE (e.g. 42P01) when there is one. */
export class DbFailure extends NodeFailure {
  readonly sqlState: string | null;
  constructor(message: string, errorType: string, sqlState: string | null) {
    super(message, errorType);
    this.sqlState = sqlState;
  }
}

/** SQLSTATE of a pg error (5 characters), else null. */
export function sqlStateOf(e: unknown): string | null {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** Build the failure `<prefix>: <text>` (bare text when prefix is ''), setting success/error outputs. */
export function dbFail(ctx: NodeContext, prefix: string, e: unknown): DbFailure {
  const text = e instanceof Error ? e.message : String(e);
  const message = prefix === '' ? text : `${prefix}: ${text}`;
  ctx.out('success', false);
  ctx.out('error', message);
  const state = sqlStateOf(e);
  // The run error keeps CasareRPA's text; the SQLSTATE reaches the run result as a log record.
  if (state !== null) ctx.log('error', `SQLSTATE ${state}: ${text}`);
  return new DbFailure(message, state !== null ? 'PostgresError' : e instanceof NodeFailure ? e.errorType : 'DatabaseError', state);
}

/** The `connection` port (port-only read, §17.1). */
export function connectionOf(ctx: NodeContext): DbConnection {
  const c = ctx.port('connection');
  if (!isDbConnection(c)) throw new Error('Database connection is required');
  return c;
}

/** `parameters`: a list, or JSON text of a list; anything else is one parameter. */
export function parametersOf(ctx: NodeContext): unknown[] {
  let p = ctx.param('parameters');
  if (p === null || p === undefined || p === '') return [];
  if (typeof p === 'string') {
    try { p = JSON.parse(p); } catch { return [p]; }
  }
  return Array.isArray(p) ? p : [p];
}

/**
 * The SQL of `key` with its templates bound after the node's own parameters. Reads the raw text
 * (port, else config) so no template is ever spliced into the statement.
 */
export function boundSql(ctx: NodeContext, key: string, params: unknown[]): BoundSql {
  const raw = ctx.port(key) ?? ctx.configRaw(key) ?? '';
  const sql = typeof raw === 'string' ? raw : pyStr(raw);
  const b = bindTemplates(sql, params.length + 1, (ref) => ctx.resolve(ref));
  return { text: b.text, values: b.values.length === 0 ? params : [...params, ...b.values] };
}

/** Retry `fn` up to `retries` more times with a constant `intervalMs` pause. */
export async function withRetries<T>(retries: number, intervalMs: number, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= retries || signal.aborted) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export function intParam(ctx: NodeContext, key: string, dflt: number): number {
  const v = ctx.param(key);
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : dflt;
}

/** Column names: pg has no description for zero rows here (§17.1), so the first row's keys or []. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  return rows.length === 0 ? [] : Object.keys(rows[0]!);
}

/** rows_affected from a pg result: the command tag's count, 0 when it has none. */
export function rowsAffected(r: { rowCount: number | null }): number {
  return r.rowCount ?? 0;
}
