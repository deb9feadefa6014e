/**
 * tinybench suite runner: every `native-bench/<question>.bench.ts` calls `runSuite` once per
 * question. It measures all tasks in one run (so the baseline shares the machine's current
 * noise), prints median, p99, ops/s and the ratio to the baseline, plus Node version, CPU count
 * and event-loop delay during the suite, and writes the same data as JSON to
 * bench-results/<name>.json (bench-results/smoke/<name>.json in smoke mode).
 *
 * Smoke mode (`--smoke` on the command line or CASARE_BENCH_SMOKE=1) shrinks the time budgets to
 * a few milliseconds so the test suite can run every bench and catch bit rot; its numbers mean
 * nothing. Suites should also shrink their inputs when `isSmoke()` is true.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Bench } from 'tinybench';
import type { Fn, FnOptions } from 'tinybench';
import { LoopMonitor } from '../../src/observe/event-loop.js';
import type { LoopStats } from '../../src/observe/event-loop.js';

/** A task is a function, or a function with tinybench hooks (beforeEach, afterAll, ...). */
export type SuiteTask = Fn | { fn: Fn; opts?: FnOptions };

export interface SuiteOptions {
  /** Task name the others are compared with (default: the first task). */
  baseline?: string;
  /** Time budget per task in ms (default 1000; 10 in smoke mode). */
  time?: number;
  /** Warm-up budget per task in ms (default 250; 0 in smoke mode). */
  warmup?: number;
  /** Minimum iterations per task (tinybench default 64; 2 in smoke mode). */
  iterations?: number;
  /** Free-form facts recorded in the JSON (input sizes, settings). */
  notes?: Record<string, unknown>;
  /** Results directory (default CASARE_BENCH_OUT or <cwd>/bench-results). */
  outDir?: string;
  /** Do not print (tests). */
  quiet?: boolean;
}

export interface TaskReport {
  name: string;
  medianMs: number;
  /** Fastest sample: the cost when no GC or neighbour lands in it. */
  minMs: number;
  p99Ms: number;
  meanMs: number;
  opsPerSec: number;
  samples: number;
  /** medianMs / baseline medianMs: below 1 is faster than the baseline. */
  ratio: number;
  error?: string;
}

export interface SuiteReport {
  name: string;
  smoke: boolean;
  startedAt: string;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  baseline: string;
  options: { time: number; warmup: number; iterations: number };
  tasks: TaskReport[];
  /** Event-loop delay and utilisation over the whole suite (warm-up included). */
  loop: LoopStats;
  notes?: Record<string, unknown>;
  /** Where the JSON was written. */
  file: string;
}

/** True for `--smoke` or CASARE_BENCH_SMOKE=1 (or "true"). */
export function isSmoke(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CASARE_BENCH_SMOKE;
  return argv.includes('--smoke') || v === '1' || v === 'true';
}

function safeFileName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'suite';
}

/** Run the tasks, print the table, write the JSON; throws after reporting if any task failed. */
export async function runSuite(name: string, tasks: Record<string, SuiteTask>, options: SuiteOptions = {}): Promise<SuiteReport> {
  const names = Object.keys(tasks);
  if (names.length === 0) throw new Error(`suite ${name}: no tasks`);
  const baseline = options.baseline ?? names[0]!;
  if (!names.includes(baseline)) throw new Error(`suite ${name}: baseline "${baseline}" is not one of ${names.join(', ')}`);

  const smoke = isSmoke();
  const time = smoke ? Math.min(options.time ?? 10, 10) : (options.time ?? 1000);
  const warmup = smoke ? 0 : (options.warmup ?? 250);
  const iterations = smoke ? 2 : (options.iterations ?? 64);

  const bench = new Bench({
    name,
    time,
    iterations,
    warmup: warmup > 0,
    warmupTime: warmup,
    warmupIterations: smoke ? 1 : 16,
  });
  for (const taskName of names) {
    const t = tasks[taskName]!;
    if (typeof t === 'function') bench.add(taskName, t);
    else bench.add(taskName, t.fn, t.opts);
  }

  const startedAt = new Date().toISOString();
  const monitor = new LoopMonitor();
  await monitor.start();
  await bench.run();
  const loop = await monitor.finish();

  const rows: TaskReport[] = bench.tasks.map((task) => {
    const r = task.result;
    if (r.state === 'completed' || r.state === 'aborted-with-statistics') {
      return {
        name: task.name,
        medianMs: r.latency.p50,
        minMs: r.latency.min,
        p99Ms: r.latency.p99,
        meanMs: r.latency.mean,
        opsPerSec: r.throughput.mean,
        samples: r.latency.samplesCount,
        ratio: Number.NaN,
      };
    }
    const error = r.state === 'errored' ? (r.error?.stack ?? String(r.error)) : `task ${r.state}`;
    return { name: task.name, medianMs: Number.NaN, minMs: Number.NaN, p99Ms: Number.NaN, meanMs: Number.NaN, opsPerSec: 0, samples: 0, ratio: Number.NaN, error };
  });
  const base = rows.find((r) => r.name === baseline)!;
  for (const row of rows) row.ratio = row.medianMs / base.medianMs;

  const outDir = resolve(options.outDir ?? process.env.CASARE_BENCH_OUT ?? join(process.cwd(), 'bench-results'));
  const dir = smoke ? join(outDir, 'smoke') : outDir;
  const file = join(dir, `${safeFileName(name)}.json`);
  const cpuList = cpus();
  const report: SuiteReport = {
    name,
    smoke,
    startedAt,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    baseline,
    options: { time, warmup, iterations },
    tasks: rows,
    loop,
    file,
  };
  if (options.notes) report.notes = options.notes;

  mkdirSync(dir, { recursive: true });
  // NaN is not JSON: failed tasks' figures are written as null.
  writeFileSync(file, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
  if (!options.quiet) console.log(formatReport(report));

  const failed = rows.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    throw new Error(`suite ${name}: ${failed.length} task(s) failed:\n${failed.map((r) => `${r.name}: ${r.error}`).join('\n')}`);
  }
  return report;
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

function fmtOps(ops: number): string {
  if (!Number.isFinite(ops) || ops === 0) return '-';
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k`;
  return ops.toFixed(1);
}

function fmtRatio(r: number, isBase: boolean): string {
  if (isBase) return 'baseline';
  if (!Number.isFinite(r) || r <= 0) return '-';
  return r <= 1 ? `${r.toFixed(2)}× (${(1 / r).toFixed(2)}× faster)` : `${r.toFixed(2)}× (slower)`;
}

/** The printed form: header line, aligned table, loop-delay line. */
export function formatReport(report: SuiteReport): string {
  const header = ['task', 'median', 'p99', 'ops/s', 'samples', 'vs baseline'];
  const body = report.tasks.map((t) => [
    t.name,
    fmtMs(t.medianMs),
    fmtMs(t.p99Ms),
    fmtOps(t.opsPerSec),
    String(t.samples),
    t.error !== undefined ? 'FAILED' : fmtRatio(t.ratio, t.name === report.baseline),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const l = report.loop;
  return [
    `## ${report.name}${report.smoke ? ' (smoke: numbers are meaningless)' : ''}`,
    `node ${report.node} ${report.platform}-${report.arch}, ${report.cpus} CPUs (${report.cpuModel}); time ${report.options.time} ms/task, warm-up ${report.options.warmup} ms`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    `event loop during suite: p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, max ${l.maxMs.toFixed(2)} ms, utilisation ${(l.utilization * 100).toFixed(0)}%`,
    `json: ${report.file}`,
  ].join('\n');
}
