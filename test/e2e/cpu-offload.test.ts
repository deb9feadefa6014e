/**
 * CPU work never blocks the event loop (issue 4): behaviour, not timing benchmarks. A workflow whose
 * CPU node does ~2 s of synchronous work (FuzzyPairsNode, ~1.1k × 1.1k difflib ratios) runs through
 * createEngine with the main loop probed by a setInterval and a LoopMonitor; the same workflow run
 * by the same executor without a pool must stall the loop (so the probe can tell the difference).
 * A catastrophic regex that only the backtracking engine can run ends in CASARE_E_NODE_TIMEOUT
 * while a parallel branch's WaitNode completes on time.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type RunResult } from '../../src/index.js';
import { LoopMonitor } from '../../src/observe/event-loop.js';
import type { PoolStats } from '../../src/pool/worker-pool.js';
import { seededWords as words } from '../../native-bench/support/generate.js';

type N = [id: string, type: string, config?: Record<string, unknown>];

function wf(nodes: N[], settings: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    metadata: { name: 'cpu-offload' },
    nodes: Object.fromEntries(nodes.map(([id, type, config]) => [id, { node_id: id, node_type: type, config: config ?? {} }])),
    connections: [],
    variables: {},
    settings,
  }));
}


/** ~2 s inline on this machine (1,000 × 1,000 measured 1.7 s, Node 20, 2 cores). */
const N = 1100;
const fuzzyWorkflow = wf([['pairs', 'FuzzyPairsNode', { left: words(N, 1), right: words(N, 2), threshold: 0.8 }]]);

/** The longest gap between ticks of a 10 ms interval while `work` runs, minus the interval. */
async function probeStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number; loopMaxMs: number; wallMs: number }> {
  const monitor = new LoopMonitor();
  await monitor.start();
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 25));
  await settle(); // the probe has ticked before the work starts...
  const t0 = performance.now();
  let value: T;
  let wallMs: number;
  try {
    value = await work();
    wallMs = performance.now() - t0;
    await settle(); // ...and after it ends, so a block that runs to completion is seen
  } catch (e) {
    monitor.stop();
    throw e;
  } finally {
    clearInterval(timer);
  }
  const loop = await monitor.finish();
  return { value, stallMs: worst, loopMaxMs: loop.maxMs, wallMs };
}

describe('CPU nodes run off the main thread', () => {
  it('a ~2 s FuzzyPairsNode in a workflow leaves the event loop free (pool) and the pool ran its tasks', async () => {
    const engine = createEngine({ monitorEventLoop: true, pool: { threads: 2 } });
    try {
      // Threads start on first use (~0.2 s with the tsx loader): warm them so start-up is not measured.
      await engine.run(wf([['warm', 'FuzzyPairsNode', { left: words(200, 3), right: words(200, 4) }]]));
      const { value: r, stallMs, loopMaxMs, wallMs } = await probeStall(() => engine.run(fuzzyWorkflow));
      expect(r.status).toBe('success');
      const pool = r.stats['pool'] as PoolStats;
      expect(pool.started).toBe(true);
      expect(pool.tasks).toBeGreaterThanOrEqual(8); // ~4 chunks per thread in this run (plus the warm-up's)
      expect(wallMs).toBeGreaterThan(300); // real work happened somewhere
      expect(stallMs).toBeLessThan(300);
      expect(loopMaxMs).toBeLessThan(300);
      expect(r.stats.eventLoop?.maxMs).toBeLessThan(300);
    } finally {
      await engine.close();
    }
  });

  it('the same workflow without a pool stalls the loop for most of its duration (the probe sees it)', async () => {
    const engine = createEngine({ monitorEventLoop: false, pool: { enabled: false } });
    try {
      const { value: r, stallMs, loopMaxMs, wallMs } = await probeStall(() => engine.run(fuzzyWorkflow));
      expect(r.status).toBe('success');
      expect((r.stats['pool'] as PoolStats).tasks).toBe(0);
      // Relative to this run's own duration, so a faster machine does not turn the check flaky.
      expect(stallMs).toBeGreaterThan(Math.max(300, wallMs * 0.5));
      expect(loopMaxMs).toBeGreaterThan(Math.max(300, wallMs * 0.5));
    } finally {
      await engine.close();
    }
  });

  it('a catastrophic regex ends in CASARE_E_NODE_TIMEOUT near the node timeout while a parallel WaitNode completes', async () => {
    const engine = createEngine({ monitorEventLoop: true, pool: { threads: 2 } });
    try {
      // `^(a+)+(?=c)` needs lookahead, so RE2 cannot take it: it runs on the backtracking engine,
      // which never ends on 41 × "a" + "b" — only in the pool, where the timeout kills its thread.
      const bytes = wf([
        ['re', 'RegexMatchNode', { text: `${'a'.repeat(41)}b`, pattern: '^(a+)+(?=c)' }],
        ['wait', 'WaitNode', { duration: 0.3 }],
      ], { node_timeout: 1, stop_on_error: false });
      const t0 = performance.now();
      const r = await engine.run(bytes);
      const ms = performance.now() - t0;
      expect(r.failures.map((f) => [f.nodeId, f.code])).toEqual([['re', 'CASARE_E_NODE_TIMEOUT']]);
      expect(r.executed).toContain('wait');
      expect(ms).toBeGreaterThan(900);
      expect(ms).toBeLessThan(4_000); // ~1 s timeout; generous for thread start-up on a loaded machine
      expect(r.stats.eventLoop?.maxMs).toBeLessThan(300);
      const pool = r.stats['pool'] as PoolStats;
      expect(pool.timeouts + pool.failed).toBeGreaterThanOrEqual(1);
    } finally {
      await engine.close();
    }
  });
});
