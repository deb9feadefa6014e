/**
 * Similarity scorers of the fuzzy nodes, pure and thread-safe (kernels call them in a worker).
 * 'ratio' = difflib SequenceMatcher ratio (CasareRPA compatible, 0.0–1.0); 'levenshtein' =
 * 1 − distance / max(len a, len b) over UTF-16 code units (fast-levenshtein 3 = fastest-levenshtein,
 * ~250 ns per 20-char pair), 1.0 for two empty strings.
 */
import { PyError } from '../../lib/py/errors.js';
import { lazyRequire } from '../../lib/lazy-require.js';
import { ratioCodePoints, toCodePoints } from './sequence-matcher.js';

export type FuzzyAlgorithm = 'ratio' | 'levenshtein';

// fast-levenshtein ships CommonJS without type declarations. Loaded on first use: it builds an
// Intl.Collator when it loads (~11 ms of every CLI start-up, fuzzy nodes or not).
const levenshtein = lazyRequire<{ get(a: string, b: string): number }>('fast-levenshtein');

export function levenshteinDistance(a: string, b: string): number {
  return levenshtein().get(a, b);
}

export function levenshteinSimilarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1.0 : 1 - levenshtein().get(a, b) / n;
}

/** Parse the `algorithm` option; null/"" → 'ratio'. */
export function parseAlgorithm(v: unknown): FuzzyAlgorithm {
  if (v === null || v === undefined || v === '' || v === 'ratio') return 'ratio';
  if (v === 'levenshtein') return 'levenshtein';
  throw new PyError('ValueError', `algorithm must be 'ratio' or 'levenshtein', got ${JSON.stringify(v)}`);
}

/**
 * Scores one query against many candidates; null entries (non-strings) get NaN. The query's code
 * points are computed once, as Python caches the b side (here it is the a side that repeats).
 */
export function scoreAll(query: string, candidates: readonly (string | null)[], algorithm: FuzzyAlgorithm): Float64Array {
  const out = new Float64Array(candidates.length);
  if (algorithm === 'levenshtein') {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      out[i] = typeof c === 'string' ? levenshteinSimilarity(query, c) : NaN;
    }
    return out;
  }
  const q = toCodePoints(query);
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    out[i] = typeof c === 'string' ? ratioCodePoints(q, toCodePoints(c)) : NaN;
  }
  return out;
}

/** Estimated inline cost in µs of scoring `pairs` pairs of average lengths la, lb (cost model for offload). */
export function estimateFuzzyCostUs(pairs: number, avgLenA: number, avgLenB: number, algorithm: FuzzyAlgorithm): number {
  // Calibrated on native-bench/pool-threshold.bench.ts: 1,000 ratio scores of 14×15-char strings
  // took 0.87 ms inline (model: 0.71 ms); levenshtein was ~5× faster than ratio in pool-fuzzy.bench.ts.
  const perCellNs = algorithm === 'ratio' ? 3 : 0.6;
  return (pairs * (avgLenA * avgLenB * perCellNs + 80)) / 1000;
}
