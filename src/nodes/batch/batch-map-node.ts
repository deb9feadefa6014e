/**
 * BatchMapNode (Casare type): validate and map one batch row by row, with a row-error policy.
 *
 * Per row: every `required` column must be present and not null / ''; then each `columns` entry
 * {name: expression} is evaluated with the row's fields as variables (and the row as `row`, as in
 * TableMapNode) and set on a copy of the row. A row whose check or expression fails is handled by
 * `on_error`:
 *   fail_fast        the node fails with CASARE_E_BATCH_ROW_INVALID naming the row number and reason;
 *   skip_and_record  the row is left out of `rows`; {row_number, reason, row} is appended to
 *                    `reject_path` (NDJSON, appended per batch, never rolled back: rejects survive
 *                    a failed run) and to the `rejects` output;
 *   retry            the row is evaluated again up to `max_retries` times (for expressions over
 *                    values that change between attempts), then recorded as skip_and_record does.
 * Row numbers are 1-based data rows of the input file: `row_offset` (wire the reader's) + index + 1.
 */
import { appendFile } from 'node:fs/promises';
import { defineNode, NodeFailure, type NodeContext } from '../types.js';
import { compileCondition, type CompiledCondition } from '../../compile/expression.js';
import type { VarLookup } from '../../compile/template.js';
import { pyStr } from '../../lib/py/str.js';
import { TimeSlice } from '../../lib/stream/time-slice.js';
import { intParam, pathParam, rowsInput, strParam } from './batch-io.js';

type Row = Record<string, unknown>;

class RowScope {
  row: Row = {};
  get(k: string): unknown { return k === 'row' ? this.row : Object.prototype.hasOwnProperty.call(this.row, k) ? this.row[k] : undefined; }
  has(k: string): boolean { return k === 'row' || Object.prototype.hasOwnProperty.call(this.row, k); }
}

const compiled = new Map<string, CompiledCondition>();
function compileCached(text: string): CompiledCondition {
  let c = compiled.get(text);
  if (c === undefined) {
    c = compileCondition(text);
    if (compiled.size > 256) compiled.clear();
    compiled.set(text, c);
  }
  return c;
}

export interface RowReject { readonly row_number: number; readonly reason: string; readonly row: unknown }

function columnsParam(ctx: NodeContext): [string[], CompiledCondition[]] {
  const v = ctx.port('columns') ?? ctx.configRaw('columns');
  if (v === null || v === undefined) return [[], []];
  if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((e) => typeof e === 'string')) {
    throw new NodeFailure('columns must be a dict of column name -> expression', 'TypeError');
  }
  const names = Object.keys(v);
  return [names, names.map((n) => compileCached((v as Record<string, string>)[n]!))];
}

function requiredParam(ctx: NodeContext): string[] {
  const v = ctx.param('required');
  if (v === null || v === undefined || v === '') return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.map((x) => pyStr(x));
  throw new NodeFailure('required must be a column name or a list of column names', 'TypeError');
}

function mapRow(r: unknown, required: readonly string[], names: readonly string[], exprs: readonly CompiledCondition[], scope: RowScope): Row | string {
  if (required.length === 0 && names.length === 0) return r as Row;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return 'row is not a dict';
  const row = r as Row;
  for (const c of required) {
    const x = row[c];
    if (x === undefined || x === null || x === '') return `missing required column '${c}'`;
  }
  if (names.length === 0) return row;
  scope.row = row;
  const o: Row = { ...row };
  const vars = scope as unknown as VarLookup;
  for (let k = 0; k < names.length; k++) {
    try {
      o[names[k]!] = exprs[k]!.evaluate(vars);
    } catch (e) {
      return `column '${names[k]}': ${(e as Error).message}`;
    }
  }
  return o;
}

export const batchMapNode = defineNode({
  type: 'BatchMapNode', category: 'batch',
  inputs: ['rows', 'row_offset', 'columns'],
  outputs: ['rows', 'count', 'rejected_count', 'rejects'],
  config: { rows: null, row_offset: 0, columns: {}, required: [], on_error: 'fail_fast', max_retries: 2, reject_path: '', allow_dangerous_paths: false },
  cost: 'inline', pathKeys: ['reject_path'],
  async run(ctx) {
    const rows = rowsInput(ctx, 'rows');
    const policy = strParam(ctx, 'on_error', 'fail_fast');
    if (policy !== 'fail_fast' && policy !== 'skip_and_record' && policy !== 'retry') {
      throw new NodeFailure(`on_error must be one of fail_fast, skip_and_record, retry, got '${policy}'`, 'ValueError');
    }
    const offset = intParam(ctx, 'row_offset', 0);
    const retries = policy === 'retry' ? Math.max(0, intParam(ctx, 'max_retries', 2)) : 0;
    const [names, exprs] = columnsParam(ctx);
    const required = requiredParam(ctx);
    const scope = new RowScope();
    const out: Row[] = [];
    const rejects: RowReject[] = [];
    const slice = new TimeSlice();
    for (let i = 0; i < rows.length; i++) {
      if ((i & 255) === 255 && slice.due()) await slice.yieldNow();
      let r = mapRow(rows[i], required, names, exprs, scope);
      for (let a = 0; a < retries && typeof r === 'string'; a++) r = mapRow(rows[i], required, names, exprs, scope);
      if (typeof r !== 'string') { out.push(r); continue; }
      const rowNumber = offset + i + 1;
      if (policy === 'fail_fast') throw new NodeFailure(`row ${rowNumber}: ${r}`, 'ValueError', 'CASARE_E_BATCH_ROW_INVALID');
      rejects.push({ row_number: rowNumber, reason: r, row: rows[i] });
    }
    if (rejects.length > 0 && strParam(ctx, 'reject_path', '') !== '') {
      const p = await pathParam(ctx, 'reject_path');
      let s = '';
      for (const j of rejects) s += JSON.stringify(j) + '\n';
      await appendFile(p, s);
    }
    ctx.out('rows', out);
    ctx.out('count', out.length);
    ctx.out('rejected_count', rejects.length);
    ctx.out('rejects', rejects);
  },
});
