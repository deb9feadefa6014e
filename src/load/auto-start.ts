/**
 * Loader step 6 (workflow-format.md §6): a workflow without a StartNode gets a hidden StartNode
 * `__auto_start__`, added last, with an `exec_out -> exec_in` edge (in node order, after the file's
 * connections) to every non-trigger node that has an exec_in port and no incoming edge into
 * exactly `exec_in`, or that a trigger's `exec_out` targets.
 */
import { getNodeSpec } from '../nodes/registry.js';
import { FileConnection, FileNode } from './doc-model.js';
import type { ConnectionDoc, NodeDoc } from './types.js';

export const AUTO_START_ID = '__auto_start__';

function isTrigger(type: string): boolean {
  return type.includes('Trigger');
}

/** Returns the nodes and connections with the auto-start added, or the inputs when not needed. */
export function addAutoStart(
  nodes: readonly NodeDoc[],
  connections: readonly ConnectionDoc[],
): { nodes: readonly NodeDoc[]; connections: readonly ConnectionDoc[] } {
  if (nodes.some((n) => n.type === 'StartNode')) return { nodes, connections };
  const typeOf = new Map<string, string>();
  for (const n of nodes) typeOf.set(n.id, n.type);
  const hasExecInEdge = new Set<string>();
  const triggerTargets = new Set<string>();
  for (const c of connections) {
    if (c.targetPort === 'exec_in') hasExecInEdge.add(c.target);
    if (c.sourcePort === 'exec_out') {
      const st = typeOf.get(c.source);
      if (st !== undefined && isTrigger(st)) triggerTargets.add(c.target);
    }
  }
  const start: NodeDoc = new FileNode(AUTO_START_ID, 'StartNode', 'StartNode', Object.freeze({}), true);
  const edges: ConnectionDoc[] = [];
  for (const n of nodes) {
    if (isTrigger(n.type)) continue;
    const hasExecIn = getNodeSpec(n.type)?.execIn !== false;
    if ((hasExecIn && !hasExecInEdge.has(n.id)) || triggerTargets.has(n.id)) {
      edges.push(new FileConnection(AUTO_START_ID, 'exec_out', n.id, 'exec_in', -1));
    }
  }
  return { nodes: [...nodes, start], connections: [...connections, ...edges] };
}
