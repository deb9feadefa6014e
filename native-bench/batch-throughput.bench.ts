/**
 * Question: how close does a streamed batch pipeline get to the bare cost of reading its input, and
 * does memory stay flat as the input grows? Inputs: generated NDJSON.gz and CSV.gz (seeded, made in
 * a child process so this process's heap starts clean), 100 MB decoded by default; with
 * CASARE_BATCH_BENCH_1GB=1 also 1 GB in the same run (RSS ratio 1 GB / 100 MB).
 *
 * Per input, in one run: baseline = bare decompress + line split (DecodedSource + TextDecoder +
 * LineSplitter, counting lines); pipeline = createEngine running the 5 batch nodes
 * BatchReadStartNode -> BatchMapNode (required + one expression) -> BatchWriteNode (NDJSON.gz,
 * atomic) -> ForLoopEndNode -> BatchCommitNode. Reported: MB/s (decoded) and rows/s, throughput
 * ratio to the baseline (goal >= 0.6), peak RSS sampled every 10 ms (goal <= 300 MB, 1 GB/100 MB
 * <= 1.2x), event-loop delay p99 (goal <= 10 ms), CPU seconds of every thread and the ratio that
 * much CPU allows on this many cores (`ceiling`). `floor` does the pipeline's work in plain JS
 * without the engine (see handWritten): floor / bare is the most any JS engine could reach here,
 * pipeline / floor is what the engine itself costs. Two more scenarios run the same pipeline as
 * parallel batches (BatchReadStartNode concurrency 2), inline and with BatchMapNode and
 * BatchWriteNode's encoding forced into the pool (pool: true). Each scenario runs in its own child process (peak RSS is a process high-water
 * mark). Not a tinybench suite: one pass per scenario is the measurement (seconds each); JSON goes
 * to bench-results/batch-throughput.json.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDecoder } from 'node:util';
import { isSmoke } from './support/harness.js';
import { createEngine } from '../src/index.js';
import { registerNodes } from '../src/nodes/registry.js';
import { specs } from '../src/nodes/batch/index.js';
import { DecodedSource } from '../src/lib/stream/decoded-source.js';
import { CsvParser } from '../src/lib/stream/csv-parser.js';
import { LineSplitter } from '../src/lib/stream/line-splitter.js';
import { LoopMonitor, type LoopStats } from '../src/observe/event-loop.js';

const BATCH = Number(process.env['CASARE_BATCH_BENCH_SIZE'] ?? 5000);
/** Bodies at once in the parallel-stream scenario (BatchReadStartNode concurrency; BatchMapNode goes to the pool). */
const PAR = Number(process.env['CASARE_BATCH_BENCH_CONCURRENCY'] ?? 2);

interface Input { kind: 'ndjson' | 'csv'; mb: number; path: string; decodedBytes: number; rows: number; storedBytes: number }
interface Result { input: string; scenario: string; outputSha256?: string; ms: number; cpuMs: number; mbPerSec: number; rowsPerSec: number; peakRssMb: number; loop: LoopStats; rows: number }

const GEN = `
const zlib = require('node:zlib'); const fs = require('node:fs');
const [path, kind, mbs] = process.argv.slice(1); const target = Number(mbs) * 1048576;
const gz = zlib.createGzip({ level: 1 }); const ws = fs.createWriteStream(path); gz.pipe(ws);
const cities = ['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Rome', 'Vienna', 'Madrid', 'Prague'];
const names = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'donald', 'ken', 'dennis'];
let bytes = 0, rows = 0, x = 12345;
const r = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
function block() {
  let s = rows === 0 && kind === 'csv' ? 'id,name,email,amount,city,note\\n' : '';
  for (let i = 0; i < 5000; i++) {
    const id = ++rows, name = names[r() % 8] + ' ' + names[r() % 8], amount = (r() % 10000000) / 100, city = cities[r() % 8];
    const note = r() % 10 === 0 ? 'needs "review", soon' : 'ok';
    s += kind === 'csv' ? id + ',' + name + ',' + name.replace(' ', '.') + '@example.com,' + amount + ',' + city + ',"' + note.replace(/"/g, '""') + '"\\n'
      : JSON.stringify({ id, name, email: name.replace(' ', '.') + '@example.com', amount, city, note }) + '\\n';
  }
  return s;
}
(async () => {
  while (bytes < target) { const t = block(); bytes += Buffer.byteLength(t); if (!gz.write(t)) await new Promise((res) => gz.once('drain', res)); }
  gz.end(); ws.on('close', () => process.stdout.write(JSON.stringify({ bytes, rows, stored: fs.statSync(path).size })));
})();`;

function generate(dir: string, kind: Input['kind'], mb: number): Input {
  const path = join(dir, `in-${mb}.${kind === 'csv' ? 'csv' : 'ndjson'}.gz`);
  const o = JSON.parse(execFileSync(process.execPath, ['-e', GEN, path, kind, String(mb)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { bytes: number; rows: number; stored: number };
  return { kind, mb, path, decodedBytes: o.bytes, rows: o.rows, storedBytes: o.stored };
}

async function measure(input: Input, scenario: string, work: () => Promise<number>): Promise<Result> {
  const monitor = new LoopMonitor();
  await monitor.start();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { const r = process.memoryUsage().rss; if (r > peak) peak = r; }, 10);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage(); // every thread of the process: main, zlib's thread pool, pool workers
  let rows: number;
  try {
    rows = await work();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const loop = await monitor.finish();
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    input: `${input.kind}.gz ${input.mb} MB`, scenario, ms, rows, cpuMs: (cpu.user + cpu.system) / 1000,
    mbPerSec: input.decodedBytes / 2 ** 20 / (ms / 1000), rowsPerSec: rows / (ms / 1000), peakRssMb: peak / 2 ** 20, loop,
  };
}

/** Bare decompress + line split: the floor any streamed reader pays. */
async function bareLines(path: string): Promise<number> {
  const src = await DecodedSource.open(path);
  const dec = new TextDecoder();
  const split = new LineSplitter();
  const lines: string[] = [];
  let n = 0;
  try {
    for (let c = await src.next(); c !== null; c = await src.next()) {
      lines.length = 0;
      split.push(dec.decode(c, { stream: true }), lines);
      n += lines.length;
    }
    lines.length = 0;
    split.push(dec.decode(), lines);
    split.finish(lines);
    return n + lines.length;
  } finally {
    await src.close();
  }
}

/**
 * The same work as the pipeline in plain JavaScript, no engine: decompress, split, parse every row
 * (JSON.parse / the CSV parser), the required check, a copy with city upper-cased, JSON.stringify,
 * gzip level 1 to a file. It is the floor any JS engine pays for this pipeline, so pipeline / floor
 * is the engine's own cost and floor / bare is the most this pipeline could reach.
 */
async function handWritten(path: string, kind: Input['kind'], out: string): Promise<number> {
  const src = await DecodedSource.open(path);
  const dec = new TextDecoder();
  const split = new LineSplitter();
  const csv = kind === 'csv' ? new CsvParser() : null;
  const gz = createGzip({ level: 1 });
  const file = createWriteStream(out);
  gz.pipe(file);
  let header: string[] | null = null;
  let n = 0;
  const lines: string[] = [];
  const recs: string[][] = [];
  const emit = (r: Record<string, unknown>): string => {
    if (r['id'] === undefined || r['id'] === '' || r['email'] === undefined || r['email'] === '') return '';
    const o = Object.assign({}, r);
    o['city_upper'] = String(r['city']).toUpperCase();
    n++;
    return JSON.stringify(o) + '\n';
  };
  const feed = async (text: string, last: boolean): Promise<void> => {
    let s = '';
    if (csv !== null) {
      recs.length = 0;
      csv.push(text, recs);
      if (last) csv.finish(recs);
      for (const rec of recs) {
        if (header === null) { header = rec; continue; }
        const o: Record<string, string> = {};
        for (let c = 0; c < header.length; c++) o[header[c]!] = rec[c]!;
        s += emit(o);
      }
    } else {
      lines.length = 0;
      split.push(text, lines, true);
      if (last) split.finish(lines, true);
      for (const l of lines) s += emit(JSON.parse(l) as Record<string, unknown>);
    }
    if (!gz.write(s)) await once(gz, 'drain');
  };
  try {
    for (let c = await src.next(); c !== null; c = await src.next()) await feed(dec.decode(c, { stream: true }), false);
    await feed(dec.decode(), true);
  } finally {
    await src.close();
  }
  gz.end();
  await once(file, 'close');
  return n;
}

function pipelineWorkflow(input: string, output: string, concurrency = 1, pool: boolean | 'auto' = 'auto'): Buffer {
  const node = (id: string, type: string, config: Record<string, unknown> = {}): [string, unknown] => [id, { node_id: id, node_type: type, config }];
  const edge = (a: string, ap: string, b: string, bp: string): unknown => ({ source_node: a, source_port: ap, target_node: b, target_port: bp });
  return Buffer.from(JSON.stringify({
    metadata: { name: 'batch-throughput' },
    nodes: Object.fromEntries([
      node('start', 'StartNode'),
      node('read', 'BatchReadStartNode', { file_path: input, batch_size: BATCH, concurrency }),
      node('map', 'BatchMapNode', { pool, required: ['id', 'email'], ...(process.env['CASARE_BATCH_BENCH_NOEXPR'] === '1' ? {} : { columns: { city_upper: 'city.upper()' } }), on_error: 'skip_and_record' }),
      node('write', 'BatchWriteNode', { file_path: output, pool: pool === true }),
      node('loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }),
      node('commit', 'BatchCommitNode'),
      node('end', 'EndNode'),
    ]),
    connections: [
      edge('start', 'exec_out', 'read', 'exec_in'), edge('read', 'body', 'map', 'exec_in'), edge('map', 'exec_out', 'write', 'exec_in'),
      edge('write', 'exec_out', 'loop_end', 'exec_in'), edge('read', 'completed', 'commit', 'exec_in'), edge('commit', 'exec_out', 'end', 'exec_in'),
      edge('read', 'batch', 'map', 'rows'), edge('read', 'row_offset', 'map', 'row_offset'), edge('map', 'rows', 'write', 'rows'),
    ],
    variables: {}, settings: { stop_on_error: true },
  }));
}

type Scenario = 'bare' | 'floor' | 'seq' | 'par' | 'parPool';
const SCENARIOS: readonly Scenario[] = ['bare', 'floor', 'seq', 'par', 'parPool'];
const SCENARIO_NAMES: Record<Scenario, string> = {
  bare: 'bare decompress + line split', floor: 'same work in plain JS', seq: '5-node batch pipeline', par: `same, concurrency ${PAR}`, parPool: `same, concurrency ${PAR} + pool`,
};

/** sha256 of a gzip file's decoded content, taken after the measurement: every scenario that writes must write the same rows. */
async function outputDigest(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), createGunzip(), h);
  return h.digest('hex');
}

/** One scenario in this process (a child of main): a fresh heap, so peak RSS is the scenario's own. */
async function runScenario(input: Input, scenario: Scenario, out: string): Promise<Result> {
  const r = await measureScenario(input, scenario, out);
  if (scenario !== 'bare') r.outputSha256 = await outputDigest(out);
  return r;
}

async function measureScenario(input: Input, scenario: Scenario, out: string): Promise<Result> {
  if (scenario === 'bare') return measure(input, SCENARIO_NAMES.bare, () => bareLines(input.path));
  if (scenario === 'floor') return measure(input, SCENARIO_NAMES.floor, () => handWritten(input.path, input.kind, out));
  registerNodes(specs);
  const engine = createEngine({ cwd: dirname(out), monitorEventLoop: false });
  try {
    const loaded = await engine.load(pipelineWorkflow(input.path, out, scenario === 'seq' ? 1 : PAR, scenario === 'parPool' ? true : 'auto'));
    return await measure(input, SCENARIO_NAMES[scenario], async () => {
      const r = await engine.run(loaded);
      if (r.status !== 'success') throw new Error(`pipeline failed: ${r.error?.message}`);
      return (r.outputs['read'] as { rows_read?: number } | undefined)?.rows_read ?? input.rows;
    });
  } finally {
    await engine.close();
  }
}

/** Measure in a child process: peak RSS is a process high-water mark, so scenarios run in one process would inherit each other's. */
function inChild(input: Input, scenario: Scenario, out: string): Result {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify({ input, scenario, out })];
  const text = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(text.slice(text.lastIndexOf('\n{') + 1)) as Result;
}

const CHILD_FLAG = '--batch-throughput-child';

export async function main(): Promise<void> {
  const smoke = isSmoke();
  const big = process.env['CASARE_BATCH_BENCH_1GB'] === '1';
  const sizes = smoke ? [2] : big ? [100, 1024] : [100];
  const dir = mkdtempSync(join(tmpdir(), 'casare-batch-bench-'));
  const results: Result[] = [];
  const inputs: Input[] = [];
  try {
    for (const mb of sizes) {
      for (const kind of ['ndjson', 'csv'] as const) {
        const input = generate(dir, kind, mb);
        inputs.push(input);
        for (const sc of SCENARIOS) {
          const out = join(dir, `out-${sc}-${kind}-${mb}.ndjson.gz`);
          // Smoke (the test suite, run from sources) stays in process: its RSS is not a result.
          results.push(smoke ? await runScenario(input, sc, out) : inChild(input, sc, out));
        }
        rmSync(input.path, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    `batch-throughput  node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'})${smoke ? '  [smoke]' : ''}`,
    'input              scenario                        s   CPU s      MB/s   rows/s  ratio  ceiling  peak RSS MB  loop p99 ms  loop max ms',
  ];
  // ceiling = bare wall / (pipeline CPU seconds / cores): the best ratio this much CPU work allows on this box.
  const cores = availableParallelism();
  for (let i = 0; i < results.length; i += SCENARIOS.length) {
    const b = results[i]!;
    for (const r of results.slice(i, i + SCENARIOS.length)) {
      const ratio = (r.mbPerSec / b.mbPerSec).toFixed(2);
      const ceiling = Math.min(1, b.ms / (r.cpuMs / cores)).toFixed(2);
      lines.push(`${r.input.padEnd(18)} ${r.scenario.padEnd(29)} ${(r.ms / 1000).toFixed(2).padStart(6)} ${(r.cpuMs / 1000).toFixed(2).padStart(6)} ${r.mbPerSec.toFixed(1).padStart(8)} ${Math.round(r.rowsPerSec).toString().padStart(8)} ${ratio.padStart(6)} ${ceiling.padStart(8)} ${r.peakRssMb.toFixed(0).padStart(12)} ${r.loop.p99Ms.toFixed(2).padStart(12)} ${r.loop.maxMs.toFixed(2).padStart(12)}`);
    }
  }
  for (let i = 0; i < results.length; i += SCENARIOS.length) {
    const [b, f, seq] = results.slice(i, i + 3) as [Result, Result, Result];
    lines.push(`${b.input}: plain JS reaches ${(b.ms / f.ms).toFixed(2)} of bare; the engine pipeline takes ${(seq.ms / f.ms).toFixed(2)}x the plain-JS time`);
  }
  if (big) {
    for (const kind of ['ndjson', 'csv']) {
      for (const sc of [SCENARIO_NAMES.seq, SCENARIO_NAMES.par, SCENARIO_NAMES.parPool]) {
        const p = (mb: number): number => results.find((r) => r.input === `${kind}.gz ${mb} MB` && r.scenario === sc)!.peakRssMb;
        lines.push(`${kind} ${sc}: pipeline peak RSS 1 GB / 100 MB = ${(p(1024) / p(100)).toFixed(2)}x`);
      }
    }
  }
  console.log(lines.join('\n'));
  const outDir = resolve(process.env['CASARE_BENCH_OUT'] ?? join(process.cwd(), 'bench-results'), smoke ? 'smoke' : '.');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'batch-throughput.json'), JSON.stringify({
    name: 'batch-throughput', smoke, node: process.version, cpus: availableParallelism(), startedAt: new Date().toISOString(),
    inputs: inputs.map(({ kind, mb, decodedBytes, rows, storedBytes }) => ({ kind, mb, decodedBytes, rows, storedBytes })), results,
  }, null, 1));
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  const { input, scenario, out } = JSON.parse(process.argv[childAt + 1]!) as { input: Input; scenario: Scenario; out: string };
  process.stdout.write('\n' + JSON.stringify(await runScenario(input, scenario, out)) + '\n');
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
