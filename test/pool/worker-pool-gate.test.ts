/**
 * The saturation gate hands a freed slot to the next waiter that is still there: a waiter that
 * gave up (aborted while queued) must not swallow the wake-up and strand the others.
 */
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/pool/worker-pool.js';

describe('worker pool gate', () => {
  it('skips a waiter aborted while queued and runs the next one', async () => {
    const pool = new WorkerPool({ threads: 1, maxQueue: 0 });
    try {
      await pool.run('diag.noop', null); // thread up
      const busy = pool.run('diag.spin', { ms: 300 });
      const ac = new AbortController();
      const first = pool.run('diag.noop', null, { signal: ac.signal });
      const second = pool.run('diag.spin', { ms: 1 });
      expect(pool.isSaturated()).toBe(true);
      ac.abort(new Error('gave up'));
      await expect(first).rejects.toThrow();
      await busy;
      // Before the fix the freed slot went to the aborted waiter and `second` never started.
      const n = await Promise.race([second, new Promise((_, rej) => setTimeout(() => rej(new Error('stranded')), 5000))]);
      expect(typeof n).toBe('number');
    } finally {
      await pool.close();
    }
  });
});
