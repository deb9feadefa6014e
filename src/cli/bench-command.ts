/**
 * `casare bench <workflow>`: run a workflow many times and report where the time goes (text table,
 * `--json` for the full data, `--report out.html` for the HTML run report). Registered on the main
 * program with `registerBenchCommand(program)`.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { createEngine } from '../engine.js';
import { runBench, runColdBench, benchSummaryLines, type BenchResult } from '../observe/bench-runner.js';
import { recordRun } from '../observe/report/record-run.js';
import { writeRunReport } from '../observe/report/render-report-html.js';
import { fmtMs } from '../observe/report/format.js';
import type { RunReportData } from '../observe/report/report-types.js';

function intAtLeast(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}, got "${value}"`);
    return n;
  };
}

function parseVar(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  let parsed: unknown = value.slice(eq + 1);
  try { parsed = JSON.parse(parsed as string); } catch { /* plain string */ }
  return { ...previous, [value.slice(0, eq)]: parsed };
}

/** The terminal table: summary lines, then the nodes by share of time (top 25). */
export function renderBenchTable(b: BenchResult): string {
  const out: string[] = [`casare bench ${b.workflow}`];
  const summary = benchSummaryLines(b);
  const kw = Math.max(...summary.map(([k]) => k.length));
  for (const [k, v] of summary) out.push(`  ${k.padEnd(kw)}  ${v}`);
  const nodes = [...b.nodes].sort((x, y) => y.share - x.share).slice(0, 25);
  if (nodes.length > 0) {
    const header = ['node', 'type', 'kind', 'acts/run', 'median', 'p95', 'share'];
    const rows = nodes.map((n) => [n.id, n.type, n.kind, String(n.runs), fmtMs(n.medianMs), fmtMs(n.p95Ms), `${(n.share * 100).toFixed(1)}%`]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => `  ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
    out.push('', '  per node (time per run over runs):', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
    if (b.nodes.length > nodes.length) out.push(`  … ${b.nodes.length - nodes.length} more nodes (--json for all)`);
  }
  for (const e of b.errors) out.push(`  error: ${e.code}${e.nodeId !== undefined ? ` (node ${e.nodeId})` : ''}: ${e.message.slice(0, 200)}`);
  return `${out.join('\n')}\n`;
}

/** NaN and Infinity are not JSON: written as null. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

const CLI_MODULE_URL = new URL(import.meta.url.endsWith('.ts') ? './main.ts' : './main.js', import.meta.url).href;

/** Add `bench` to the `casare` program. */
export function registerBenchCommand(program: Command): Command {
  return program.command('bench').argument('<workflow>', 'workflow file (.json, .json.gz, .json.zst)')
    .description('run a workflow many times: wall time, per-node time, event loop, pool, memory, throughput')
    .option('--runs <n>', 'measured runs', intAtLeast(1), 20)
    .option('--warmup <n>', 'unmeasured runs first', intAtLeast(0), 3)
    .option('--concurrency <n>', 'runs in flight at once (warm mode)', intAtLeast(1), 1)
    .option('--report <file>', 'write the HTML run report (DAG, timeline, loop delay) to this file')
    .option('--json', 'print the full data as one JSON document')
    .option('--cold', 'a fresh process per run, timed from process start to result')
    .option('--var <name=value>', 'set a variable (value parsed as JSON when it parses)', parseVar, {})
    .action(async (file: string, o: { runs: number; warmup: number; concurrency: number; report?: string; json?: boolean; cold?: boolean; var: Record<string, unknown> }) => {
      const variables = Object.keys(o.var).length > 0 ? o.var : undefined;
      let bench: BenchResult;
      let report: RunReportData | null = null;
      if (o.cold === true) {
        bench = await runColdBench(file, { runs: o.runs, warmup: o.warmup, cliModuleUrl: CLI_MODULE_URL, ...(variables !== undefined && { variables }) });
        if (o.report !== undefined) {
          // Node events do not cross the process boundary: the report comes from one in-process run.
          const engine = createEngine({ monitorEventLoop: false });
          try {
            report = (await recordRun(engine, file, { ...(variables !== undefined && { variables }) })).report;
          } finally {
            await engine.close();
          }
        }
      } else {
        // The bench watches the loop itself; the engine's per-run monitor would add a wait per run.
        const engine = createEngine({ monitorEventLoop: false, retainLogs: false });
        try {
          ({ bench, report } = await runBench(engine, file, {
            runs: o.runs, warmup: o.warmup, concurrency: o.concurrency, report: o.report !== undefined,
            ...(variables !== undefined && { variables }),
          }));
        } finally {
          await engine.close();
        }
      }
      let reportBytes: number | null = null;
      if (o.report !== undefined && report !== null) reportBytes = writeRunReport(o.report, report);
      if (o.json === true) process.stdout.write(`${toJson({ ...bench, report: o.report !== undefined ? { file: o.report, bytes: reportBytes } : null })}\n`);
      else {
        process.stdout.write(renderBenchTable(bench));
        if (reportBytes !== null) process.stdout.write(`  report: ${o.report} (${(reportBytes / 1024).toFixed(0)} kB)\n`);
      }
      const failed = Object.entries(bench.statuses).some(([k, v]) => k !== 'success' && v > 0);
      process.exitCode = failed ? 1 : 0;
    });
}
