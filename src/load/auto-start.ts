/**
 * Loader step 6 (workflow-format.md §6): a workflow without a StartNode gets a hidden StartNode
 * `__auto_start__`, added last, with an `exec_out -> exec_in` edge (in node order, after the file's
 * connections) to every non-trigger node that has an exec_in port and no incoming edge into
 * exactly `exec_in`, or that a trigger's `exec_out` targets.
 */
import { getNodeSpec } from '../nodes/registry.js';
import { StringIndex } from '../lib/string-index.js';
import type { DocGraph } from './types.js';

export const AUTO_START_ID = '__auto_start__';
export const AUTO_START_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});

function isTrigger(type: string): boolean {
  return type.includes('Trigger');
}

/** The graph with the auto-start appended (indexes of the file's nodes and edges unchanged), or `g` when not needed. */
export function addAutoStart(g: DocGraph): DocGraph {
  const n = g.ids.length;
  for (let i = 0; i < n; i++) if (g.specs[i]!.type === 'StartNode') return g;
  const m = g.src.length;
  // Validation resolved every connection end: indexes, not id sets.
  const hasExecInEdge = new Uint8Array(n);
  const triggerTarget = new Uint8Array(n);
  for (let k = 0; k < m; k++) {
    const t = g.dst[k]!;
    if (g.targetPorts[k] === 'exec_in') hasExecInEdge[t] = 1;
    if (g.sourcePorts[k] === 'exec_out' && isTrigger(g.specs[g.src[k]!]!.type)) triggerTarget[t] = 1;
  }
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const spec = g.specs[i]!;
    if (isTrigger(spec.type)) continue;
    if ((spec.execIn !== false && hasExecInEdge[i] === 0) || triggerTarget[i] === 1) targets.push(i);
  }
  const ids = [...g.ids, AUTO_START_ID];
  const index = new StringIndex(ids);
  const src = new Int32Array(m + targets.length);
  const dst = new Int32Array(m + targets.length);
  src.set(g.src);
  dst.set(g.dst);
  const sourcePorts = g.sourcePorts.slice();
  const targetPorts = g.targetPorts.slice();
  for (let q = 0; q < targets.length; q++) {
    src[m + q] = n;
    dst[m + q] = targets[q]!;
    sourcePorts.push('exec_out');
    targetPorts.push('exec_in');
  }
  return {
    ids,
    index,
    specs: [...g.specs, getNodeSpec('StartNode')!],
    configs: [...g.configs, AUTO_START_CONFIG],
    fileNodes: g.fileNodes,
    src,
    dst,
    sourcePorts,
    targetPorts,
    fileConnections: g.fileConnections,
  };
}
