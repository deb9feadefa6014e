/**
 * Inline or pool: the one place a node's kernel call decides where it runs. Nodes estimate their
 * inline cost in microseconds (a per-kernel cost model next to the kernel) and call runKernel();
 * without a pool in ctx.services (unit tests, pool disabled) everything runs inline.
 */
import type { NodeContext } from '../nodes/types.js';
import { CasareError } from '../errors.js';
import { getKernel } from './kernels.js';
import { WorkerPool } from './worker-pool.js';

/**
 * Estimated inline work (µs) above which a kernel goes to the pool. Measured by
 * native-bench/pool-threshold.bench.ts (Node 20.20, 2 shared cores, medians): a sequential no-op
 * round trip costs 33–65 µs; fuzzy scores of one query against N candidates ran inline / pool in
 * 8 µs / 62 µs (N=10), 0.87 ms / 1.6 ms (N=1,000), 42 ms / 32 ms (N=10,000). So below ~1 ms the
 * pool only adds latency, while from ~1 ms on the dispatch cost is ≤ 10–20 % of the work and the
 * main loop stays free; 1 ms is also where STYLE §6 draws the line.
 */
export const OFFLOAD_MIN_COST_US = 1000;

/** The engine's pool for this run, or null (run everything inline). Key: `services.pool`. */
export function getPool(ctx: NodeContext): WorkerPool | null {
  const p = ctx.services['pool'];
  return p instanceof WorkerPool ? p : null;
}

export interface RunKernelOptions {
  /** Buffers inside `input` to move to the thread (only used when offloaded). */
  readonly transfer?: readonly ArrayBuffer[];
  /** Extra time cap for the pooled task (ms); the node timeout arrives through ctx.signal. */
  readonly timeoutMs?: number;
  /** Force the pool whatever the estimate (regex guard: cost cannot be estimated). */
  readonly forcePool?: boolean;
}

/** True when a kernel of this estimated cost would go to the pool for this ctx. */
export function shouldOffload(ctx: NodeContext, costUs: number): boolean {
  return costUs >= OFFLOAD_MIN_COST_US && getPool(ctx) !== null;
}

/**
 * Run `kernelId` on `input`: inline when the estimated cost is below OFFLOAD_MIN_COST_US or there is
 * no pool, else in the pool under ctx.signal. Returns a value (inline) or a promise (pool): callers
 * await either way; the inline path does not allocate a promise.
 */
export function runKernel<T>(ctx: NodeContext, kernelId: string, input: unknown, costUs: number, opts: RunKernelOptions = {}): T | Promise<T> {
  const pool = getPool(ctx);
  if (pool !== null && (opts.forcePool === true || costUs >= OFFLOAD_MIN_COST_US)) {
    return pool.run<T>(kernelId, input, { signal: ctx.signal, transfer: opts.transfer, timeoutMs: opts.timeoutMs });
  }
  const kernel = getKernel(kernelId);
  if (kernel === undefined) throw new CasareError('CASARE_E_INTERNAL', `unknown kernel "${kernelId}"`);
  return kernel(input) as T;
}
