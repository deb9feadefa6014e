/**
 * Question: does fuzzy matching of 10⁶ pairs (1,000 × 1,000 words, difflib ratio) scale across pool
 * threads? Baseline: the same kernel inline on the main thread. Goal (issue 4): pool with 2 threads
 * ≥ 1.8× inline. The pool is warmed before timing (thread start-up is a one-off per engine).
 */
import { pathToFileURL } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { WorkerPool } from '../src/pool/worker-pool.js';
import { fuzzyPairsKernel } from '../src/nodes/fuzzy/fuzzy-kernels.js';
import type { FuzzyPairsInput, FuzzyPairsOutput } from '../src/nodes/fuzzy/fuzzy-kernels.js';
import { seededWords as words } from './support/generate.js';


export async function main(): Promise<void> {
  const n = isSmoke() ? 60 : 1000;
  const left = words(n, 1);
  const right = words(n, 2);
  const threshold = 0.75;
  const pool = new WorkerPool({ threads: 2 });
  const chunked = async (chunks: number): Promise<number> => {
    const parts: Promise<FuzzyPairsOutput>[] = [];
    for (let c = 0; c < chunks; c++) {
      const lo = Math.floor((n * c) / chunks);
      const hi = Math.floor((n * (c + 1)) / chunks);
      const input: FuzzyPairsInput = { left: left.slice(lo, hi), leftOffset: lo, right, threshold, algorithm: 'ratio', upperTriangle: false };
      parts.push(pool.run<FuzzyPairsOutput>('fuzzy.pairs', input));
    }
    let found = 0;
    for (const p of await Promise.all(parts)) found += p.left.length;
    return found;
  };
  const inlineCount = fuzzyPairsKernel({ left, leftOffset: 0, right, threshold, algorithm: 'ratio', upperTriangle: false }).left.length;
  if ((await chunked(8)) !== inlineCount) throw new Error('pool and inline disagree');
  try {
    await runSuite('pool-fuzzy', {
      'inline (main thread)': () => { fuzzyPairsKernel({ left, leftOffset: 0, right, threshold, algorithm: 'ratio', upperTriangle: false }); },
      'pool 2 threads, 2 chunks': async () => { await chunked(2); },
      'pool 2 threads, 8 chunks': async () => { await chunked(8); },
      'inline levenshtein': () => { fuzzyPairsKernel({ left, leftOffset: 0, right, threshold, algorithm: 'levenshtein', upperTriangle: false }); },
    }, { baseline: 'inline (main thread)', time: 2000, warmup: 500, iterations: 5, notes: { pairs: n * n, threshold, matches: inlineCount } });
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
