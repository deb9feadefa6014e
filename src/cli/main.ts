#!/usr/bin/env node
/**
 * `casare` command line: argv -> options -> engine; errors -> one line and an exit code.
 * Exit codes: 0 success; 1 the workflow ran and failed; 2 bad input (unreadable, invalid,
 * unsupported); 70 internal error.
 */
import { Command, InvalidArgumentError } from 'commander';
import { createEngine } from '../engine.js';
import { isCasareError, type ErrorWhere, type Issue } from '../errors.js';
import type { CasareOptions } from '../config.js';
import { CONTENT_KEY_ALGORITHM } from '../load/content-key.js';
import { readWorkflowBytes } from '../load/open-source.js';
import { inspectSkeleton, isSimdjsonLoaded } from '../load/skeleton.js';
import { renderIssues, renderRunSummary, renderValidateSummary } from './render.js';
import { toJsonDocument } from './json-output.js';
import { createProgressDisplay } from './progress.js';
import { registerBenchCommand } from './bench-command.js';
import { recordRun } from '../observe/report/record-run.js';
import { writeRunReport } from '../observe/report/render-report-html.js';

export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 70 } as const;

function parseVar(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  const name = value.slice(0, eq);
  const raw = value.slice(eq + 1);
  let parsed: unknown = raw;
  try { parsed = JSON.parse(raw); } catch { /* plain string */ }
  return { ...previous, [name]: parsed };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function engineOptions(o: { concurrency?: number; allowHost?: string[]; fileRoot?: string; continueOnError?: boolean }): CasareOptions {
  return {
    ...(o.concurrency !== undefined && { concurrency: o.concurrency }),
    ...(o.fileRoot !== undefined && { fileRoot: o.fileRoot }),
    ...(o.continueOnError !== undefined && { continueOnError: o.continueOnError }),
    http: { allowedHosts: o.allowHost ?? [] },
  };
}

function errorLine(code: string, message: string, w: ErrorWhere | undefined): string {
  const where = w ? [w.file, w.pointer, w.nodeId && `node ${w.nodeId}`, w.line !== undefined && `line ${w.line}:${w.column ?? 0}`].filter(Boolean).join(' ') : '';
  return `${code}: ${message}${where ? ` (${where})` : ''}`;
}

let debug = false;

export function buildProgram(): Command {
  const program = new Command();
  program.name('casare').description('Load, validate and run CasareRPA workflows fast.').version('0.1.0')
    .option('--debug', 'print stack traces on errors')
    .hook('preAction', (cmd) => { debug = Boolean(cmd.opts()['debug']); });

  program.command('run').argument('<file>', 'workflow file (.json, .json.gz, .json.zst)')
    .description('run a workflow and print its summary')
    .option('--var <name=value>', 'set a variable (value parsed as JSON when it parses)', parseVar, {})
    .option('--json', 'print one JSON document with the whole result')
    .option('--concurrency <n>', 'max nodes in flight per run', positiveInt)
    .option('--allow-host <host>', 'let HTTP nodes reach this host/IP/CIDR (SSRF guard exemption)', collect, [])
    .option('--file-root <dir>', 'refuse file paths outside this directory')
    .option('--continue-on-error', 'keep running other branches after a node fails')
    .option('--report <file>', 'write an HTML run report (DAG, timeline, event-loop delay) to this file')
    .option('--no-progress', 'no progress display for streaming (batch) nodes')
    .action(async (file: string, o) => {
      // The CLI's job is to show results: keep every node's outputs.
      const engine = createEngine({ ...engineOptions(o), retainOutputs: 'all' });
      const progress = o.progress === false ? null : createProgressDisplay(o.json ? 'json' : 'auto');
      try {
        const runOpts = { variables: o.var, ...(progress !== null && { onProgress: progress.sink }) };
        const { result, report } = o.report
          ? await recordRun(engine, file, runOpts)
          : { result: await engine.run(file, runOpts), report: null };
        if (report !== null && o.report) {
          const bytes = writeRunReport(o.report, report);
          process.stderr.write(`report: ${o.report} (${Math.round(bytes / 1024)} KiB)\n`);
        }
        const err = result.error;
        if (o.json) process.stdout.write(`${JSON.stringify(toJsonDocument(result, file))}\n`);
        // Bad input never ran: the error line and every problem, as `validate` prints them, no run summary.
        else if (err?.phase === 'load') {
          const where = { file: err.file ?? file, ...(err.pointer !== undefined && { pointer: err.pointer }), ...(err.nodeId !== undefined && { nodeId: err.nodeId }) };
          process.stderr.write(`${errorLine(err.code, err.message, where)}\n${renderIssues((err.issues ?? []) as Issue[])}`);
        }
        else process.stdout.write(renderRunSummary(result, file));
        process.exitCode = result.status === 'success' ? EXIT.ok : result.error?.phase === 'load' ? EXIT.badInput : EXIT.failed;
      } finally {
        progress?.stop();
        await engine.close();
      }
    });

  program.command('validate').argument('<file>', 'workflow file')
    .description('load, validate, migrate and compile without running')
    .option('--json', 'print one JSON document with stats and every problem found')
    .action(async (file: string, o) => {
      const engine = createEngine({ monitorEventLoop: false });
      try {
        const loaded = await engine.load(file);
        const plan = loaded.plan;
        const doc = {
          ok: true, file, problems: plan.warnings,
          stats: { loadMs: loaded.loadMs, validateMs: loaded.validateMs, compileMs: plan.compileMs, nodes: plan.nodes.filter((n) => !n.hidden).length, connections: plan.doc.connections.length, format: plan.doc.source.format },
        };
        process.stdout.write(o.json ? `${JSON.stringify(doc)}\n` : renderValidateSummary(doc));
      } catch (e) {
        if (!isCasareError(e)) throw e;
        process.exitCode = EXIT.badInput;
        if (!o.json) {
          process.stderr.write(`${errorLine(e.code, e.message, e.where)}\n${renderIssues(e.issues ?? [])}`);
          return;
        }
        process.stdout.write(`${JSON.stringify({ ok: false, file, error: { code: e.code, message: e.message, ...e.where }, problems: e.issues ?? [], stats: {} })}\n`);
      } finally {
        await engine.close();
      }
    });

  program.command('inspect').argument('<file>', 'workflow file')
    .description('cheap skeleton: name, counts, node types, variables (no nodes materialised)')
    .option('--json', 'print JSON')
    .option('--verbose', 'also report whether the native addons (simdjson, the XXH3 cache key) are loaded')
    .action(async (file: string, o) => {
      const read = await readWorkflowBytes(file, { maxBytes: 1024 * 1024 * 1024, file });
      const info = inspectSkeleton(read.text);
      const out = { file, format: read.format, storedBytes: read.storedBytes, ...info };
      if (o.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        process.stdout.write(`${out.name}: ${out.nodeCount} nodes, ${out.connectionCount} connections (${read.format}, ${read.storedBytes} bytes)\n`);
        for (const [t, c] of Object.entries(out.nodeTypes).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(c).padStart(6)}  ${t}\n`);
        if (o.verbose) {
          process.stdout.write(`simdjson native addon: ${isSimdjsonLoaded() ? 'loaded (lazyParse)' : 'NOT loaded — fell back to JSON.parse'}\n`);
          process.stdout.write(`plan cache key: ${CONTENT_KEY_ALGORITHM === 'xxh3-64' ? 'xxh3-64 (@node-rs/xxhash loaded)' : 'sha256 — @node-rs/xxhash NOT loaded'}\n`);
        }
      }
    });
  registerBenchCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (isCasareError(e)) {
      process.stderr.write(`${errorLine(e.code, e.message, e.where)}\n`);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return e.code === 'CASARE_E_INTERNAL' ? EXIT.internal : EXIT.badInput;
    }
    process.stderr.write(`CASARE_E_INTERNAL: ${(e as Error)?.message ?? String(e)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.internal;
  }
}

// Run when executed directly (not when imported by tests).
const invoked = process.argv[1] ?? '';
if (/(?:main\.js|casare)$/.test(invoked)) {
  main(process.argv).then((code) => { process.exitCode = code; });
}
