/**
 * Pure fuzzy kernels: run inline or in a pool thread with the same result. Inputs and outputs are
 * plain data; scores travel as Float64Array / Int32Array so the worker can move their buffers.
 */
import { ratioCodePoints, toCodePoints } from './sequence-matcher.js';
import { levenshteinSimilarity, scoreAll } from './similarity.js';
import type { FuzzyAlgorithm } from './similarity.js';

export interface FuzzyScoresInput {
  readonly query: string;
  /** null = not a string (scored NaN, index still counts). */
  readonly candidates: readonly (string | null)[];
  readonly algorithm: FuzzyAlgorithm;
}

export function fuzzyScoresKernel(input: FuzzyScoresInput): Float64Array {
  return scoreAll(input.query, input.candidates, input.algorithm);
}

export interface FuzzyPairsInput {
  /** Rows of this chunk; global row index = leftOffset + local index. */
  readonly left: readonly string[];
  readonly leftOffset: number;
  readonly right: readonly string[];
  readonly threshold: number;
  readonly algorithm: FuzzyAlgorithm;
  /** Self-join of one list: compare row i only with columns j > i (dedupe). */
  readonly upperTriangle: boolean;
}

/** Pairs with score ≥ threshold, in row-major order (left index, then right index). */
export interface FuzzyPairsOutput {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly score: Float64Array;
}

class Growable {
  l = new Int32Array(64);
  r = new Int32Array(64);
  s = new Float64Array(64);
  n = 0;
  push(i: number, j: number, score: number): void {
    if (this.n === this.l.length) {
      const cap = this.n * 2;
      const l = new Int32Array(cap); l.set(this.l); this.l = l;
      const r = new Int32Array(cap); r.set(this.r); this.r = r;
      const s = new Float64Array(cap); s.set(this.s); this.s = s;
    }
    this.l[this.n] = i; this.r[this.n] = j; this.s[this.n] = score; this.n++;
  }
  finish(): FuzzyPairsOutput {
    return { left: this.l.slice(0, this.n), right: this.r.slice(0, this.n), score: this.s.slice(0, this.n) };
  }
}

export function fuzzyPairsKernel(input: FuzzyPairsInput): FuzzyPairsOutput {
  const { left, right, leftOffset, threshold, algorithm, upperTriangle } = input;
  const out = new Growable();
  if (algorithm === 'levenshtein') {
    for (let i = 0; i < left.length; i++) {
      const gi = leftOffset + i;
      for (let j = upperTriangle ? gi + 1 : 0; j < right.length; j++) {
        const s = levenshteinSimilarity(left[i]!, right[j]!);
        if (s >= threshold) out.push(gi, j, s);
      }
    }
    return out.finish();
  }
  const rightCp = right.map(toCodePoints);
  for (let i = 0; i < left.length; i++) {
    const gi = leftOffset + i;
    const a = toCodePoints(left[i]!);
    for (let j = upperTriangle ? gi + 1 : 0; j < rightCp.length; j++) {
      const s = ratioCodePoints(a, rightCp[j]!);
      if (s >= threshold) out.push(gi, j, s);
    }
  }
  return out.finish();
}
