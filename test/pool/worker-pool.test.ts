/**
 * The pool on real threads. Running from sources, WorkerPool starts workers/kernel-worker.ts with
 * tsx's loader in each thread (no build step needed; see resolveWorkerEntry in worker-pool.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { spinKernel } from '../../src/pool/diagnostic-kernels.js';

const pools: WorkerPool[] = [];
function makePool(opts: ConstructorParameters<typeof WorkerPool>[0] = {}): WorkerPool {
  const p = new WorkerPool({ threads: 2, ...opts });
  pools.push(p);
  return p;
}
afterAll(async () => { await Promise.all(pools.map((p) => p.destroy())); });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return (e as { code?: string }).code ?? `no code: ${String(e)}`; }
}

describe('WorkerPool', () => {
  it('starts no threads until the first task, then runs kernels and reports stats', async () => {
    const pool = makePool();
    expect(pool.stats().started).toBe(false);
    expect(await pool.run('diag.noop', { a: [1, 'x'] })).toEqual({ a: [1, 'x'] });
    const s = pool.stats();
    expect(s.started).toBe(true);
    expect(s.tasks).toBe(1);
    expect(s.threads).toBe(2);
  });

  it('rebuilds kernel errors with their Python type and rejects unknown kernels with CASARE_E_INTERNAL', async () => {
    const pool = makePool();
    const err = await pool.run('fuzzy.pairs', null).catch((e: unknown) => e) as Error & { pyType?: string; name: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TypeError');
    expect(await codeOf(pool.run('no.such.kernel', 1))).toBe('CASARE_E_INTERNAL');
  });

  it('ends a runaway task with CASARE_E_NODE_TIMEOUT by terminating its thread, and keeps working', async () => {
    const pool = makePool();
    await pool.run('diag.noop', 0); // warm the threads so the timeout measures the task only
    const t0 = Date.now();
    expect(await codeOf(pool.run('diag.spin', { ms: 60_000 }, { timeoutMs: 300 }))).toBe('CASARE_E_NODE_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await pool.run('diag.noop', 'after')).toBe('after');
    expect(pool.stats().timeouts).toBe(1);
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const pool = makePool();
    const ac = new AbortController();
    const p = pool.run('diag.spin', { ms: 60_000 }, { signal: ac.signal });
    setTimeout(() => { ac.abort(Object.assign(new Error('cancelled'), { code: 'CASARE_E_RUN_CANCELLED' })); }, 100);
    expect(await codeOf(p)).toBe('CASARE_E_RUN_CANCELLED');
    expect(await pool.run('diag.noop', 1)).toBe(1);
  });

  it('fails only the crashing task with CASARE_E_NODE_WORKER_CRASHED; concurrent tasks finish', async () => {
    const pool = makePool();
    const other = pool.run<number>('diag.spin', { ms: 300 });
    expect(await codeOf(pool.run('diag.crash', null))).toBe('CASARE_E_NODE_WORKER_CRASHED');
    expect(await other).toBeGreaterThan(0);
    expect(await pool.run('diag.noop', 2)).toBe(2);
  });

  it('turns heap exhaustion into CASARE_E_NODE_WORKER_CRASHED (resourceLimits) and heals', async () => {
    const pool = makePool({ threads: 1, maxOldGenerationSizeMb: 64 });
    expect(await codeOf(pool.run('diag.exhaustHeap', null))).toBe('CASARE_E_NODE_WORKER_CRASHED');
    expect(await pool.run('diag.noop', 3)).toBe(3);
  });

  it('reports saturation and releases waiters as tasks finish', async () => {
    const pool = makePool({ threads: 1, maxQueue: 1 });
    const a = pool.run('diag.spin', { ms: 200 });
    const b = pool.run('diag.spin', { ms: 10 });
    expect(pool.isSaturated()).toBe(true);
    const c = pool.run('diag.noop', 'c'); // waits in the gate, does not fail
    await pool.whenAvailable();
    await Promise.all([a, b]);
    expect(await c).toBe('c');
    expect(pool.isSaturated()).toBe(false);
  });

  it('moves a transferred input buffer to the thread and gets the bytes back', async () => {
    const pool = makePool();
    const bytes = new Uint8Array(1 << 20).fill(7);
    const r = await pool.run<{ bytes: Uint8Array; sum: number }>('diag.echoBytes', { bytes }, { transfer: [bytes.buffer] });
    expect(bytes.byteLength).toBe(0); // moved to the thread
    expect(r.bytes.byteLength).toBe(1 << 20);
    expect(r.sum).toBe(7 * 256);
  });

  it('close() is idempotent and refuses later runs with CASARE_E_ENGINE_CLOSED', async () => {
    const pool = makePool();
    await pool.run('diag.noop', 1);
    await Promise.all([pool.close(), pool.close()]);
    expect(await codeOf(pool.run('diag.noop', 1))).toBe('CASARE_E_ENGINE_CLOSED');
  });

  it('keeps the main loop responsive while a 2 s kernel runs in the pool, unlike inline', async () => {
    const pool = makePool();
    await pool.run('diag.noop', 0);
    const measure = async (work: () => Promise<unknown>): Promise<number> => {
      const h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      await sleep(20); // let a sample fire first: a block right after enable() is not recorded
      await work();
      await sleep(20);
      h.disable();
      return h.max / 1e6;
    };
    const pooled = await measure(() => pool.run('diag.spin', { ms: 2000 }));
    const inline = await measure(async () => spinKernel({ ms: 2000 }));
    expect(inline).toBeGreaterThan(1500);
    expect(pooled).toBeLessThan(inline / 5);
  });
});
