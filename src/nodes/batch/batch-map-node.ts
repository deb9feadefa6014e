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
 *
 * `pool`: 'auto' (default) runs the checks and expressions of a batch in the worker pool when the
 * estimated work is >= 1 ms and >= 3 µs per row and the node is in a parallel stream body
 * (BatchReadStartNode with concurrency > 1: other batches keep the main thread busy meanwhile; in
 * a sequential loop the main thread would only wait, and time slicing already keeps the event
 * loop free); true = pool whenever there is one; false = inline. Pooled batches travel
 * column-encoded (batch-map-kernel.ts).
 */
import { defineNode, NodeFailure, ORDERED_SLOT_VAR, type NodeContext } from '../types.js';
import { compileCondition, type CompiledCondition } from '../../compile/expression.js';
import type { VarLookup } from '../../compile/template.js';
import { pyStr } from '../../lib/py/str.js';
import { TimeSlice } from '../../lib/stream/time-slice.js';
import { intParam, recordRejects, rowsInput, strParam, type RowReject } from './batch-io.js';
import { getPool, OFFLOAD_MIN_COST_US, runKernel } from '../../pool/offload.js';
import { columnBuffers, cellAt, encodeColumns } from '../../lib/stream/column-codec.js';
import { estimateBatchMapCostUs, type BatchMapResult, type BatchMapTask } from './batch-map-kernel.js';

type Row = Record<string, unknown>;

export class RowScope {
  row: Row = {};
  get(k: string): unknown { return k === 'row' ? this.row : Object.prototype.hasOwnProperty.call(this.row, k) ? this.row[k] : undefined; }
  has(k: string): boolean { return k === 'row' || Object.prototype.hasOwnProperty.call(this.row, k); }
}

const compiled = new Map<string, CompiledCondition>();
export function compileCached(text: string): CompiledCondition {
  let c = compiled.get(text);
  if (c === undefined) {
    c = compileCondition(text);
    if (compiled.size > 256) compiled.clear();
    compiled.set(text, c);
  }
  return c;
}


function columnsParam(ctx: NodeContext): [string[], CompiledCondition[], string[]] {
  const v = ctx.port('columns') ?? ctx.configRaw('columns');
  if (v === null || v === undefined) return [[], [], []];
  if (typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((e) => typeof e === 'string')) {
    throw new NodeFailure('columns must be a dict of column name -> expression', 'TypeError');
  }
  const names = Object.keys(v);
  const texts = names.map((n) => (v as Record<string, string>)[n]!);
  return [names, texts.map(compileCached), texts];
}

/** Columns the checks and expressions read, or null when an expression reads `row` or templates (pool impossible). */
function readColumns(required: readonly string[], exprs: readonly CompiledCondition[]): string[] | null {
  const cols = new Set(required);
  for (const e of exprs) {
    if (e.refs === 'any' || e.refs.includes('row')) return null;
    for (const r of e.refs) cols.add(r);
  }
  return [...cols];
}

/**
 * 'auto' goes to the pool only for rows this expensive (estimated µs): encoding the columns, the
 * thread's work and the merge cost ~1 µs per row more CPU in total, and pool threads run at the
 * lowest priority. Measured on the 100 MB NDJSON bench (2 shared cores, busy neighbour): one cheap
 * expression (~2 µs per row) in the pool made the parallel run 1.2-1.6x slower than inline.
 */
const AUTO_MIN_ROW_US = 3;

/** Map a batch in the pool; null when it should run inline. Returns per-row output or reason. */
async function mapInPool(ctx: NodeContext, rows: readonly unknown[], required: string[], names: string[], exprs: CompiledCondition[],
  texts: string[], retries: number, stopAtFirst: boolean): Promise<BatchMapResult | null> {
  const mode = ctx.param('pool');
  if (mode === false || mode === 'false' || rows.length === 0 || (required.length === 0 && names.length === 0) || getPool(ctx) === null) return null;
  const cost = estimateBatchMapCostUs(rows.length, required.length, names.length);
  if (mode !== true && mode !== 'true' && (cost < OFFLOAD_MIN_COST_US || cost < rows.length * AUTO_MIN_ROW_US || !ctx.vars.has(ORDERED_SLOT_VAR))) return null;
  const read = readColumns(required, exprs);
  if (read === null) return null;
  const cols = encodeColumns(rows, read);
  if (cols === null) return null;
  const task: BatchMapTask = { cols, required, names, exprs: texts, retries, stopAtFirst };
  return await runKernel<BatchMapResult>(ctx, 'batch.map', task, cost, { forcePool: true, transfer: columnBuffers(cols.columns, [cols.notDict]) });
}

function requiredParam(ctx: NodeContext): string[] {
  const v = ctx.param('required');
  if (v === null || v === undefined || v === '') return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.map((x) => pyStr(x));
  throw new NodeFailure('required must be a column name or a list of column names', 'TypeError');
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A copy of a row to add columns to. Object.assign, not spread: measured (Node 20, 10k 6-key rows
 * from JSON.parse) spread + one new key 8.7 ms, Object.assign + one new key 0.87 ms — a spread
 * clone turns slow when a property is added. A row with an own `__proto__` key (JSON.parse makes
 * one) is spread: assign would run the prototype setter.
 */
export function copyRow(row: Row): Row {
  return hasOwn.call(row, '__proto__') ? { ...row } : Object.assign({}, row);
}

export function mapRow(r: unknown, required: readonly string[], names: readonly string[], exprs: readonly CompiledCondition[], scope: RowScope): Row | string {
  if (required.length === 0 && names.length === 0) return r as Row;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return 'row is not a dict';
  const row = r as Row;
  for (const c of required) {
    const x = row[c];
    if (x === undefined || x === null || x === '') return `missing required column '${c}'`;
  }
  if (names.length === 0) return row;
  scope.row = row;
  const o = copyRow(row);
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
  config: { rows: null, row_offset: 0, columns: {}, required: [], on_error: 'fail_fast', max_retries: 2, reject_path: '', pool: 'auto', allow_dangerous_paths: false },
  cost: 'inline', pathKeys: ['reject_path'],
  async run(ctx) {
    const rows = rowsInput(ctx, 'rows');
    const policy = strParam(ctx, 'on_error', 'fail_fast');
    if (policy !== 'fail_fast' && policy !== 'skip_and_record' && policy !== 'retry') {
      throw new NodeFailure(`on_error must be one of fail_fast, skip_and_record, retry, got '${policy}'`, 'ValueError');
    }
    const offset = intParam(ctx, 'row_offset', 0);
    const retries = policy === 'retry' ? Math.max(0, intParam(ctx, 'max_retries', 2)) : 0;
    const [names, exprs, texts] = columnsParam(ctx);
    const required = requiredParam(ctx);
    const out: Row[] = [];
    const rejects: RowReject[] = [];
    const pooled = await mapInPool(ctx, rows, required, names, exprs, texts, retries, policy === 'fail_fast');
    if (pooled !== null) {
      const { bad, reasons } = pooled;
      if (policy === 'fail_fast' && bad.length > 0) throw new NodeFailure(`row ${offset + bad[0]! + 1}: ${reasons[0]}`, 'ValueError', 'CASARE_E_BATCH_ROW_INVALID');
      let b = 0;
      const slice = new TimeSlice();
      for (let i = 0; i < rows.length; i++) {
        if ((i & 1023) === 1023 && slice.due()) await slice.yieldNow();
        if (b < bad.length && bad[b] === i) { rejects.push({ row_number: offset + i + 1, reason: reasons[b]!, row: rows[i] }); b++; continue; }
        if (names.length === 0) { out.push(rows[i] as Row); continue; }
        const o = copyRow(rows[i] as Row);
        for (let k = 0; k < names.length; k++) o[names[k]!] = cellAt(pooled.out[k]!, i);
        out.push(o);
      }
    } else {
      const scope = new RowScope();
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
    }
    await recordRejects(ctx, rejects);
    ctx.out('rows', out);
    ctx.out('count', out.length);
    ctx.out('rejected_count', rejects.length);
    ctx.out('rejects', rejects);
  },
});
