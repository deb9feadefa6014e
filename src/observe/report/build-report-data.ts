/**
 * plan + result + recorded events (+ loop and memory series) -> RunReportData. Times are moved onto
 * the run's clock (ms since the run started) so the DAG, the timeline and the plots line up.
 */
import type { Plan } from '../../compile/plan.js';
import type { RunResult } from '../../execute/result.js';
import type { LoopStats } from '../event-loop.js';
import type { RunRecorder, RawSpan } from './run-recorder.js';
import type { ExecKind, MemorySample, ReportEdge, ReportError, ReportNode, ReportSpan, RunReportData } from './report-types.js';
import { percentile } from './percentile.js';

/** A memory sample on the performance.now() clock. */
export interface MemoryPoint { readonly at: number; readonly rssMb: number; readonly heapUsedMb: number }

export interface BuildReportInput {
  readonly plan: Plan;
  readonly result: RunResult;
  readonly recorder: RunRecorder;
  /** Loop stats of a monitor created with `sampleEveryMs`, and performance.now() right after its start(). */
  readonly loop?: { readonly stats: LoopStats; readonly startedAt: number } | null;
  readonly memory?: readonly MemoryPoint[];
  readonly title?: string;
  readonly file?: string | null;
  /** Pool tasks completed during the run; 0 means every CPU node ran inline. */
  readonly poolTasks?: number;
  /** Per-node figures computed elsewhere (a bench over many runs); default: from this run's spans. */
  readonly nodes?: readonly ReportNode[];
  readonly summary?: readonly (readonly [string, string])[];
}

/** inline | pool | io for a node of this cost class whose activations were (mostly) async or not. */
export function execKindOf(cost: string, async: boolean, poolUsed: boolean): ExecKind {
  if (cost === 'io') return 'io';
  if (cost === 'cpu' && async && poolUsed) return 'pool';
  return 'inline';
}

/** Visible nodes and their edges from a plan (hidden auto-inserted nodes left out). */
export function planGraph(plan: Plan): { ids: string[]; types: Map<string, string>; costs: Map<string, string>; edges: ReportEdge[] } {
  const ids: string[] = [];
  const types = new Map<string, string>();
  const costs = new Map<string, string>();
  for (const n of plan.nodes) {
    if (n.hidden) continue;
    ids.push(n.id);
    types.set(n.id, n.type);
    costs.set(n.id, n.cost);
  }
  const seen = new Set<string>();
  const edges: ReportEdge[] = [];
  for (const c of plan.doc.connections) {
    if (!types.has(c.source) || !types.has(c.target)) continue;
    const exec = c.targetPort.startsWith('exec') || c.sourcePort.startsWith('exec');
    const key = `${c.source}\u0000${c.target}\u0000${exec ? 1 : 0}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: c.source, target: c.target, exec });
  }
  return { ids, types, costs, edges };
}

function nodesFromSpans(ids: readonly string[], types: Map<string, string>, costs: Map<string, string>, spans: readonly RawSpan[], poolUsed: boolean): ReportNode[] {
  const byNode = new Map<string, number[]>();
  const asyncCount = new Map<string, number>();
  for (const s of spans) {
    let list = byNode.get(s.nodeId);
    if (list === undefined) byNode.set(s.nodeId, (list = []));
    list.push(s.endMs - s.startMs);
    if (s.async) asyncCount.set(s.nodeId, (asyncCount.get(s.nodeId) ?? 0) + 1);
  }
  let sum = 0;
  for (const list of byNode.values()) for (const d of list) sum += d;
  const out: ReportNode[] = [];
  for (const id of ids) {
    const list = (byNode.get(id) ?? []).sort((a, b) => a - b);
    let total = 0;
    for (const d of list) total += d;
    const cost = costs.get(id) ?? 'inline';
    const async = (asyncCount.get(id) ?? 0) * 2 > list.length;
    out.push({
      id, type: types.get(id) ?? '?', cost, kind: execKindOf(cost, async, poolUsed), runs: list.length, totalMs: total,
      medianMs: percentile(list, 50), p95Ms: percentile(list, 95), share: sum > 0 ? total / sum : 0,
    });
  }
  return out;
}

function collectErrors(result: RunResult, recorded: readonly ReportError[]): ReportError[] {
  const out: ReportError[] = [...recorded];
  const has = (code: string, nodeId: string | undefined): boolean => out.some((e) => e.code === code && e.nodeId === nodeId);
  for (const e of [...(result.error !== undefined ? [result.error] : []), ...result.failures]) {
    const existing = out.findIndex((x) => x.code === e.code && x.nodeId === e.nodeId);
    const full: ReportError = {
      code: e.code, message: e.message,
      ...(e.nodeId !== undefined && { nodeId: e.nodeId }),
      ...(e.nodeType !== undefined && { nodeType: e.nodeType }),
      ...(e.errorType !== undefined && { errorType: e.errorType }),
    };
    if (existing >= 0) out[existing] = full;
    else if (!has(e.code, e.nodeId)) out.push(full);
  }
  return out;
}

/** Assemble the report data of one run. */
export function buildRunReportData(input: BuildReportInput): RunReportData {
  const { plan, result, recorder } = input;
  const graph = planGraph(plan);
  const poolUsed = input.poolTasks === undefined || input.poolTasks > 0;
  const nodes = input.nodes ?? nodesFromSpans(graph.ids, graph.types, graph.costs, recorder.spans, poolUsed);
  const kindOf = new Map(nodes.map((n) => [n.id, n] as const));
  const spans: ReportSpan[] = recorder.spans.map((s) => {
    const n = kindOf.get(s.nodeId);
    const kind = n === undefined ? 'inline' : n.kind === 'pool' && !s.async ? 'inline' : n.kind;
    return { nodeId: s.nodeId, startMs: s.startMs, endMs: s.endMs, kind, failed: s.failed };
  });
  let lastEnd = 0;
  for (const s of spans) if (s.endMs > lastEnd) lastEnd = s.endMs;
  const wallMs = Math.max(result.stats.runMs, lastEnd);
  const origin = recorder.originMs;
  let loop: RunReportData['loop'] = null;
  if (input.loop) {
    const st = input.loop.stats;
    const shift = Number.isNaN(origin) ? 0 : input.loop.startedAt - origin;
    loop = {
      p50Ms: st.p50Ms, p99Ms: st.p99Ms, maxMs: st.maxMs, utilization: st.utilization,
      samples: (st.samples ?? []).map((p) => ({ t: p.t + shift, delayMaxMs: p.delayMaxMs, elu: p.elu })),
    };
  }
  const memory: MemorySample[] = (input.memory ?? []).map((m) => ({ t: Number.isNaN(origin) ? 0 : m.at - origin, rssMb: m.rssMb, heapUsedMb: m.heapUsedMb }));
  const s = result.stats;
  return {
    title: input.title ?? plan.doc.metadata.name,
    file: input.file ?? plan.doc.source.file,
    generatedAt: new Date().toISOString(),
    status: result.status,
    wallMs,
    phases: { loadMs: s.loadMs, validateMs: s.validateMs, compileMs: s.compileMs, runMs: s.runMs },
    nodes,
    edges: graph.edges,
    spans,
    loop,
    memory,
    errors: collectErrors(result, recorder.errors),
    summary: input.summary ?? [],
  };
}
