/**
 * `casare bench` measurements on real runs: warm (one engine, concurrent runs, pool), cold (a process
 * per run), the text table and the command wired into commander.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { createEngine } from '../../src/engine.js';
import { distribution, runBench, runColdBench } from '../../src/observe/bench-runner.js';
import { registerBenchCommand, renderBenchTable } from '../../src/cli/bench-command.js';

const dir = mkdtempSync(join(tmpdir(), 'casare-bench-runner-'));
const exec = (s: string, t: string, sp = 'exec_out') => ({ source_node: s, source_port: sp, target_node: t, target_port: 'exec_in' });

function write(name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
}

const waitFlow = write('wait.json', {
  metadata: { name: 'wait then upper' },
  nodes: {
    start: { node_id: 'start', node_type: 'StartNode', config: {} },
    wait: { node_id: 'wait', node_type: 'WaitNode', config: { duration: 0.05 } },
    upper: { node_id: 'upper', node_type: 'TextCaseNode', config: { text: 'abc', case: 'upper' } },
  },
  connections: [exec('start', 'wait'), exec('wait', 'upper')],
});

function words(n: number): string[] {
  let x = 11;
  return Array.from({ length: n }, () => {
    let w = '';
    for (let k = 0; k < 8; k++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; w += 'abcdefgh'[x >>> 29]; }
    return w;
  });
}

const cpuFlow = write('cpu.json', {
  metadata: { name: 'dedupe' },
  nodes: {
    start: { node_id: 'start', node_type: 'StartNode', config: {} },
    dedupe: { node_id: 'dedupe', node_type: 'FuzzyDedupeNode', config: { items: words(220), threshold: 0.9 } },
  },
  connections: [exec('start', 'dedupe')],
});

const engine = createEngine({ monitorEventLoop: false, retainLogs: false, pool: { threads: 2 } });
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bench runner', () => {
  it('summarises a sample as min / median / p95 / max / mean', () => {
    const d = distribution([5, 1, 4, 2, 3, 100, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(d).toMatchObject({ min: 1, median: 10, p95: 19, max: 100 });
    expect(d.mean).toBeCloseTo((190 + 100 - 20 + 20) / 20, 6);
    expect(distribution([])).toEqual({ min: 0, median: 0, p95: 0, max: 0, mean: 0 });
  });

  it('runs N warm runs and reports wall time, per-node share, kinds, loop and memory series', async () => {
    const { bench, report } = await runBench(engine, waitFlow, { runs: 5, warmup: 1, sampleEveryMs: 5 });
    expect(bench.statuses).toEqual({ success: 5 });
    expect(bench.perRunMs).toHaveLength(5);
    const w = bench.wallMs;
    expect(w.min).toBeGreaterThanOrEqual(45); // each run waits 50 ms
    expect(w.min <= w.median && w.median <= w.p95 && w.p95 <= w.max).toBe(true);
    expect(bench.nodes.map((n) => n.id)).toEqual(['start', 'wait', 'upper']);
    const wait = bench.nodes.find((n) => n.id === 'wait')!;
    expect(wait.kind).toBe('io');
    expect(wait.share).toBeGreaterThan(0.9);
    expect(bench.nodes.reduce((s, n) => s + n.share, 0)).toBeCloseTo(1, 6);
    expect(bench.throughput.runsPerSec).toBeCloseTo(5 / (bench.totalMs / 1000), 6);
    expect(bench.throughput.activationsPerSec).toBeCloseTo(15 / (bench.totalMs / 1000), 6);
    expect(bench.eventLoop!.samples.length).toBeGreaterThan(10);
    expect(bench.memory!.samples.length).toBeGreaterThan(2);
    expect(bench.memory!.rssStartMb).toBeGreaterThan(10);
    expect(bench.phases.cachedLoadMs).not.toBeNull();
    expect(bench.pool).toBeNull();
    expect(report).toBeNull();
  });

  it('overlaps runs with --concurrency (total well under runs × wait)', async () => {
    const { bench } = await runBench(engine, waitFlow, { runs: 6, warmup: 0, concurrency: 3 });
    expect(bench.concurrency).toBe(3);
    expect(bench.statuses).toEqual({ success: 6 });
    expect(bench.totalMs).toBeLessThan(6 * 50 * 0.8);
  });

  it('marks a CPU node that went to the pool and reports pool figures and report data', async () => {
    const { bench, report } = await runBench(engine, cpuFlow, { runs: 3, warmup: 1, report: true });
    expect(bench.nodes.find((n) => n.id === 'dedupe')!.kind).toBe('pool');
    expect(bench.pool).not.toBeNull();
    expect(bench.pool!.tasks).toBeGreaterThanOrEqual(3);
    expect(bench.pool!.threads).toBe(2);
    expect(report).not.toBeNull();
    expect(report!.spans.some((s) => s.nodeId === 'dedupe' && s.kind === 'pool')).toBe(true);
    expect(report!.summary.map(([k]) => k)).toContain('throughput');
    const table = renderBenchTable(bench);
    expect(table).toMatch(/dedupe\s+FuzzyDedupeNode\s+pool/);
    expect(table).toMatch(/pool\s+2 threads/);
  });

  it('cold mode spawns a process per run and reads its stats', async () => {
    const url = new URL('../../src/cli/main.ts', import.meta.url).href;
    const bench = await runColdBench(waitFlow, { runs: 2, warmup: 0, cliModuleUrl: url });
    expect(bench.mode).toBe('cold');
    expect(bench.statuses).toEqual({ success: 2 });
    expect(bench.wallMs.min).toBeGreaterThan(bench.phases.runMs); // process start costs more than the run
    expect(bench.phases.loadMs).toBeGreaterThan(0);
    expect(bench.nodes.find((n) => n.id === 'wait')).toMatchObject({ type: 'WaitNode', kind: 'io' });
  }, 60_000);

  it('`bench --json --report` prints the data and writes the report through commander', async () => {
    const program = new Command().exitOverride();
    registerBenchCommand(program);
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => { out.push(String(chunk)); return true; }) as typeof process.stdout.write;
    const html = join(dir, 'bench.html');
    try {
      await program.parseAsync(['node', 'casare', 'bench', waitFlow, '--runs', '2', '--warmup', '0', '--json', '--report', html]);
    } finally {
      process.stdout.write = write;
    }
    const doc = JSON.parse(out.join(''));
    expect(doc.mode).toBe('warm');
    expect(doc.runs).toBe(2);
    expect(doc.report.bytes).toBe(readFileSync(html).length);
    expect(readFileSync(html, 'utf8')).toContain('id="timeline"');
    expect(process.exitCode).toBe(0);
  });
});
