import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import type { RunNodeResult } from '../../support/run-node.js';
import type { NodeSpec } from '../../../src/nodes/types.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { compileCondition } from '../../../src/compile/expression.js';
import { tableDistinctNode, tableFilterNode, tableGroupByNode, tableJoinNode, tableMapNode, tableSortNode } from '../../../src/nodes/transform/transform-nodes.js';

const pool = new WorkerPool({ threads: 2 });
afterAll(async () => { await pool.destroy(); });

/** The condition compiler is written in parallel; filter/map tests run once it evaluates. */
const conditionsReady = ((): boolean => {
  try { return compileCondition('1 == 1').evaluate(new Map()) === true; } catch { return false; }
})();

interface R { id: number; city: string | null; qty: number | null; price: number; day: string }

/** Seeded rows with repeats, nulls and ties so ordering and grouping rules are exercised. */
function rows(n: number, seed: number): R[] {
  let x = seed >>> 0;
  const rnd = (): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
  const cities = ['Oslo', 'Rome', 'Lima', 'Kyiv', null];
  return Array.from({ length: n }, (_, id) => ({
    id,
    city: cities[Math.floor(rnd() * cities.length)]!,
    qty: rnd() < 0.1 ? null : Math.floor(rnd() * 20),
    price: Math.round(rnd() * 10_000) / 100,
    day: `2024-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 10)}`,
  }));
}

/** Runs a node inline and through the pool; both must agree and succeed. */
async function both(spec: NodeSpec, inputs: Record<string, unknown>, config: Record<string, unknown> = {}): Promise<RunNodeResult> {
  const inline = await runNode(spec, { inputs, config });
  const pooled = await runNode(spec, { inputs, config, services: { pool } });
  expect(inline.error).toBeUndefined();
  expect(pooled.outputs).toEqual(inline.outputs);
  return inline;
}

const big = rows(20_000, 11); // large enough that every transform's cost estimate crosses the offload threshold

describe('table transforms (inline and pool agree with a reference computation)', () => {
  it('TableSortNode sorts stably on several typed keys with nulls last', async () => {
    const keys = [{ column: 'city', type: 'string' }, { column: 'qty', descending: true, type: 'number' }, { column: 'day', type: 'date' }];
    const r = await both(tableSortNode, { rows: big, keys });
    const cmpNullLast = (a: unknown, b: unknown, dir: number): number =>
      a === null ? (b === null ? 0 : 1) : b === null ? -1 : ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0) * dir;
    const expected = big.map((row, i) => ({ row, i })).sort((p, q) =>
      cmpNullLast(p.row.city, q.row.city, 1) || cmpNullLast(p.row.qty, q.row.qty, -1) ||
      cmpNullLast(Date.parse(p.row.day), Date.parse(q.row.day), 1) || p.i - q.i).map((p) => p.row);
    expect(r.outputs['rows']).toEqual(expected);
    const before = pool.stats().tasks;
    await runNode(tableSortNode, { inputs: { rows: big, keys }, services: { pool } });
    expect(pool.stats().tasks).toBe(before + 1);
  });

  it('TableGroupByNode computes count/sum/avg/min/max per group in first-appearance order', async () => {
    const aggregates = [{ op: 'count' }, { op: 'sum', column: 'qty' }, { op: 'avg', column: 'price', as: 'avg_price' }, { op: 'min', column: 'day' }, { op: 'max', column: 'qty' }];
    const r = await both(tableGroupByNode, { rows: big, by: 'city', aggregates });
    const groups = new Map<string | null, R[]>();
    for (const row of big) { const g = groups.get(row.city) ?? []; g.push(row); groups.set(row.city, g); }
    const expected = [...groups].map(([city, g]) => {
      const qtys = g.map((x) => x.qty).filter((q): q is number => q !== null);
      return {
        city, count: g.length, sum_qty: qtys.reduce((a, b) => a + b, 0),
        avg_price: g.reduce((a, b) => a + b.price, 0) / g.length,
        min_day: g.map((x) => x.day).sort()[0], max_qty: Math.max(...qtys),
      };
    });
    const got = r.outputs['rows'] as Record<string, number>[];
    expect(got.map(({ avg_price: _a, ...rest }) => rest)).toEqual(expected.map(({ avg_price: _a, ...rest }) => rest));
    got.forEach((g, i) => expect(g['avg_price']).toBeCloseTo(expected[i]!.avg_price, 9));
  });

  it('TableJoinNode hash-joins inner and left, keeping left order', async () => {
    const left = big.slice(0, 4_000);
    const right = rows(6_000, 12).map((r) => ({ id2: r.id % 5_000, tag: `t${r.id}` }));
    for (const how of ['inner', 'left'] as const) {
      const r = await both(tableJoinNode, { left, right, left_key: 'id', right_key: 'id2' }, { how });
      const expected: unknown[] = [];
      for (const l of left) {
        const m = right.filter((x) => x.id2 === l.id);
        if (m.length === 0 && how === 'left') expected.push({ ...l });
        for (const x of m) expected.push({ ...l, ...x });
      }
      expect(r.outputs['rows']).toEqual(expected);
    }
  });

  it('TableDistinctNode keeps the first row per key', async () => {
    const r = await both(tableDistinctNode, { rows: big, columns: ['city', 'qty'] });
    const seen = new Set<string>();
    const expected = big.filter((x) => { const k = `${x.city}|${x.qty}`; if (seen.has(k)) return false; seen.add(k); return true; });
    expect(r.outputs['rows']).toEqual(expected);
    expect(r.outputs['count']).toBe(expected.length);
  });

  it('rejects rows that are not dicts with a TypeError', async () => {
    const r = await runNode(tableSortNode, { inputs: { rows: [1, 2], keys: 'x' } });
    expect(r.error?.errorType).toBe('TypeError');
  });

  it.skipIf(!conditionsReady)('TableFilterNode and TableMapNode evaluate compiled expressions per row', async () => {
    const f = await both(tableFilterNode, { rows: big, condition: 'qty != None and qty > 10' });
    expect(f.outputs['rows']).toEqual(big.filter((x) => x.qty !== null && x.qty > 10));
    const m = await both(tableMapNode, { rows: big.slice(0, 5000), columns: { total: 'price * 2' } });
    expect(m.outputs['rows']).toEqual(big.slice(0, 5000).map((x) => ({ ...x, total: x.price * 2 })));
  });
});
