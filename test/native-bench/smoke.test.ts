/**
 * Benchmarks are not part of the test command, but their smoke mode is: tiny budgets and inputs,
 * so a bench that no longer runs (renamed API, broken generator) fails here.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('benchmarks in smoke mode', () => {
  it('engine-overhead and load suites run and write their JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'casare-bench-smoke-'));
    process.env['CASARE_BENCH_SMOKE'] = '1';
    process.env['CASARE_BENCH_OUT'] = out;
    const { main: overhead } = await import('../../native-bench/engine-overhead.bench.js');
    const { main: load } = await import('../../native-bench/load.bench.js');
    await overhead();
    await load();
    const report = JSON.parse(readFileSync(join(out, 'smoke', 'load-10k.json'), 'utf8')) as { tasks: { name: string }[] };
    expect(report.tasks.map((t) => t.name)).toContain('casare: cache hit from path');
  }, 120_000);

  it('batch-pool suite runs and writes its JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'casare-bench-smoke-'));
    process.env['CASARE_BENCH_SMOKE'] = '1';
    process.env['CASARE_BENCH_OUT'] = out;
    const { main } = await import('../../native-bench/batch-pool.bench.js');
    await main();
    const report = JSON.parse(readFileSync(join(out, 'smoke', 'batch-pool.json'), 'utf8')) as { tasks: { name: string; error?: string }[] };
    expect(report.tasks.length).toBeGreaterThan(2);
    expect(report.tasks.filter((t) => t.error !== undefined)).toEqual([]);
  }, 120_000);

  it('csv-parse suite runs (every parser reads the same record count) and writes its JSON', async () => {
    const out = mkdtempSync(join(tmpdir(), 'casare-bench-smoke-'));
    process.env['CASARE_BENCH_SMOKE'] = '1';
    process.env['CASARE_BENCH_OUT'] = out;
    const { main } = await import('../../native-bench/csv-parse.bench.js');
    await main();
    const report = JSON.parse(readFileSync(join(out, 'smoke', 'csv-parse.json'), 'utf8')) as { tasks: { name: string; error?: string }[] };
    expect(report.tasks.map((t) => t.name)).toEqual(['casare CsvParser, 256 KiB chunks', 'papaparse, whole text', 'papaparse, Node stream, 256 KiB chunks']);
    expect(report.tasks.filter((t) => t.error !== undefined)).toEqual([]);
  }, 120_000);
});
