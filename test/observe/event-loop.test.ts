import { describe, expect, it } from 'vitest';
import { LoopMonitor } from '../../src/observe/event-loop.js';

function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy: the point is to hold the event loop
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('LoopMonitor', () => {
  it('records a synchronous block that starts right after start()', async () => {
    const m = new LoopMonitor();
    await m.start();
    expect(m.running).toBe(true);
    blockFor(200);
    const stats = await m.finish();
    expect(m.running).toBe(false);
    expect(stats.maxMs).toBeGreaterThanOrEqual(150);
    expect(stats.p99Ms).toBeGreaterThanOrEqual(150);
    expect(stats.p50Ms).toBeLessThanOrEqual(stats.p99Ms);
    expect(stats.utilization).toBeGreaterThan(0.5);
    expect(stats.utilization).toBeLessThanOrEqual(1);
  });

  it('reports far less delay for an idle loop than for a blocked one', async () => {
    const idle = new LoopMonitor();
    await idle.start();
    await sleep(150);
    const idleStats = await idle.finish();

    const busy = new LoopMonitor();
    await busy.start();
    blockFor(150);
    const busyStats = await busy.finish();

    expect(idleStats.maxMs).toBeLessThan(busyStats.maxMs);
    expect(idleStats.utilization).toBeLessThan(busyStats.utilization);
  });

  it('returns zeros when stopped without being started', () => {
    const m = new LoopMonitor();
    expect(m.stop()).toEqual({ p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, utilization: 0 });
    expect(m.running).toBe(false);
  });

  it('keeps a time series whose peak shows the block', async () => {
    const m = new LoopMonitor({ sampleEveryMs: 20, maxSamples: 1000 });
    await m.start();
    await sleep(60);
    blockFor(150);
    await sleep(60);
    const stats = await m.finish();
    const samples = stats.samples ?? [];
    expect(samples.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.t).toBeGreaterThanOrEqual(samples[i - 1]!.t);
    const peak = Math.max(...samples.map((s) => s.delayMaxMs));
    expect(peak).toBeGreaterThanOrEqual(100);
    // The samples before the block saw a mostly idle loop.
    expect(samples[0]!.delayMaxMs).toBeLessThan(peak);
  });

  it('keeps only the newest maxSamples points', async () => {
    const m = new LoopMonitor({ sampleEveryMs: 5, maxSamples: 3 });
    await m.start();
    await sleep(80);
    const series = m.samples();
    const stats = m.stop();
    expect(series.length).toBe(3);
    expect(stats.samples!.length).toBe(3);
    // Oldest first and newest kept: the last point is well past the first 15 ms.
    expect(series[2]!.t).toBeGreaterThan(series[0]!.t);
    expect(series[2]!.t).toBeGreaterThan(20);
  });
});
