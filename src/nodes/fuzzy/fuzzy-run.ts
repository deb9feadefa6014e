/**
 * Fuzzy scoring for the nodes: builds kernel inputs, estimates their inline cost, and runs them
 * inline or in the pool (src/pool/offload.ts). Pair searches are chunked by rows so all threads work.
 */
import type { NodeContext } from '../types.js';
import { getPool, OFFLOAD_MIN_COST_US, runKernel } from '../../pool/offload.js';
import { pyFloat } from '../../lib/py/convert.js';
import { pyStr } from '../../lib/py/str.js';
import { estimateFuzzyCostUs } from './similarity.js';
import type { FuzzyAlgorithm } from './similarity.js';
import type { FuzzyPairsInput, FuzzyPairsOutput, FuzzyScoresInput } from './fuzzy-kernels.js';

/** Python-style text of a parameter: null → "", strings as is, others via str(). */
export function textParam(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : pyStr(v);
}

export function listParam(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

export function thresholdParam(v: unknown, dflt: number): number {
  return v === null || v === undefined || v === '' ? dflt : pyFloat(v);
}

function avgLen(list: readonly (string | null)[]): number {
  let sum = 0;
  let n = 0;
  for (const s of list) if (s !== null) { sum += s.length; n++; }
  return n === 0 ? 0 : sum / n;
}

/** Scores of `query` against each candidate (NaN for non-strings), in candidate order. */
export function scoreCandidates(ctx: NodeContext, query: string, candidates: readonly unknown[], algorithm: FuzzyAlgorithm): Float64Array | Promise<Float64Array> {
  const strs = candidates.map((c) => (typeof c === 'string' ? c : null));
  const input: FuzzyScoresInput = { query, candidates: strs, algorithm };
  const cost = estimateFuzzyCostUs(strs.length, query.length, avgLen(strs), algorithm);
  return runKernel<Float64Array>(ctx, 'fuzzy.scores', input, cost);
}

export interface PairList { readonly left: Int32Array; readonly right: Int32Array; readonly score: Float64Array }

/**
 * All pairs (i, j) with score ≥ threshold between `left` and `right` (or i < j within one list when
 * upperTriangle), row-major. Above the offload threshold the rows are split into ~4 chunks per
 * thread (load balance: row costs vary with string length); chunks run concurrently.
 */
export async function scorePairs(ctx: NodeContext, left: readonly string[], right: readonly string[], threshold: number,
  algorithm: FuzzyAlgorithm, upperTriangle: boolean): Promise<PairList> {
  const pairs = upperTriangle ? (left.length * (left.length - 1)) / 2 : left.length * right.length;
  const cost = estimateFuzzyCostUs(pairs, avgLen(left), avgLen(right), algorithm);
  const pool = getPool(ctx);
  const chunks = pool === null || cost < OFFLOAD_MIN_COST_US ? 1 : Math.min(left.length, pool.threads * 4);
  if (chunks <= 1) {
    const input: FuzzyPairsInput = { left, leftOffset: 0, right, threshold, algorithm, upperTriangle };
    return await runKernel<FuzzyPairsOutput>(ctx, 'fuzzy.pairs', input, cost);
  }
  // Upper-triangle rows get shorter as i grows: cut by equal pair counts, not equal row counts.
  const bounds: number[] = [0];
  if (upperTriangle) {
    const n = left.length;
    const per = pairs / chunks;
    let acc = 0;
    for (let i = 0; i < n && bounds.length < chunks; i++) {
      acc += n - 1 - i;
      if (acc >= per * bounds.length) bounds.push(i + 1);
    }
  } else {
    for (let c = 1; c < chunks; c++) bounds.push(Math.round((left.length * c) / chunks));
  }
  bounds.push(left.length);
  const parts: Promise<FuzzyPairsOutput>[] = [];
  for (let c = 0; c + 1 < bounds.length; c++) {
    const lo = bounds[c]!;
    const hi = bounds[c + 1]!;
    if (hi <= lo) continue;
    const input: FuzzyPairsInput = { left: left.slice(lo, hi), leftOffset: lo, right, threshold, algorithm, upperTriangle };
    parts.push(Promise.resolve(runKernel<FuzzyPairsOutput>(ctx, 'fuzzy.pairs', input, cost / chunks, { forcePool: true })));
  }
  const done = await Promise.all(parts);
  let total = 0;
  for (const d of done) total += d.left.length;
  const out = { left: new Int32Array(total), right: new Int32Array(total), score: new Float64Array(total) };
  let at = 0;
  for (const d of done) { out.left.set(d.left, at); out.right.set(d.right, at); out.score.set(d.score, at); at += d.left.length; }
  return out;
}

/** A dict keyed by arbitrary text without prototype surprises ("__proto__" is an ordinary key). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
