import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, isSmoke, runSuite } from '../../../native-bench/support/harness.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // hold the CPU: a task of known cost
  }
}

describe('bench harness', () => {
  let out: string;
  let savedSmoke: string | undefined;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'casare-bench-'));
    savedSmoke = process.env.CASARE_BENCH_SMOKE;
    process.env.CASARE_BENCH_SMOKE = '1';
  });
  afterAll(() => {
    if (savedSmoke === undefined) delete process.env.CASARE_BENCH_SMOKE;
    else process.env.CASARE_BENCH_SMOKE = savedSmoke;
    rmSync(out, { recursive: true, force: true });
  });

  it('detects smoke mode from the flag or the environment', () => {
    expect(isSmoke(['node', 'x.js', '--smoke'], {})).toBe(true);
    expect(isSmoke(['node', 'x.js'], { CASARE_BENCH_SMOKE: '1' })).toBe(true);
    expect(isSmoke(['node', 'x.js'], {})).toBe(false);
  });

  it('measures tasks against the baseline in one run and writes the JSON', async () => {
    const report = await runSuite(
      'Harness Check',
      { slow: () => spin(2), fast: () => spin(0.2) },
      { baseline: 'slow', outDir: out, quiet: true, notes: { input: 'spin' } },
    );
    expect(report.smoke).toBe(true);
    expect(report.baseline).toBe('slow');
    expect(report.node).toBe(process.version);
    expect(report.cpus).toBeGreaterThan(0);
    const slow = report.tasks.find((t) => t.name === 'slow')!;
    const fast = report.tasks.find((t) => t.name === 'fast')!;
    expect(slow.ratio).toBe(1);
    expect(slow.samples).toBeGreaterThanOrEqual(2);
    // 0.2 ms vs 2 ms of spinning: a wide margin, not an absolute speed.
    expect(fast.ratio).toBeLessThan(0.5);
    expect(fast.opsPerSec).toBeGreaterThan(slow.opsPerSec);
    expect(slow.p99Ms).toBeGreaterThanOrEqual(slow.medianMs);
    // Sync spinning blocks the loop: the suite's loop stats must see it.
    expect(report.loop.maxMs).toBeGreaterThanOrEqual(1);

    expect(report.file).toBe(join(out, 'smoke', 'harness-check.json'));
    const json = JSON.parse(readFileSync(report.file, 'utf8')) as typeof report;
    expect(json.tasks.map((t) => t.name)).toEqual(['slow', 'fast']);
    expect(json.notes).toEqual({ input: 'spin' });
    expect(json.loop.p99Ms).toBe(report.loop.p99Ms);

    const text = formatReport(report);
    expect(text).toContain('baseline');
    expect(text).toContain('faster');
    expect(text).toContain(process.version);
  });

  it('reports a failing task and then throws', async () => {
    await expect(
      runSuite('harness-fail', { ok: () => 1, broken: () => { throw new Error('task broke'); } }, { outDir: out, quiet: true }),
    ).rejects.toThrow(/broken: .*task broke/);
    const json = JSON.parse(readFileSync(join(out, 'smoke', 'harness-fail.json'), 'utf8')) as { tasks: { name: string; error?: string; medianMs: number | null }[] };
    const broken = json.tasks.find((t) => t.name === 'broken')!;
    expect(broken.error).toContain('task broke');
    expect(broken.medianMs).toBeNull();
  });

  it('rejects an unknown baseline', async () => {
    await expect(runSuite('x', { a: () => 1 }, { baseline: 'b', outDir: out, quiet: true })).rejects.toThrow(/baseline "b"/);
  });
});
