/**
 * Benchmarks are not part of the test command, but their smoke mode is: tiny budgets and inputs,
 * so a bench that no longer runs (renamed API, broken generator) fails here.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface SuiteJson { tasks: { name: string; error?: string }[] }
type Bench = () => Promise<{ main: () => Promise<void> }>;

/** Run the suites' `main`s in smoke mode into a temp dir; returns the named JSON report. */
async function smoke(benches: readonly Bench[], report: string): Promise<SuiteJson> {
  const out = mkdtempSync(join(tmpdir(), 'casare-bench-smoke-'));
  process.env['CASARE_BENCH_SMOKE'] = '1';
  process.env['CASARE_BENCH_OUT'] = out;
  try {
    for (const load of benches) await (await load()).main();
    return JSON.parse(readFileSync(join(out, 'smoke', `${report}.json`), 'utf8')) as SuiteJson;
  } finally {
    delete process.env['CASARE_BENCH_SMOKE'];
    delete process.env['CASARE_BENCH_OUT'];
    rmSync(out, { recursive: true, force: true });
  }
}

describe('benchmarks in smoke mode', () => {
  it('engine-overhead and load suites run and write their JSON', async () => {
    const report = await smoke([() => import('../../native-bench/engine-overhead.bench.js'), () => import('../../native-bench/load.bench.js')], 'load-10k');
    expect(report.tasks.map((t) => t.name)).toEqual(expect.arrayContaining(['casare: cache hit from path', 'casare: cache hit from bytes .json', 'casare: cache hit from bytes .json.gz']));
    expect(report.tasks.filter((t) => t.error !== undefined)).toEqual([]);
  }, 120_000);

  it('batch-pool suite runs and writes its JSON', async () => {
    const report = await smoke([() => import('../../native-bench/batch-pool.bench.js')], 'batch-pool');
    expect(report.tasks.length).toBeGreaterThan(2);
    expect(report.tasks.filter((t) => t.error !== undefined)).toEqual([]);
  }, 120_000);

  it('csv-parse suite runs (every parser reads the same record count) and writes its JSON', async () => {
    const report = await smoke([() => import('../../native-bench/csv-parse.bench.js')], 'csv-parse');
    expect(report.tasks.map((t) => t.name)).toEqual(['casare CsvParser, 256 KiB chunks', 'papaparse, whole text', 'papaparse, Node stream, 256 KiB chunks']);
    expect(report.tasks.filter((t) => t.error !== undefined)).toEqual([]);
  }, 120_000);

  it('the A/B load tool compares two builds in alternating processes (the built dist against itself)', () => {
    const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
    const out = execFileSync(process.execPath, [join(dist, 'native-bench', 'ab-load.js'), dist, dist, '1'], {
      encoding: 'utf8', env: { ...process.env, CASARE_BENCH_SMOKE: '1' },
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/full \/ bare median \d+\.\d{3}x/);
  }, 60_000);
});
