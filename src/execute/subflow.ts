/**
 * SubflowNode (Casare D4, workflow-format.md §14.4): the child workflow runs as its own run with a
 * copy of the parent's variables plus the declared inputs (port, else the node's config key, else the
 * input's default_value); declared outputs come back from `internal_node_id.internal_port_name`, else
 * the child variable of that name. Child writes never reach the parent. A failure (unloadable file,
 * failed child) routes the node's `error` port when it has edges, else fails the node.
 */
import { portTargets, configValue, type CompiledNode, type Plan } from '../compile/plan.js';
import type { RingBuffer } from '../lib/ring-buffer.js';
import { resolveTemplates } from '../compile/template.js';
import type { Frame } from './frame.js';
import type { NodeFailureInfo } from './run-state.js';
import { toFailureInfo } from './failures.js';
import { executePlan } from './run.js';

export interface SubflowPort {
  readonly name: string;
  readonly default_value?: unknown;
  readonly internal_node_id?: string;
  readonly internal_port_name?: string;
}

export interface SubflowDefinition {
  readonly plan: Plan;
  readonly inputs: readonly SubflowPort[];
  readonly outputs: readonly SubflowPort[];
}

/** Provided by the engine in `services.loadSubflow`: loads (and caches) a subflow file. */
export type SubflowLoader = (path: string, cwd: string) => Promise<SubflowDefinition>;

/** §2.3: subflows nest at most 3 deep. */
const MAX_DEPTH = 3;

export async function runSubflow(frame: Frame, nd: CompiledNode, path: string, queue: RingBuffer, propagate: boolean): Promise<NodeFailureInfo | null> {
  const run = frame.run;
  const ctx = frame.ctx(nd.index);
  const loader = run.services['loadSubflow'] as SubflowLoader | undefined;
  const depth = (run.services['subflowDepth'] as number | undefined) ?? 0;
  let failure: NodeFailureInfo | null = null;
  try {
    if (loader === undefined) throw Object.assign(new Error('Subflow not loaded'), { errorType: 'SubflowError' });
    if (depth >= MAX_DEPTH) throw Object.assign(new Error(`Subflow nesting exceeds ${MAX_DEPTH} levels`), { errorType: 'SubflowError' });
    const def = await loader(path, run.cwd);
    const variables: Record<string, unknown> = Object.fromEntries(frame.vars);
    for (const input of def.inputs) {
      const port = ctx.inputs.get(input.name);
      const cfg = configValue(nd, input.name);
      variables[input.name] = port !== undefined && port !== null ? port
        : cfg !== undefined && cfg !== null ? resolveTemplates(cfg, frame.vars) : input.default_value ?? null;
    }
    const child = await executePlan(def.plan, {
      services: { ...run.services, subflowDepth: depth + 1 },
      cwd: run.cwd, concurrency: run.concurrency, retainLogs: true, retainOutputs: 'all', variables, signal: frame.runSignal,
    });
    for (const l of child.logs) run.log(l.nodeId, l.level, l.message);
    if (child.status !== 'success') {
      failure = { node: nd.index, message: child.error?.message ?? 'Subflow failed', errorType: child.error?.errorType ?? 'SubflowError', code: child.error?.code ?? 'CASARE_E_NODE_FAILED' };
    } else {
      for (const o of def.outputs) {
        const fromNode = o.internal_node_id !== undefined ? child.outputs[o.internal_node_id]?.[o.internal_port_name ?? o.name] : undefined;
        const v = fromNode ?? child.variables[o.name];
        if (v !== undefined && v !== null) ctx.out(o.name, v);
      }
    }
  } catch (e) {
    failure = toFailureInfo(nd.index, e);
  }
  if (failure === null) {
    frame.storeOutputs(nd.index);
    frame.routeExecOut(nd.index, queue);
    return null;
  }
  if (failure.code === 'CASARE_E_RUN_CANCELLED' || failure.code === 'CASARE_E_RUN_TIMEOUT') return frame.onFailure(failure, propagate);
  const errorTargets = portTargets(run.plan.edges, nd.index, 'error');
  if (errorTargets.length > 0) {
    for (const t of errorTargets) queue.push(t);
    return null;
  }
  return frame.onFailure(failure, propagate);
}
