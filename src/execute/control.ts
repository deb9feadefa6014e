/**
 * What a control-flow node's result does to its frame: route ports, loop back (clearing the loop
 * body's executed marks), jump, or hand over to a Try body, Fork, ParallelForEach, parallel stream
 * or sub-workflow runner.
 */
import type { CompiledNode } from '../compile/plan.js';
import type { ControlResult } from '../nodes/types.js';
import type { RingBuffer } from '../lib/ring-buffer.js';
import { computeLoopClear } from '../compile/pairing.js';
import type { Frame } from './frame.js';
import type { NodeFailureInfo } from './run-state.js';
import { runFork, runParallelForEach, runParallelStream } from './parallel.js';
import { runTryBody } from './try-body.js';
import { runSubflow } from './subflow.js';

export function applyControl(frame: Frame, nd: CompiledNode, r: ControlResult, queue: RingBuffer, propagate: boolean): NodeFailureInfo | null | Promise<NodeFailureInfo | null> {
  const plan = frame.run.plan;
  switch (r.kind) {
    case 'next':
      frame.routePorts(nd, r.ports, queue);
      return null;
    case 'loopBack': {
      const s = plan.indexOf.get(r.startId);
      if (s === undefined) return null;
      nd.loopClear ??= computeLoopClear(plan.nodes, s, nd.index, plan.edges);
      for (const c of nd.loopClear) frame.executed[c] = 0;
      queue.pushFront(s);
      return null;
    }
    case 'jumpTo': {
      const t = plan.indexOf.get(r.nodeId);
      if (t !== undefined) queue.pushFront(t);
      return null;
    }
    case 'tryBody':
      return runTryBody(frame, nd, queue, propagate);
    case 'fork':
      return runFork(frame, nd, r, queue, propagate);
    case 'parallelForEach':
      return runParallelForEach(frame, nd, r, queue, propagate);
    case 'parallelStream':
      return runParallelStream(frame, nd, r, queue, propagate);
    case 'subflow':
      return runSubflow(frame, nd, r.path, queue, propagate);
  }
}
