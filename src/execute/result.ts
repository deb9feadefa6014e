/**
 * The run result (workflow-format.md §14.10): status, user-level variables, stored node outputs,
 * the execution trace, the typed error, and run statistics.
 */
import type { ReadonlyIndex } from '../lib/string-index.js';
import type { LogRecord, NodeFailureInfo, RunState } from './run-state.js';
import type { Frame } from './frame.js';

export interface RunError {
  readonly phase: 'load' | 'run';
  readonly code: string;
  readonly message: string;
  /** Run failures: the failing node (absent for timeout/cancel). */
  readonly nodeId?: string;
  readonly nodeType?: string;
  /** Python exception class name or CasareRPA error_type. */
  readonly errorType?: string;
  /** Database failures: the SQLSTATE the server reported. */
  readonly sqlState?: string;
  /** Load failures: where. */
  readonly file?: string;
  readonly pointer?: string;
  /** Load failures: every problem found, `"<CODE>: <message>"` for errors. */
  readonly details?: readonly string[];
  readonly issues?: readonly unknown[];
}

export interface NodeTiming {
  readonly nodeId: string;
  readonly nodeType: string;
  readonly runs: number;
  readonly totalMs: number;
  readonly cost: string;
}

export interface RunStats {
  loadMs: number;
  validateMs: number;
  compileMs: number;
  runMs: number;
  nodesExecuted: number;
  /** Trace entries left out of `executed` (the middle of a very long run; see traceLimit). */
  executedDropped: number;
  /** Log records left out of `logs` the same way. */
  logsDropped: number;
  asyncActivations: number;
  maxInFlight: number;
  cacheHit: boolean;
  nodes: NodeTiming[];
  eventLoop?: { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number; utilization: number };
  [extra: string]: unknown;
}

export interface RunResult {
  readonly status: 'success' | 'error' | 'cancelled';
  readonly variables: Record<string, unknown>;
  readonly outputs: Record<string, Record<string, unknown>>;
  readonly executed: string[];
  readonly error?: RunError;
  /** Node failures tolerated under continue-on-error. */
  readonly failures: RunError[];
  readonly logs: LogRecord[];
  readonly stats: RunStats;
}

const BOOKKEEPING = ['_loop_state', '_try_state', '_retry_state', '_error_state', '_parallel_foreach', '_branch_results'];

export function buildRunResult(run: RunState, frame: Frame, failure: NodeFailureInfo | null, runMs: number): RunResult {
  const plan = run.plan;
  const variables: Record<string, unknown> = {};
  const nodeIds = plan.indexOf;
  for (const [k, v] of frame.vars) {
    if (k.startsWith('_')) continue;
    const idx = nodeIds.get(k);
    if (idx !== undefined && run.stored[idx] !== undefined) continue;
    if (isBookkeeping(k, nodeIds)) continue;
    variables[k] = v;
  }
  const outputs: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < plan.nodes.length; i++) {
    const s = run.stored[i];
    if (s !== undefined && !plan.nodes[i]!.hidden) outputs[plan.nodes[i]!.id] = s;
  }
  const executed = run.trace.map((i) => plan.nodes[i]!.id);
  const nodes = [];
  for (let i = 0; i < plan.nodes.length; i++) {
    if (run.nodeRuns[i] === 0) continue;
    const nd = plan.nodes[i]!;
    nodes.push({ nodeId: nd.id, nodeType: nd.type, runs: run.nodeRuns[i]!, totalMs: run.nodeTotalMs(i), cost: nd.cost });
  }
  const status = failure === null ? 'success' : failure.code === 'CASARE_E_RUN_CANCELLED' ? 'cancelled' : 'error';
  return {
    status,
    variables,
    outputs,
    executed,
    ...(failure !== null ? { error: toRunError(run, failure) } : {}),
    failures: run.failures.map((f) => toRunError(run, f)),
    logs: run.logs.toArray(),
    stats: {
      loadMs: 0,
      validateMs: 0,
      compileMs: plan.compileMs,
      runMs,
      nodesExecuted: run.activations,
      executedDropped: run.trace.dropped,
      logsDropped: run.logs.dropped,
      asyncActivations: run.asyncActivations,
      maxInFlight: run.maxInFlight,
      cacheHit: false,
      nodes,
    },
  };
}

function toRunError(run: RunState, f: NodeFailureInfo): RunError {
  const nd = f.node >= 0 ? run.plan.nodes[f.node] : undefined;
  return {
    phase: 'run',
    code: String(f.code),
    message: f.message,
    errorType: f.errorType,
    ...(f.sqlState !== undefined && { sqlState: f.sqlState }),
    ...(nd ? { nodeId: nd.id, nodeType: nd.type } : {}),
  };
}

function isBookkeeping(key: string, nodeIds: ReadonlyIndex): boolean {
  for (const suffix of BOOKKEEPING) {
    if (key.endsWith(suffix) && nodeIds.has(key.slice(0, -suffix.length))) return true;
  }
  return false;
}
