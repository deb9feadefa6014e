/**
 * Question: above which inline cost does a kernel belong in the pool (OFFLOAD_MIN_COST_US in
 * src/pool/offload.ts)? Measures the sequential round trip of a no-op task and, for a real kernel
 * (fuzzy scores of one query against N candidates), inline vs pool at growing N. Where pool ≈ inline
 * is the break-even for latency; the main-loop benefit starts right away (the thread does the work).
 */
import { pathToFileURL } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { WorkerPool } from '../src/pool/worker-pool.js';
import { fuzzyScoresKernel } from '../src/nodes/fuzzy/fuzzy-kernels.js';
import type { FuzzyScoresInput } from '../src/nodes/fuzzy/fuzzy-kernels.js';
import { estimateFuzzyCostUs } from '../src/nodes/fuzzy/similarity.js';

export async function main(): Promise<void> {
  const pool = new WorkerPool({ threads: 2 });
  await Promise.all([pool.run('diag.noop', 0), pool.run('diag.noop', 0)]);
  const sizes = isSmoke() ? [10] : [10, 100, 1000, 10_000];
  const tasks: Record<string, () => unknown> = {
    'inline no-op': () => 0,
    'pool no-op round trip': () => pool.run('diag.noop', 0),
  };
  const estimates: Record<string, number> = {};
  for (const n of sizes) {
    const candidates = Array.from({ length: n }, (_, i) => `candidate-${(i * 7919) % 100_000}`);
    const input: FuzzyScoresInput = { query: 'candidate-4242', candidates, algorithm: 'ratio' };
    estimates[`N=${n}`] = estimateFuzzyCostUs(n, 14, 15, 'ratio');
    tasks[`fuzzy N=${n} inline`] = () => fuzzyScoresKernel(input);
    tasks[`fuzzy N=${n} pool`] = () => pool.run('fuzzy.scores', input);
  }
  // Batching: 100 small items as 100 pool tasks vs one task carrying all of them (STYLE §7: batch small tasks).
  const smallInputs: FuzzyScoresInput[] = Array.from({ length: 100 }, (_, k) => ({
    query: 'candidate-4242', candidates: Array.from({ length: 10 }, (_, i) => `candidate-${(k * 10 + i) * 7919 % 100_000}`), algorithm: 'ratio',
  }));
  const batched: FuzzyScoresInput = { query: 'candidate-4242', candidates: smallInputs.flatMap((x) => x.candidates), algorithm: 'ratio' };
  tasks['100 small items: inline'] = () => { for (const x of smallInputs) fuzzyScoresKernel(x); };
  tasks['100 small items: 100 pool tasks'] = () => Promise.all(smallInputs.map((x) => pool.run('fuzzy.scores', x)));
  tasks['100 small items: 1 batched pool task'] = () => pool.run('fuzzy.scores', batched);
  try {
    await runSuite('pool-threshold', tasks, { baseline: 'pool no-op round trip', notes: { estimatedInlineCostUs: estimates } });
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
