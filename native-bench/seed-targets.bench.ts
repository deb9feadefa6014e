/**
 * Question: how does Casare answer CasareRPA's own seed targets, on this machine, in one run?
 * One row per target with the target, our figure and whether it is met:
 *   50-node workflow load < 300 ms · 30-node workflow start-up (process start -> result) < 500 ms ·
 *   node execution average < 500 ms · 10-node workflow < 5 s · memory per execution cycle < 10 MB ·
 *   cache hit < 50 ms and hit rate > 70 % under a repeat pattern · 100 sequential runs without leak.
 * The baseline of each row is the target itself. Writes bench-results/seed-targets.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine } from '../src/engine.js';
import { runColdBench } from '../src/observe/bench-runner.js';
import { percentile } from '../src/observe/report/percentile.js';
import { fmtMs } from '../src/observe/report/format.js';
import { isSmoke } from './support/harness.js';
import { wideWorkflow } from './support/generate.js';

export interface TargetRow {
  readonly target: string;
  readonly goal: string;
  readonly ours: string;
  readonly value: number;
  readonly limit: number;
  /** true when `value` beats `limit` in the row's direction. */
  readonly met: boolean;
  readonly how: string;
}

const MB = 1024 * 1024;

/** A callable gc(): --expose-gc set at run time (vm trick), so `npm run bench` needs no node flag. */
function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** Deterministic Zipf-like picks over `n` items (s = 1.1): a few workflows run most of the time. */
function zipfPicks(n: number, count: number, seed: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => 1 / (k + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  let x = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    let r = (x / 2 ** 32) * total;
    let k = 0;
    while (k < n - 1 && (r -= weights[k]!) > 0) k++;
    out.push(k);
  }
  return out;
}

const row = (target: string, goal: string, value: number, limit: number, ours: string, how: string, lowerIsBetter = true): TargetRow =>
  ({ target, goal, value, limit, ours, how, met: lowerIsBetter ? value < limit : value > limit });

/** Measure every target, print the table, write the JSON; returns the rows. */
export async function measureSeedTargets(): Promise<TargetRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'casare-seed-'));
  try {
    return await measureIn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureIn(dir: string): Promise<TargetRow[]> {
  const smoke = isSmoke();
  const gc = getGc();
  const file = (name: string, doc: unknown): string => { const p = join(dir, name); writeFileSync(p, JSON.stringify(doc)); return p; };
  const w50 = file('w50.json', wideWorkflow(50));
  const w30 = file('w30.json', wideWorkflow(30));
  const w10 = file('w10.json', wideWorkflow(10));
  const rows: TargetRow[] = [];

  // 1. 50-node load: read + parse + validate + compile on a fresh engine (no cache), median of N.
  const loads: number[] = [];
  for (let i = 0; i < (smoke ? 2 : 30); i++) {
    const e = createEngine({ monitorEventLoop: false });
    const t0 = performance.now();
    await e.load(w50);
    loads.push(performance.now() - t0);
    await e.close();
  }
  rows.push(row('50-node workflow load', '< 300 ms', median(loads), 300, fmtMs(median(loads)), 'fresh engine: read, parse, validate, compile; median'));

  // 2. 30-node start-up from process start to result (built CLI under `npm run bench`).
  const fromSource = import.meta.url.endsWith('.ts');
  const cliUrl = new URL(fromSource ? '../src/cli/main.ts' : '../src/cli/main.js', import.meta.url).href;
  const cold = await runColdBench(w30, { runs: smoke ? 1 : 10, warmup: smoke ? 0 : 1, cliModuleUrl: cliUrl });
  rows.push(row('30-node workflow start-up', '< 500 ms', cold.wallMs.median, 500, fmtMs(cold.wallMs.median),
    `new process -> result (casare run --json), median${fromSource ? '; from sources via tsx: slower than the built CLI' : ''}`));

  const engine = createEngine({ monitorEventLoop: false, retainLogs: false });
  try {
    // 3. node execution average: run time / activations over the 30-node workflow, warm.
    const loaded30 = await engine.load(w30);
    for (let i = 0; i < 20; i++) await engine.run(loaded30);
    const perNode: number[] = [];
    for (let i = 0; i < (smoke ? 5 : 200); i++) {
      const r = await engine.run(loaded30);
      perNode.push(r.stats.runMs / r.stats.nodesExecuted);
    }
    rows.push(row('node execution average', '< 500 ms', median(perNode), 500, fmtMs(median(perNode)), '30-node workflow, run time / activations, median run'));

    // 4. 10-node workflow end to end in a warm engine (path in, result out: cache-hit load included).
    const w10ms: number[] = [];
    for (let i = 0; i < (smoke ? 5 : 200); i++) {
      const t0 = performance.now();
      await engine.run(w10);
      w10ms.push(performance.now() - t0);
    }
    rows.push(row('10-node workflow', '< 5 s', median(w10ms), 5000, fmtMs(median(w10ms)), 'engine.run(path), warm engine, median'));

    // 5. memory per execution cycle: heap allocated during one run (no GC in between; upper bound of
    //    what a cycle needs) and what stays after GC, 30-node workflow.
    const allocs: number[] = [];
    for (let i = 0; i < (smoke ? 3 : 20); i++) {
      gc();
      const before = process.memoryUsage().heapUsed;
      await engine.run(loaded30);
      allocs.push((process.memoryUsage().heapUsed - before) / MB);
    }
    const alloc = median(allocs);
    rows.push(row('memory per execution cycle', '< 10 MB', alloc, 10, `${(alloc * 1024).toFixed(0)} KB`, 'heap allocated by one 30-node run (before GC), median'));

    // 6a. cache hit: load of an unchanged path already compiled (one stat()).
    await engine.load(w50);
    const hits: number[] = [];
    for (let i = 0; i < (smoke ? 5 : 200); i++) hits.push((await engine.load(w50)).loadMs);
    rows.push(row('cache hit', '< 50 ms', median(hits), 50, fmtMs(median(hits)), 'engine.load(path) of an unchanged, compiled workflow; median'));

    // 6b. hit rate: 20 workflows picked Zipf-like 1000 times; every 25th load edits its file first.
    const pattern = createEngine({ monitorEventLoop: false });
    const paths = Array.from({ length: 20 }, (_, k) => file(`rep${k}.json`, wideWorkflow(10 + k)));
    let hitCount = 0;
    const picks = zipfPicks(paths.length, smoke ? 100 : 1000, 42);
    for (let i = 0; i < picks.length; i++) {
      const k = picks[i]!;
      if (i % 25 === 24) {
        const doc = wideWorkflow(10 + k);
        doc.metadata['description'] = `edit ${i}`;
        writeFileSync(paths[k]!, JSON.stringify(doc));
      }
      if ((await pattern.load(paths[k]!)).cacheHit) hitCount++;
    }
    await pattern.close();
    const rate = (hitCount / picks.length) * 100;
    rows.push(row('cache hit rate', '> 70 %', rate, 70, `${rate.toFixed(1)} %`, `20 workflows, ${picks.length} loads, Zipf s=1.1, an edit every 25 loads`, false));

    // 7. 100 sequential runs: heap after GC before vs after (warm: 10 runs first).
    for (let i = 0; i < 10; i++) await engine.run(loaded30);
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const n = smoke ? 10 : 100;
    for (let i = 0; i < n; i++) await engine.run(loaded30);
    gc();
    const growthMb = (process.memoryUsage().heapUsed - h0) / MB;
    rows.push(row(`${n} sequential executions without leak`, 'no growth', growthMb, 1, `${growthMb >= 0 ? '+' : ''}${(growthMb * 1024).toFixed(0)} KB heap`, `heap after GC, before vs after ${n} runs of the 30-node workflow (limit +1 MB)`));
  } finally {
    await engine.close();
  }

  const header = ['target', 'CasareRPA', 'Casare', 'met', 'how'];
  const body = rows.map((r) => [r.target, r.goal, r.ours, r.met ? 'yes' : 'NO', r.how]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log([
    `## seed-targets${smoke ? ' (smoke: numbers are meaningless)' : ''}`,
    `node ${process.version} ${process.platform}-${process.arch}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`,
    line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line),
  ].join('\n'));
  const outDir = resolve(process.env['CASARE_BENCH_OUT'] ?? join(process.cwd(), 'bench-results'));
  const out = smoke ? join(outDir, 'smoke') : outDir;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'seed-targets.json'), `${JSON.stringify({ name: 'seed-targets', smoke, node: process.version, cpus: availableParallelism(), rows }, null, 2)}\n`);
  return rows;
}

export async function main(): Promise<void> {
  await measureSeedTargets();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
