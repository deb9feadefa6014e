/**
 * One run of a plan: seed variables (D6), drain the main frame from the start node, apply the global
 * timeout and the caller's AbortSignal, and build the run result (§14.10).
 */
import { performance } from 'node:perf_hooks';
import type { Plan } from '../compile/plan.js';
import type { NodeServices } from '../nodes/types.js';
import { RingBuffer } from '../lib/ring-buffer.js';
import { pyNumberStr } from '../lib/py/str.js';
import { Frame } from './frame.js';
import { RunState, type RunEventSink, type NodeFailureInfo, type RunSnapshot } from './run-state.js';
import { buildRunResult, type RunResult } from './result.js';

export interface ExecuteOptions {
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly onEvent?: RunEventSink;
  /** Called with the main frame's plain-data state after every committed node (costs nothing when absent). */
  readonly onCheckpoint?: (s: RunSnapshot) => void;
  readonly services: NodeServices;
  readonly cwd: string;
  /** Max nodes in flight at once within the run. */
  readonly concurrency: number;
  /** Overrides the file's stop_on_error (D6: caller options win). */
  readonly continueOnError?: boolean;
  /** Keep log records in the result. */
  readonly retainLogs: boolean;
  /** 'all' keeps every node's outputs for the result; 'needed' keeps only what can still be read. @default 'all' */
  readonly retainOutputs?: 'all' | 'needed';
  /** Trace entries and log records kept (first half + last half). @default Infinity */
  readonly traceLimit?: number;
}

export async function executePlan(plan: Plan, opts: ExecuteOptions): Promise<RunResult> {
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const run = new RunState({
    plan,
    signal: controller.signal,
    services: opts.services,
    cwd: opts.cwd,
    concurrency: opts.concurrency,
    continueOnError: opts.continueOnError ?? plan.settings.continueOnError,
    onEvent: opts.onEvent ?? null,
    retainLogs: opts.retainLogs,
    retainAll: (opts.retainOutputs ?? 'all') === 'all',
    onCheckpoint: opts.onCheckpoint ?? null,
    traceLimit: opts.traceLimit ?? Infinity,
  });
  const vars = new Map<string, unknown>(plan.initialVariables);
  for (const [k, v] of Object.entries(opts.variables ?? {})) vars.set(k, v);
  const frame = new Frame(run, 'main', vars);

  const stop = (code: 'CASARE_E_RUN_TIMEOUT' | 'CASARE_E_RUN_CANCELLED', message: string): void => {
    if (run.stopReason === null) run.stopReason = { code, message };
    if (!controller.signal.aborted) controller.abort(message);
  };
  if (opts.signal?.aborted) stop('CASARE_E_RUN_CANCELLED', 'Run cancelled');
  const onAbort = (): void => stop('CASARE_E_RUN_CANCELLED', 'Run cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const globalMs = plan.settings.globalTimeoutMs;
  let failure: NodeFailureInfo | null = null;
  const t0 = performance.now();
  try {
    if (plan.start < 0) {
      failure = { node: -1, message: 'No StartNode found', errorType: 'ExecutionError', code: 'CASARE_E_RUN_NO_START' };
    } else {
      const queue = new RingBuffer();
      queue.push(plan.start);
      const drained = frame.drain(queue, -1, false);
      if (globalMs > 0) {
        const expired = new Promise<void>((resolve) => {
          timer = setTimeout(() => { stop('CASARE_E_RUN_TIMEOUT', `Workflow timed out after ${pyNumberStr(globalMs / 1000)}s`); resolve(); }, globalMs);
        });
        await Promise.race([drained, expired]);
      }
      failure = await drained;
      if (failure === null && run.stopReason !== null) {
        failure = { node: -1, message: run.stopReason.message, errorType: 'RunStopped', code: run.stopReason.code };
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
  return buildRunResult(run, frame, failure, performance.now() - t0);
}
