/**
 * Table transforms over arrays of row objects, as one pure kernel (inline or pool):
 * filter / map (expressions compiled once per task with src/compile/expression.ts — the one
 * exception to "kernels import only lib/": the expression compiler is pure and has no main-thread
 * state), sort (stable, typed comparators, several keys), group-by with count/sum/avg/min/max,
 * hash join (inner/left), distinct.
 */
import { compileCondition } from '../../compile/expression.js';
import type { VarLookup } from '../../compile/template.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { PyError } from '../../lib/py/errors.js';

export type Row = Readonly<Record<string, unknown>>;
export type SortType = 'auto' | 'number' | 'string' | 'date';
export interface SortKey { readonly column: string; readonly descending?: boolean; readonly type?: SortType }
export type AggregateOp = 'count' | 'sum' | 'avg' | 'min' | 'max';
export interface Aggregate { readonly op: AggregateOp; readonly column?: string; readonly as?: string }

export type TransformTask =
  | { readonly op: 'filter'; readonly rows: readonly Row[]; readonly condition: string }
  | { readonly op: 'map'; readonly rows: readonly Row[]; readonly columns: Readonly<Record<string, string>> }
  | { readonly op: 'sort'; readonly rows: readonly Row[]; readonly keys: readonly SortKey[] }
  | { readonly op: 'groupBy'; readonly rows: readonly Row[]; readonly by: readonly string[]; readonly aggregates: readonly Aggregate[] }
  | { readonly op: 'join'; readonly left: readonly Row[]; readonly right: readonly Row[]; readonly leftKey: string; readonly rightKey: string; readonly how: 'inner' | 'left' }
  | { readonly op: 'distinct'; readonly rows: readonly Row[]; readonly columns: readonly string[] | null };

/**
 * A VarLookup over one row, reused for every row of a task: the expression sees the row's fields as
 * variables and the whole row as `row`. Only get/has are used by the evaluator.
 */
class RowScope {
  row: Row = {};
  get(k: string): unknown { return k === 'row' ? this.row : (Object.prototype.hasOwnProperty.call(this.row, k) ? this.row[k] : undefined); }
  has(k: string): boolean { return k === 'row' || Object.prototype.hasOwnProperty.call(this.row, k); }
}

function filterRows(rows: readonly Row[], condition: string): Row[] {
  const cond = compileCondition(condition);
  const scope = new RowScope();
  const vars = scope as unknown as VarLookup;
  const out: Row[] = [];
  for (const r of rows) {
    scope.row = r;
    if (pyTruthy(cond.evaluate(vars))) out.push(r);
  }
  return out;
}

function mapRows(rows: readonly Row[], columns: Readonly<Record<string, string>>): Row[] {
  const names = Object.keys(columns);
  const exprs = names.map((n) => compileCondition(columns[n]!));
  const scope = new RowScope();
  const vars = scope as unknown as VarLookup;
  const out = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    scope.row = r;
    const o: Record<string, unknown> = { ...r };
    for (let k = 0; k < names.length; k++) o[names[k]!] = exprs[k]!.evaluate(vars);
    out[i] = o;
  }
  return out;
}

/** Rank of a value's type in 'auto' ordering: null/undefined always sort last (both directions). */
function typeRank(v: unknown): number {
  switch (typeof v) {
    case 'boolean': return 0;
    case 'number': return Number.isNaN(v) ? 4 : 1;
    case 'string': return 2;
    default: return v === null || v === undefined ? 5 : 3;
  }
}

/** Sort key of one cell under a type; null = missing (sorts last). */
function keyOf(v: unknown, type: SortType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'number': { const n = typeof v === 'number' ? v : Number(v); return Number.isNaN(n) ? null : n; }
    case 'string': return typeof v === 'string' ? v : String(v);
    case 'date': { const t = v instanceof Date ? v.getTime() : Date.parse(String(v)); return Number.isNaN(t) ? null : t; }
    case 'auto': return v;
  }
}

function compareKeys(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 5 || ra === 4) return 0;
  if (ra === 3) { const sa = JSON.stringify(a); const sb = JSON.stringify(b); return sa < sb ? -1 : sa > sb ? 1 : 0; }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function sortRows(rows: readonly Row[], keys: readonly SortKey[]): Row[] {
  // Decorate once (typed keys per row), sort indexes, undecorate: the comparator does no parsing.
  const n = rows.length;
  const nk = keys.length;
  const cols = keys.map((k) => {
    const c = new Array<unknown>(n);
    const t = k.type ?? 'auto';
    for (let i = 0; i < n; i++) c[i] = keyOf(rows[i]![k.column], t);
    return c;
  });
  const dirs = keys.map((k) => (k.descending === true ? -1 : 1));
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((x, y) => {
    for (let k = 0; k < nk; k++) {
      const a = cols[k]![x];
      const b = cols[k]![y];
      const missA = a === null;
      const missB = b === null;
      if (missA || missB) { if (missA !== missB) return missA ? 1 : -1; continue; }
      const c = compareKeys(a, b);
      if (c !== 0) return c * dirs[k]!;
    }
    return x - y; // stable by construction, whatever the engine's sort
  });
  return idx.map((i) => rows[i]!);
}

interface AggState { count: number; sum: number; min: unknown; max: unknown }

function aggName(a: Aggregate): string {
  return a.as ?? (a.op === 'count' && a.column === undefined ? 'count' : `${a.op}_${a.column ?? ''}`);
}

function groupRows(rows: readonly Row[], by: readonly string[], aggregates: readonly Aggregate[]): Row[] {
  for (const a of aggregates) {
    if (a.op !== 'count' && a.column === undefined) throw new PyError('ValueError', `aggregate '${a.op}' needs a column`);
  }
  const groups = new Map<string, { keys: unknown[]; states: AggState[] }>();
  for (const r of rows) {
    const keys = by.map((c) => r[c] ?? null);
    const gk = JSON.stringify(keys);
    let g = groups.get(gk);
    if (g === undefined) {
      g = { keys, states: aggregates.map(() => ({ count: 0, sum: 0, min: undefined, max: undefined })) };
      groups.set(gk, g);
    }
    for (let i = 0; i < aggregates.length; i++) {
      const a = aggregates[i]!;
      const s = g.states[i]!;
      if (a.column === undefined) { s.count++; continue; }
      const v = r[a.column];
      if (v === null || v === undefined) continue;
      if (a.op === 'sum' || a.op === 'avg') {
        if (typeof v !== 'number') continue; // non-numbers are ignored, not coerced
        s.sum += v;
      } else if (a.op === 'min') {
        if (s.min === undefined || compareKeys(v, s.min) < 0) s.min = v;
      } else if (a.op === 'max') {
        if (s.max === undefined || compareKeys(v, s.max) > 0) s.max = v;
      }
      s.count++;
    }
  }
  const out: Row[] = [];
  for (const g of groups.values()) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < by.length; i++) o[by[i]!] = g.keys[i];
    for (let i = 0; i < aggregates.length; i++) {
      const a = aggregates[i]!;
      const s = g.states[i]!;
      o[aggName(a)] = a.op === 'count' ? s.count : a.op === 'sum' ? s.sum : a.op === 'avg' ? (s.count === 0 ? null : s.sum / s.count)
        : a.op === 'min' ? (s.min ?? null) : (s.max ?? null);
    }
    out.push(o);
  }
  return out;
}

/** Join key: primitives by value (1 and "1" differ), other values by JSON text. */
export function joinKey(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : v;
}

function joinRows(left: readonly Row[], right: readonly Row[], leftKey: string, rightKey: string, how: 'inner' | 'left'): Row[] {
  const index = new Map<unknown, Row[]>();
  for (const r of right) {
    const v = r[rightKey];
    if (v === null || v === undefined) continue; // null keys never match (SQL semantics)
    const k = joinKey(v);
    const list = index.get(k);
    if (list === undefined) index.set(k, [r]); else list.push(r);
  }
  const out: Row[] = [];
  for (const l of left) {
    const v = l[leftKey];
    const matches = v === null || v === undefined ? undefined : index.get(joinKey(v));
    if (matches === undefined) { if (how === 'left') out.push({ ...l }); continue; }
    for (const r of matches) out.push({ ...l, ...r });
  }
  return out;
}

function distinctRows(rows: readonly Row[], columns: readonly string[] | null): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const r of rows) {
    const k = columns === null ? JSON.stringify(r) : JSON.stringify(columns.map((c) => r[c] ?? null));
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out;
}

export function transformKernel(t: TransformTask): Row[] {
  switch (t.op) {
    case 'filter': return filterRows(t.rows, t.condition);
    case 'map': return mapRows(t.rows, t.columns);
    case 'sort': return sortRows(t.rows, t.keys);
    case 'groupBy': return groupRows(t.rows, t.by, t.aggregates);
    case 'join': return joinRows(t.left, t.right, t.leftKey, t.rightKey, t.how);
    case 'distinct': return distinctRows(t.rows, t.columns);
  }
}

/**
 * Estimated inline cost (µs). Rows cross to a thread by structured clone *on the main thread*
 * (~0.5 µs per small row each way), so cheap per-row work only pays off in the pool for large tables;
 * the per-row figures are rough and include that clone cost as a floor.
 */
export function estimateTransformCostUs(t: TransformTask): number {
  switch (t.op) {
    case 'filter': return t.rows.length * 0.5;
    case 'map': return t.rows.length * 0.5 * Math.max(1, Object.keys(t.columns).length);
    case 'sort': return t.rows.length * Math.log2(t.rows.length + 2) * 0.1 * Math.max(1, t.keys.length);
    case 'groupBy': return t.rows.length * 0.4;
    case 'join': return (t.left.length + t.right.length) * 0.3;
    case 'distinct': return t.rows.length * 0.4;
  }
}
