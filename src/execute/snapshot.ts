/**
 * A frame's state at a node boundary (no node in flight) as plain data: what a durable checkpoint
 * or a resume in another process needs. Ids, not indexes, so a snapshot survives a recompile.
 */
import type { RingBuffer } from '../lib/ring-buffer.js';
import type { Frame } from './frame.js';
import type { RunSnapshot } from './run-state.js';

export function snapshotFrame(frame: Frame, afterNode: number, queue: RingBuffer): RunSnapshot {
  const nodes = frame.run.plan.nodes;
  const ports: RunSnapshot['ports'] = {};
  for (const c of frame.ctxs) {
    if (c !== undefined && (c.inputs.size > 0 || c.outputs.size > 0)) ports[c.nodeId] = { inputs: [...c.inputs], outputs: [...c.outputs] };
  }
  const executed: string[] = [];
  for (let i = 0; i < nodes.length; i++) if (frame.executed[i] === 1) executed.push(nodes[i]!.id);
  return {
    afterNode: nodes[afterNode]!.id,
    variables: [...frame.vars],
    queue: queue.toArray().map((i) => nodes[i]!.id),
    executed,
    trace: frame.run.trace.map((i) => nodes[i]!.id),
    ports,
  };
}
