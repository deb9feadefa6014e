/**
 * `casare bench` measurements. Warm mode: one engine (plan compiled once, pool and I/O pools warm),
 * `runs` runs with fresh run state, `concurrency` of them in flight at once, watched by one
 * event-loop monitor (time series) and a memory sampler; then one extra profiled run whose node
 * events give the inline / pool / io kinds and, on request, the HTML report. Cold mode: a fresh
 * `casare run --json` process per run, timed from spawn to exit.
 */
import { execFile } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Engine, LoadedWorkflow } from '../engine.js';
import type { RunResult, RunStats } from '../execute/result.js';
import { LoopMonitor } from './event-loop.js';
import type { LoopSample } from './event-loop.js';
import { MemorySampler } from './report/memory-sampler.js';
import { RunRecorder } from './report/run-recorder.js';
import { buildRunReportData, execKindOf, planGraph } from './report/build-report-data.js';
import { percentile } from './report/percentile.js';
import { fmtMs } from './report/format.js';
import type { MemorySample, ReportError, ReportNode, RunReportData } from './report/report-types.js';

export interface BenchOptions {
  /** Measured runs. */
  readonly runs: number;
  /** Unmeasured runs first (JIT, pool threads, caches). */
  readonly warmup: number;
  /** Runs in flight at once (warm mode). @default 1 */
  readonly concurrency?: number;
  /** Event-loop and memory sample interval (ms). @default 10 */
  readonly sampleEveryMs?: number;
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Also build HTML report data from the profiled run. */
  readonly report?: boolean;
}

export interface Distribution { readonly min: number; readonly median: number; readonly p95: number; readonly max: number; readonly mean: number }

export interface BenchResult {
  readonly mode: 'warm' | 'cold';
  readonly workflow: string;
  readonly env: { readonly node: string; readonly platform: string; readonly arch: string; readonly cpus: number; readonly cpuModel: string };
  readonly runs: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Wall time per run (ms): engine.run in warm mode, spawn -> exit in cold mode. */
  readonly wallMs: Distribution;
  readonly perRunMs: readonly number[];
  /** Wall time of all measured runs together (ms). */
  readonly totalMs: number;
  /** items/s = node activations per second. */
  readonly throughput: { readonly runsPerSec: number; readonly activationsPerSec: number };
  /** Warm: first (uncached) load and a cached load; run = median runMs. Cold: medians per process. */
  readonly phases: { readonly loadMs: number; readonly validateMs: number; readonly compileMs: number; readonly cachedLoadMs: number | null; readonly runMs: number };
  readonly nodes: readonly ReportNode[];
  readonly eventLoop: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly utilization: number; readonly samples: readonly LoopSample[] } | null;
  readonly pool: { readonly threads: number; readonly tasks: number; readonly queueWaitP50Ms: number; readonly queueWaitP99Ms: number; readonly runTimeP50Ms: number; readonly utilization: number } | null;
  readonly memory: { readonly samples: readonly MemorySample[]; readonly rssStartMb: number; readonly rssEndMb: number; readonly heapStartMb: number; readonly heapEndMb: number } | null;
  /** Distinct errors seen (first 20). */
  readonly errors: readonly ReportError[];
}

export function distribution(values: readonly number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const v of s) sum += v;
  return { min: s[0] ?? 0, median: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? 0, mean: s.length > 0 ? sum / s.length : 0 };
}

function envInfo(): BenchResult['env'] {
  return { node: process.version, platform: process.platform, arch: process.arch, cpus: availableParallelism(), cpuModel: cpus()[0]?.model.trim() ?? 'unknown' };
}

interface PoolStatsLike { threads?: number; tasks?: number; queueWaitP50Ms?: number; queueWaitP99Ms?: number; runTimeP50Ms?: number; utilization?: number; started?: boolean }

/** Accumulates per-run figures: node totals, activations, statuses, errors. */
class RunTally {
  readonly perRunMs: number[] = [];
  readonly runMs: number[] = [];
  readonly nodeTotals = new Map<string, number[]>();
  readonly nodeRuns = new Map<string, number>();
  readonly nodeTypes = new Map<string, string>();
  readonly nodeCosts = new Map<string, string>();
  readonly statuses: Record<string, number> = {};
  readonly errors: ReportError[] = [];
  activations = 0;

  add(r: RunResult, wallMs: number): void {
    this.perRunMs.push(wallMs);
    this.addStats(r.status, r.stats, r.error);
  }

  addStats(status: string, s: RunStats, error?: { code: string; message: string; nodeId?: string; nodeType?: string }): void {
    this.runMs.push(s.runMs);
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.activations += s.nodesExecuted;
    for (const n of s.nodes) {
      let list = this.nodeTotals.get(n.nodeId);
      if (list === undefined) this.nodeTotals.set(n.nodeId, (list = []));
      list.push(n.totalMs);
      this.nodeRuns.set(n.nodeId, n.runs);
      if (!this.nodeTypes.has(n.nodeId)) { this.nodeTypes.set(n.nodeId, n.nodeType); this.nodeCosts.set(n.nodeId, n.cost); }
    }
    if (error !== undefined && this.errors.length < 20 && !this.errors.some((e) => e.code === error.code && e.nodeId === error.nodeId)) {
      this.errors.push({ code: error.code, message: error.message, ...(error.nodeId !== undefined && { nodeId: error.nodeId }), ...(error.nodeType !== undefined && { nodeType: error.nodeType }) });
    }
  }

  /** Per-node figures over runs; kind from the profiled run's async flags (when there was one). */
  nodes(ids: readonly string[], types: Map<string, string>, costs: Map<string, string>, asyncOf: (id: string) => boolean, poolUsed: boolean): ReportNode[] {
    let grand = 0;
    for (const list of this.nodeTotals.values()) for (const v of list) grand += v;
    const out: ReportNode[] = [];
    for (const id of ids) {
      const list = (this.nodeTotals.get(id) ?? []).sort((a, b) => a - b);
      let sum = 0;
      for (const v of list) sum += v;
      const cost = costs.get(id) ?? 'inline';
      out.push({
        id, type: types.get(id) ?? '?', cost, kind: execKindOf(cost, asyncOf(id), poolUsed), runs: this.nodeRuns.get(id) ?? 0,
        totalMs: percentile(list, 50), medianMs: percentile(list, 50), p95Ms: percentile(list, 95), share: grand > 0 ? sum / grand : 0,
      });
    }
    return out;
  }
}

/** Warm-mode bench on `engine` (create it with `monitorEventLoop: false`: the bench has its own monitor). */
export async function runBench(engine: Engine, workflow: string, opts: BenchOptions): Promise<{ bench: BenchResult; report: RunReportData | null }> {
  const runs = Math.max(1, opts.runs);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 1, runs));
  const sampleEveryMs = opts.sampleEveryMs ?? 10;
  const runOpts = opts.variables !== undefined ? { variables: opts.variables } : {};
  const first: LoadedWorkflow = await engine.load(workflow);
  let poolBefore: PoolStatsLike | undefined;
  for (let i = 0; i < opts.warmup; i++) poolBefore = (await engine.run(first, runOpts)).stats['pool'] as PoolStatsLike | undefined;
  // A cache hit from a path costs one stat(); the median of a few says more than the first one.
  const cachedLoads: number[] = [];
  for (let i = 0; i < 9; i++) cachedLoads.push((await engine.load(workflow)).loadMs);

  const tally = new RunTally();
  const monitor = new LoopMonitor({ sampleEveryMs, maxSamples: 3000 });
  const memory = new MemorySampler(Math.max(10, sampleEveryMs));
  await monitor.start();
  const monitorAt = performance.now();
  memory.start();
  let next = 0;
  let lastPool: PoolStatsLike | undefined;
  const worker = async (): Promise<void> => {
    while (next < runs) {
      next++;
      const t0 = performance.now();
      const r = await engine.run(first, runOpts);
      tally.add(r, performance.now() - t0);
      lastPool = r.stats['pool'] as PoolStatsLike | undefined;
    }
  };
  const tStart = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const totalMs = performance.now() - tStart;
  const points = memory.stop();
  const loop = await monitor.finish();

  // Profiled run: node events for kinds, the timeline and (optionally) the report.
  const recorder = new RunRecorder();
  const pMonitor = opts.report === true ? new LoopMonitor({ sampleEveryMs: Math.min(5, sampleEveryMs), maxSamples: 4000 }) : null;
  const pMemory = opts.report === true ? new MemorySampler(10) : null;
  if (pMonitor !== null) await pMonitor.start();
  const pStartedAt = performance.now();
  pMemory?.start();
  const profiled = await engine.run(first, { ...runOpts, onEvent: recorder.onEvent });
  const pPoints = pMemory?.stop() ?? [];
  const pLoop = pMonitor !== null ? await pMonitor.finish() : null;

  const poolTasks = (lastPool?.tasks ?? 0) - (poolBefore?.tasks ?? 0);
  const asyncCount = new Map<string, [number, number]>();
  for (const s of recorder.spans) {
    const c = asyncCount.get(s.nodeId) ?? [0, 0];
    c[0] += s.async ? 1 : 0;
    c[1]++;
    asyncCount.set(s.nodeId, c);
  }
  const asyncOf = (id: string): boolean => { const c = asyncCount.get(id); return c !== undefined && c[0] * 2 > c[1]; };
  const graph = planGraph(first.plan);
  const nodes = tally.nodes(graph.ids, graph.types, graph.costs, asyncOf, poolTasks > 0);
  const memSamples: MemorySample[] = points.map((p) => ({ t: p.at - monitorAt, rssMb: p.rssMb, heapUsedMb: p.heapUsedMb }));
  const pool = lastPool !== undefined && lastPool.started === true
    ? { threads: lastPool.threads ?? 0, tasks: poolTasks, queueWaitP50Ms: lastPool.queueWaitP50Ms ?? 0, queueWaitP99Ms: lastPool.queueWaitP99Ms ?? 0, runTimeP50Ms: lastPool.runTimeP50Ms ?? 0, utilization: lastPool.utilization ?? 0 }
    : null;
  const plan = first.plan;
  const bench: BenchResult = {
    mode: 'warm', workflow, env: envInfo(), runs, warmup: opts.warmup, concurrency,
    statuses: tally.statuses,
    wallMs: distribution(tally.perRunMs),
    perRunMs: tally.perRunMs,
    totalMs,
    throughput: { runsPerSec: runs / (totalMs / 1000), activationsPerSec: tally.activations / (totalMs / 1000) },
    phases: {
      loadMs: first.cacheHit ? 0 : plan.doc.timings.readMs + plan.doc.timings.parseMs,
      validateMs: first.cacheHit ? 0 : first.validateMs,
      compileMs: plan.compileMs,
      cachedLoadMs: percentile(cachedLoads.sort((a, b) => a - b), 50),
      runMs: percentile([...tally.runMs].sort((a, b) => a - b), 50),
    },
    nodes,
    eventLoop: { p50Ms: loop.p50Ms, p99Ms: loop.p99Ms, maxMs: loop.maxMs, utilization: loop.utilization, samples: loop.samples ?? [] },
    pool,
    memory: {
      samples: memSamples,
      rssStartMb: memSamples[0]?.rssMb ?? 0, rssEndMb: memSamples[memSamples.length - 1]?.rssMb ?? 0,
      heapStartMb: memSamples[0]?.heapUsedMb ?? 0, heapEndMb: memSamples[memSamples.length - 1]?.heapUsedMb ?? 0,
    },
    errors: tally.errors,
  };
  let report: RunReportData | null = null;
  if (opts.report === true) {
    report = buildRunReportData({
      plan, result: profiled, recorder, loop: pLoop !== null ? { stats: pLoop, startedAt: pStartedAt } : null, memory: pPoints,
      file: workflow, poolTasks, nodes, summary: benchSummaryLines(bench),
    });
  }
  return { bench, report };
}

/** Key figures as label/value pairs (the report's summary block and the text table's header). */
export function benchSummaryLines(b: BenchResult): [string, string][] {
  const w = b.wallMs;
  const lines: [string, string][] = [
    ['bench', `${b.mode}, ${b.runs} runs (+${b.warmup} warm-up), ${b.concurrency} at a time; node ${b.env.node}, ${b.env.cpus} CPUs`],
    ['wall per run min / median / p95 / max', `${fmtMs(w.min)} / ${fmtMs(w.median)} / ${fmtMs(w.p95)} / ${fmtMs(w.max)}`],
    ['throughput', `${b.throughput.runsPerSec.toFixed(1)} runs/s, ${Math.round(b.throughput.activationsPerSec)} node activations/s`],
    ['load / validate / compile / cached load / run (median)', `${fmtMs(b.phases.loadMs)} / ${fmtMs(b.phases.validateMs)} / ${fmtMs(b.phases.compileMs)} / ${b.phases.cachedLoadMs === null ? '-' : fmtMs(b.phases.cachedLoadMs)} / ${fmtMs(b.phases.runMs)}`],
    ['statuses', Object.entries(b.statuses).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
  if (b.eventLoop !== null) {
    const l = b.eventLoop;
    const elu = Number.isFinite(l.utilization) ? `, utilisation ${(l.utilization * 100).toFixed(0)}%` : '';
    lines.push([b.mode === 'warm' ? 'event-loop delay p50 / p99 / max (all runs)' : 'event-loop delay p50 / p99 / max (median per process)', `${fmtMs(l.p50Ms)} / ${fmtMs(l.p99Ms)} / ${fmtMs(l.maxMs)}${elu}`]);
  }
  if (b.pool !== null) {
    const p = b.pool;
    lines.push(['pool', `${p.threads} threads, ${p.tasks} tasks; queue wait p50 ${fmtMs(p.queueWaitP50Ms)} p99 ${fmtMs(p.queueWaitP99Ms)}; task p50 ${fmtMs(p.runTimeP50Ms)}; utilisation ${(p.utilization * 100).toFixed(0)}%`]);
  }
  else if (b.mode === 'warm') lines.push(['pool', 'not used (no CPU node went to a worker thread)']);
  if (b.memory !== null) {
    const m = b.memory;
    lines.push(['memory RSS / heap used (start -> end)', `${m.rssStartMb.toFixed(1)} -> ${m.rssEndMb.toFixed(1)} MB / ${m.heapStartMb.toFixed(1)} -> ${m.heapEndMb.toFixed(1)} MB`]);
  }
  return lines;
}

export interface ColdBenchOptions {
  readonly runs: number;
  readonly warmup: number;
  /** URL of the CLI module exporting `main(argv)` (src/cli/main.ts or dist/src/cli/main.js). */
  readonly cliModuleUrl: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

interface ColdDoc { status: string; stats: RunStats; error?: { code: string; message: string; nodeId?: string; nodeType?: string } }

function spawnOnce(args: string[]): Promise<{ ms: number; doc: ColdDoc }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const ms = performance.now() - t0;
      // Exit code 1 = the workflow failed: still a measured run with a JSON document.
      if (err !== null && (err as { code?: unknown }).code !== 1) { reject(new Error(`cold run failed: ${stderr.trim() || err.message}`)); return; }
      try { resolve({ ms, doc: JSON.parse(stdout) as ColdDoc }); } catch { reject(new Error(`cold run printed no JSON: ${stderr.trim().slice(0, 300)}`)); }
    });
  });
}

/** Cold mode: a fresh process per run, `casare run <workflow> --json`, timed from spawn to exit. */
export async function runColdBench(workflow: string, opts: ColdBenchOptions): Promise<BenchResult> {
  const fromSource = opts.cliModuleUrl.endsWith('.ts');
  const argv = ['node', 'casare', 'run', workflow, '--json', ...Object.entries(opts.variables ?? {}).flatMap(([k, v]) => ['--var', `${k}=${JSON.stringify(v)}`])];
  const script = `const m = await import(${JSON.stringify(opts.cliModuleUrl)}); process.exitCode = await m.main(${JSON.stringify(argv)});`;
  // From sources the child needs tsx's loader (adds its start-up to every run; the built CLI does not).
  const pre = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const args = [...pre, '--input-type=module', '-e', script];
  for (let i = 0; i < opts.warmup; i++) await spawnOnce(args);
  const tally = new RunTally();
  const loads: number[] = [];
  const validates: number[] = [];
  const compiles: number[] = [];
  const loopP50: number[] = [];
  const loopP99: number[] = [];
  const loopMax: number[] = [];
  const tStart = performance.now();
  for (let i = 0; i < Math.max(1, opts.runs); i++) {
    const { ms, doc } = await spawnOnce(args);
    tally.perRunMs.push(ms);
    tally.addStats(doc.status, doc.stats, doc.error);
    loads.push(doc.stats.loadMs);
    validates.push(doc.stats.validateMs);
    compiles.push(doc.stats.compileMs);
    if (doc.stats.eventLoop) { loopP50.push(doc.stats.eventLoop.p50Ms); loopP99.push(doc.stats.eventLoop.p99Ms); loopMax.push(doc.stats.eventLoop.maxMs); }
  }
  const totalMs = performance.now() - tStart;
  const med = (v: number[]): number => percentile([...v].sort((a, b) => a - b), 50);
  const ids = [...tally.nodeTotals.keys()];
  // Types and cost classes come from the runs' stats; no events cross the process boundary, so a
  // CPU node's kind is 'inline' here (the pool cannot be told apart without node-end's async flag).
  const nodes = tally.nodes(ids, tally.nodeTypes, tally.nodeCosts, () => false, false);
  const runs = tally.perRunMs.length;
  return {
    mode: 'cold', workflow, env: envInfo(), runs, warmup: opts.warmup, concurrency: 1,
    statuses: tally.statuses, wallMs: distribution(tally.perRunMs), perRunMs: tally.perRunMs, totalMs,
    throughput: { runsPerSec: runs / (totalMs / 1000), activationsPerSec: tally.activations / (totalMs / 1000) },
    phases: { loadMs: med(loads), validateMs: med(validates), compileMs: med(compiles), cachedLoadMs: null, runMs: med(tally.runMs) },
    nodes,
    // Per process: medians of each run's own summary (no time series across processes).
    eventLoop: loopP50.length > 0 ? { p50Ms: med(loopP50), p99Ms: med(loopP99), maxMs: med(loopMax), utilization: Number.NaN, samples: [] } : null,
    pool: null,
    memory: null,
    errors: tally.errors,
  };
}
