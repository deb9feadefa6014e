/**
 * Casare table-transform node types over lists of row dicts (not in CasareRPA). Each runs the one
 * transform kernel inline, or in the pool above the offload threshold (src/pool/offload.ts). All
 * route X and output `rows` and `count`.
 *
 * TableFilterNode   rows, condition (expression; row fields are variables, `row` is the row) → rows kept when truthy
 * TableMapNode      rows, columns {name: expression} → rows with those columns set (others kept)
 * TableSortNode     rows, keys [{column, descending=false, type='auto'|'number'|'string'|'date'}]
 *                   (or a column name string) → stable sort; null/missing/unparsable keys last
 * TableGroupByNode  rows, by [columns] (or a column name), aggregates [{op: count|sum|avg|min|max,
 *                   column?, as?}] → one row per group (first-appearance order): the by columns plus
 *                   each aggregate (`as`, default `<op>_<column>` or `count`); sum/avg ignore non-numbers
 * TableJoinNode     left, right, left_key, right_key (default left_key), how='inner'|'left' → hash join,
 *                   left order then right order; merged row = {...left, ...right}; null keys never match
 * TableDistinctNode rows, columns (null = whole row) → first row of each distinct key
 */
import { defineNode } from '../types.js';
import type { NodeContext } from '../types.js';
import { PyError } from '../../lib/py/errors.js';
import { pyTypeName } from '../../lib/py/str.js';
import { runKernel } from '../../pool/offload.js';
import { estimateTransformCostUs } from './transform-kernel.js';
import type { Aggregate, Row, SortKey, TransformTask } from './transform-kernel.js';

function rowsParam(ctx: NodeContext, name: string): Row[] {
  const v = ctx.param(name);
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new PyError('TypeError', `${name} must be a list of dicts, not '${pyTypeName(v)}'`);
  for (const r of v) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new PyError('TypeError', `${name} must be a list of dicts, found '${pyTypeName(r)}'`);
  }
  return v as Row[];
}

function columnList(v: unknown, name: string): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v) && v.every((c) => typeof c === 'string')) return v as string[];
  throw new PyError('TypeError', `${name} must be a column name or a list of column names`);
}

async function run(ctx: NodeContext, task: TransformTask): Promise<void> {
  const rows = await runKernel<Row[]>(ctx, 'transform.run', task, estimateTransformCostUs(task));
  ctx.out('rows', rows);
  ctx.out('count', rows.length);
}

const common = { category: 'transform', outputs: ['rows', 'count'], cost: 'cpu' } as const;

export const tableFilterNode = defineNode({
  ...common, type: 'TableFilterNode', inputs: ['rows', 'condition'], required: ['condition'], config: { rows: [], condition: null },
  run: (ctx) => run(ctx, { op: 'filter', rows: rowsParam(ctx, 'rows'), condition: String(ctx.param('condition')) }),
});

export const tableMapNode = defineNode({
  ...common, type: 'TableMapNode', inputs: ['rows', 'columns'], config: { rows: [], columns: {} },
  run(ctx) {
    const cols = ctx.param('columns');
    if (cols === null || typeof cols !== 'object' || Array.isArray(cols) || !Object.values(cols).every((e) => typeof e === 'string')) {
      throw new PyError('TypeError', 'columns must be a dict of column name -> expression');
    }
    return run(ctx, { op: 'map', rows: rowsParam(ctx, 'rows'), columns: cols as Record<string, string> });
  },
});

export const tableSortNode = defineNode({
  ...common, type: 'TableSortNode', inputs: ['rows', 'keys'], config: { rows: [], keys: [], descending: false },
  run(ctx) {
    const k = ctx.param('keys');
    const keys: SortKey[] = typeof k === 'string' ? [{ column: k, descending: ctx.param('descending') === true }]
      : Array.isArray(k) ? (k as SortKey[]) : [];
    for (const key of keys) {
      if (typeof key?.column !== 'string') throw new PyError('TypeError', 'each sort key needs a column name');
      if (key.type !== undefined && !['auto', 'number', 'string', 'date'].includes(key.type)) throw new PyError('ValueError', `unknown sort type '${String(key.type)}'`);
    }
    return run(ctx, { op: 'sort', rows: rowsParam(ctx, 'rows'), keys });
  },
});

export const tableGroupByNode = defineNode({
  ...common, type: 'TableGroupByNode', inputs: ['rows', 'by', 'aggregates'], config: { rows: [], by: [], aggregates: [{ op: 'count' }] },
  run(ctx) {
    const aggs = ctx.param('aggregates');
    if (!Array.isArray(aggs) || !aggs.every((a) => a !== null && typeof a === 'object' && ['count', 'sum', 'avg', 'min', 'max'].includes((a as Aggregate).op))) {
      throw new PyError('ValueError', 'aggregates must be a list of {op: count|sum|avg|min|max, column, as}');
    }
    return run(ctx, { op: 'groupBy', rows: rowsParam(ctx, 'rows'), by: columnList(ctx.param('by'), 'by'), aggregates: aggs as Aggregate[] });
  },
});

export const tableJoinNode = defineNode({
  ...common, type: 'TableJoinNode', inputs: ['left', 'right', 'left_key', 'right_key'], required: ['left_key'],
  config: { left: [], right: [], left_key: null, right_key: null, how: 'inner' },
  run(ctx) {
    const leftKey = String(ctx.param('left_key'));
    const rk = ctx.param('right_key');
    const how = ctx.param('how') ?? 'inner';
    if (how !== 'inner' && how !== 'left') throw new PyError('ValueError', `how must be 'inner' or 'left', got '${String(how)}'`);
    return run(ctx, { op: 'join', left: rowsParam(ctx, 'left'), right: rowsParam(ctx, 'right'), leftKey,
      rightKey: rk === null || rk === '' ? leftKey : String(rk), how });
  },
});

export const tableDistinctNode = defineNode({
  ...common, type: 'TableDistinctNode', inputs: ['rows', 'columns'], config: { rows: [], columns: null },
  run(ctx) {
    const c = ctx.param('columns');
    return run(ctx, { op: 'distinct', rows: rowsParam(ctx, 'rows'), columns: c === null || c === '' ? null : columnList(c, 'columns') });
  },
});
