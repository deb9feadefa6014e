/**
 * Pool threads run at a lower OS priority than the event-loop thread (Linux nice is per thread), so
 * the loop wins a contended core. Read from /proc: Linux only, which is what CI runs.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { WorkerPool } from '../../src/pool/worker-pool.js';

function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((t) => {
    const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
  });
}

describe.runIf(existsSync('/proc/self/task'))('worker thread priority', () => {
  it('runs kernels on threads niced to 19, below the main thread', async () => {
    const pool = new WorkerPool({ threads: 2 });
    try {
      await Promise.all([pool.run('diag.noop', null), pool.run('diag.noop', null)]);
      expect(getPriority()).toBe(0);
      expect(threadNices().filter((n) => n === 19).length).toBeGreaterThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });
});
