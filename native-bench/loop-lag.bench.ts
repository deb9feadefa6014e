/**
 * Question: while CPU nodes keep 2 workers busy, does the main event loop stay free for timers and
 * HTTP? The workload is what users run: a workflow of two parallel FuzzyPairsNode branches (two
 * generated lists each, difflib ratio) through createEngine with a 2-thread pool, against the same
 * workflow run by the same executor without a pool (every kernel inline on the main thread), plus
 * an idle baseline. During each scenario: main-loop delay p50/p99/max (LoopMonitor, started and
 * sampling before the work) and a loopback HTTP round trip (node:http server on 127.0.0.1, undici
 * request from the main thread, one request every ~10 ms).
 * Goal (issue 4): pool p99 ≤ 10 ms, max ≤ 30 ms, HTTP latency ≤ 1.5× idle. Not a tinybench suite:
 * each scenario is one timed window; the JSON goes to bench-results/loop-lag.json.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import { isSmoke } from './support/harness.js';
import { createEngine } from '../src/index.js';
import { executePlan } from '../src/execute/run.js';
import { RunScope } from '../src/resources/run-scope.js';
import { LoopMonitor } from '../src/observe/event-loop.js';
import type { LoopStats } from '../src/observe/event-loop.js';
import type { PoolStats } from '../src/pool/worker-pool.js';
import { seededWords as words } from './support/generate.js';


function workflow(n: number): Buffer {
  const node = (id: string, seed: number): [string, unknown] =>
    [id, { node_id: id, node_type: 'FuzzyPairsNode', config: { left: words(n, seed), right: words(n, seed + 1), threshold: 0.8 } }];
  return Buffer.from(JSON.stringify({
    metadata: { name: 'loop-lag' }, nodes: Object.fromEntries([node('a', 1), node('b', 3)]), connections: [], variables: {}, settings: {},
  }));
}

interface Scenario {
  name: string;
  wallMs: number;
  loop: LoopStats;
  http: { n: number; p50Ms: number; p99Ms: number; maxMs: number };
  poolTasks?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(name: string, url: string, agent: Agent, work: () => Promise<number | undefined>): Promise<Scenario> {
  const monitor = new LoopMonitor();
  await monitor.start();
  await sleep(20); // the delay histogram and the HTTP loop are running before the work starts
  const lat: number[] = [];
  let stop = false;
  // Requests on a fixed 10 ms schedule; latency counts from the scheduled time, so a request the
  // blocked loop could not even send is charged its wait (no coordinated omission).
  const httpLoop = (async (): Promise<void> => {
    let next = performance.now();
    do {
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      const sent = performance.now();
      const res = await request(url, { dispatcher: agent });
      await res.body.text();
      const done = performance.now();
      // From the scheduled time when the loop sent late (its wait counts), else from the send: a
      // timer firing a fraction of a millisecond early must not make a latency negative.
      lat.push(done - Math.min(sent, next));
      next = Math.max(next + 10, done);
    } while (!stop);
  })();
  await sleep(20);
  const t0 = performance.now();
  const poolTasks = await work();
  const wallMs = performance.now() - t0;
  stop = true;
  await httpLoop;
  const loop = await monitor.finish();
  lat.sort((a, b) => a - b);
  return { name, wallMs, loop, http: { n: lat.length, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), maxMs: lat[lat.length - 1] ?? Number.NaN }, poolTasks };
}

export async function main(): Promise<void> {
  const smoke = isSmoke();
  const n = smoke ? 60 : 1000;
  const bytes = workflow(n);
  const server = createServer((_req, res) => { res.end('ok'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const agent = new Agent({ connections: 4 });
  const engine = createEngine({ monitorEventLoop: false, pool: { threads: 2 } });
  const engine1 = createEngine({ monitorEventLoop: false, pool: { threads: 1 } });
  try {
    await engine1.run(workflow(smoke ? 20 : 200));
    const loaded = await engine.load(bytes);
    // Warm: pool threads started, JIT on both sides, the HTTP connection open.
    const warm = await engine.run(workflow(smoke ? 20 : 200));
    const tasksBefore = (warm.stats['pool'] as PoolStats).tasks;
    for (let i = 0; i < 20; i++) await (await request(url, { dispatcher: agent })).body.text();
    const inlineRun = async (): Promise<undefined> => {
      const scope = new RunScope();
      try {
        const r = await executePlan(loaded.plan, { services: { fileRoot: null, env: process.env, scope, pool: null }, cwd: process.cwd(), concurrency: 8, retainLogs: false });
        if (r.status !== 'success') throw new Error(`inline run failed: ${r.error?.message}`);
      } finally { await scope.close(); }
      return undefined;
    };
    await inlineRun(); // warm the inline kernels too
    const poolRun = async (): Promise<number> => {
      const r = await engine.run(loaded);
      if (r.status !== 'success') throw new Error(`pool run failed: ${r.error?.message}`);
      return (r.stats['pool'] as PoolStats).tasks - tasksBefore;
    };
    const pool = await measure('pool (2 threads)', url, agent, poolRun);
    const pool1 = await measure('pool (1 thread)', url, agent, async () => {
      const r = await engine1.run(loaded);
      if (r.status !== 'success') throw new Error(`pool run failed: ${r.error?.message}`);
      return undefined;
    });
    const idle = await measure('idle', url, agent, async () => { await sleep(Math.max(500, pool.wallMs)); return undefined; });
    const inline = await measure('inline (main thread)', url, agent, inlineRun);
    const rows = [idle, pool, pool1, inline];
    const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');
    const lines = [
      `## loop-lag${smoke ? ' (smoke: numbers are meaningless)' : ''}`,
      `node ${process.version} ${process.platform}-${process.arch}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}); workload: 2 × FuzzyPairsNode ${n}×${n}`,
      'scenario              wall ms  loop p50  loop p99  loop max   ELU  http n  http p50  http p99  http max  http p50 vs idle',
      ...rows.map((r) => [
        r.name.padEnd(20), f(r.wallMs).padStart(8), f(r.loop.p50Ms).padStart(9), f(r.loop.p99Ms).padStart(9), f(r.loop.maxMs).padStart(9),
        `${(r.loop.utilization * 100).toFixed(0)}%`.padStart(5), String(r.http.n).padStart(7), f(r.http.p50Ms).padStart(9), f(r.http.p99Ms).padStart(9),
        f(r.http.maxMs).padStart(9), `${(r.http.p50Ms / idle.http.p50Ms).toFixed(2)}×`.padStart(17),
      ].join(' ')),
      `pool tasks in the timed run: ${pool.poolTasks ?? 0}`,
      `goal (pool): loop p99 ≤ 10 ms: ${pool.loop.p99Ms <= 10 ? 'met' : 'MISSED'}; loop max ≤ 30 ms: ${pool.loop.maxMs <= 30 ? 'met' : 'MISSED'}; ` +
        `http p50 ≤ 1.5× idle: ${pool.http.p50Ms <= 1.5 * idle.http.p50Ms ? 'met' : 'MISSED'} (p99 ${(pool.http.p99Ms / idle.http.p99Ms).toFixed(2)}× idle)`,
    ];
    const outDir = resolve(process.env.CASARE_BENCH_OUT ?? join(process.cwd(), 'bench-results'));
    const dir = smoke ? join(outDir, 'smoke') : outDir;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'loop-lag.json');
    writeFileSync(file, `${JSON.stringify({ name: 'loop-lag', smoke, startedAt: new Date().toISOString(), node: process.version, cpus: availableParallelism(), listSize: n, scenarios: rows }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    lines.push(`json: ${file}`);
    console.log(lines.join('\n'));
  } finally {
    await Promise.all([engine.close(), engine1.close()]);
    await agent.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
