/**
 * D4 Try (workflow-format.md §14.4): the body runs as a nested run over the same frame (same
 * variables and executed set, its own queue) before the Try's continuation is scheduled. A failure
 * in the body is recorded in `<try>_try_state` and jumps to the paired Catch; without a Catch it
 * propagates as the failed node's failure. Cancel and the global timeout are never caught.
 */
import { portTargets, type CompiledNode } from '../compile/plan.js';
import { RingBuffer } from '../lib/ring-buffer.js';
import type { Frame } from './frame.js';
import type { NodeFailureInfo } from './run-state.js';

export async function runTryBody(frame: Frame, nd: CompiledNode, queue: RingBuffer, propagate: boolean): Promise<NodeFailureInfo | null> {
  const plan = frame.run.plan;
  const body = new RingBuffer();
  for (const t of portTargets(plan.edges, nd.index, 'try_body')) body.push(t);
  const f = await frame.drain(body, -1, true);
  if (f === null) {
    frame.routeExecOut(nd.index, queue);
    return null;
  }
  if (f.node < 0) return f;
  const key = `${nd.id}_try_state`;
  const prev = frame.vars.get(key);
  const state = prev !== null && typeof prev === 'object' ? { ...(prev as Record<string, unknown>) } : {};
  state['error'] = true;
  state['error_type'] = f.errorType;
  state['error_message'] = f.message;
  state['stack_trace'] = f.stack ?? '';
  state['failed_node'] = plan.nodes[f.node]!.id;
  frame.vars.set(key, state);
  const c = plan.tryCatch[nd.index]!;
  if (c >= 0) {
    queue.pushFront(c);
    return null;
  }
  return frame.onFailure(f, propagate);
}
