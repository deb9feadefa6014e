/**
 * Question: what does a payload cost to cross to a pool thread and back, structured clone vs moving
 * its ArrayBuffer (Piscina.move / transferList), by size? Baseline: a no-op round trip.
 * Measured before (notes/packages.md): 10 MiB clone 9.5 ms vs move 0.4 ms.
 */
import { pathToFileURL } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { WorkerPool } from '../src/pool/worker-pool.js';

export async function main(): Promise<void> {
  const pool = new WorkerPool({ threads: 1 });
  await pool.run('diag.noop', 0);
  const sizes = isSmoke() ? [64 * 1024] : [64 * 1024, 1024 * 1024, 10 * 1024 * 1024];
  const tasks: Record<string, () => Promise<void>> = { 'round trip, no payload': async () => { await pool.run('diag.noop', 0); } };
  for (const size of sizes) {
    const label = size >= 1 << 20 ? `${size / (1 << 20)} MiB` : `${size / 1024} KiB`;
    const cloned = new Uint8Array(size).fill(1);
    // The worker moves results ≥ 16 KiB back; clone = input cloned out + result moved back.
    tasks[`${label} clone`] = async () => { await pool.run('diag.echoBytes', { bytes: cloned }); };
    tasks[`${label} move`] = async () => {
      const b = new Uint8Array(size); // fresh: a moved buffer is detached on this side
      await pool.run('diag.echoBytes', { bytes: b }, { transfer: [b.buffer] });
    };
    tasks[`${label} allocate only (subtract from move)`] = () => { new Uint8Array(size); return Promise.resolve(); };
  }
  try {
    await runSuite('pool-transfer', tasks, { baseline: 'round trip, no payload', notes: { sizes } });
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
