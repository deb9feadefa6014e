/** Human-readable summaries for the terminal. */
import type { RunResult } from '../execute/result.js';
import type { Issue } from '../errors.js';

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));

export function renderRunSummary(r: RunResult, file: string): string {
  const s = r.stats;
  const lines: string[] = [];
  for (const l of r.logs) lines.push(`[${l.level.toUpperCase()}] ${l.message}`);
  lines.push('');
  lines.push(`${file}: ${r.status.toUpperCase()}`);
  if (r.error) {
    const where = r.error.nodeId ? ` (node ${r.error.nodeId})` : r.error.pointer ? ` (${r.error.pointer})` : '';
    lines.push(`  error   ${r.error.code}: ${r.error.message}${where}`);
    for (const d of r.error.details ?? []) lines.push(`          ${d}`);
  }
  lines.push(`  timing  load ${ms(s.loadMs)} ms, validate ${ms(s.validateMs)} ms, compile ${ms(s.compileMs)} ms, run ${ms(s.runMs)} ms${s.cacheHit ? ' (plan cache hit)' : ''}`);
  lines.push(`  nodes   ${s.nodesExecuted} activations, ${s.asyncActivations} async, max ${s.maxInFlight} in flight`);
  if (s.eventLoop) {
    lines.push(`  loop    event-loop delay p50 ${ms(s.eventLoop.p50Ms)} ms, p99 ${ms(s.eventLoop.p99Ms)} ms, max ${ms(s.eventLoop.maxMs)} ms, utilisation ${(s.eventLoop.utilization * 100).toFixed(0)}%`);
  }
  const pool = s['pool'] as { started?: boolean; threads?: number; tasks?: number; queueWaitP99Ms?: number; utilization?: number } | undefined;
  if (pool?.started) {
    lines.push(`  pool    ${pool.tasks} tasks on ${pool.threads} worker threads, queue wait p99 ${ms(pool.queueWaitP99Ms ?? 0)} ms, thread utilisation ${((pool.utilization ?? 0) * 100).toFixed(0)}%`);
  }
  const top = [...s.nodes].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5);
  if (top.length > 0) {
    lines.push('  slowest nodes');
    for (const n of top) lines.push(`    ${ms(n.totalMs).padStart(9)} ms  ${String(n.runs).padStart(5)}×  ${n.nodeId} (${n.nodeType}, ${n.cost})`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per problem (errors, then warnings, each in file order): severity, code, message, JSON pointer. */
export function renderIssues(issues: readonly Issue[]): string {
  let out = '';
  for (const sev of ['error', 'warning'] as const) {
    for (const p of issues) if (p.severity === sev) out += `  ${p.severity} ${p.code}: ${p.message} (${p.pointer})\n`;
  }
  return out;
}

export function renderValidateSummary(doc: { file: string; problems: readonly Issue[]; stats: Record<string, unknown> }): string {
  const lines = [`${doc.file}: valid (${String(doc.stats['nodes'])} nodes, ${String(doc.stats['connections'])} connections)`];
  return `${lines.join('\n')}\n${renderIssues(doc.problems)}`;
}
