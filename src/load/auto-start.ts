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
  const execOut = g.ports.id('exec_out');
  const execIn = g.ports.id('exec_in');
  const hasExecInEdge = new Uint8Array(n);
  const triggerTarget = new Uint8Array(n);
  for (let k = 0; k < m; k++) {
    const t = g.dst[k]!;
    if (g.targetPort[k] === execIn) hasExecInEdge[t] = 1;
    if (g.sourcePort[k] === execOut && isTrigger(g.specs[g.src[k]!]!.type)) triggerTarget[t] = 1;
  }
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const spec = g.specs[i]!;
    if (isTrigger(spec.type)) continue;
    if ((spec.execIn !== false && hasExecInEdge[i] === 0) || triggerTarget[i] === 1) targets.push(i);
  }
  const ids = [...g.ids, AUTO_START_ID];
  const index = new StringIndex(ids);
  const grown = (a: Int32Array): Int32Array => {
    const b = new Int32Array(m + targets.length);
    b.set(a);
    return b;
  };
  const src = grown(g.src);
  const dst = grown(g.dst);
  const sourcePort = grown(g.sourcePort);
  const targetPort = grown(g.targetPort);
  for (let q = 0; q < targets.length; q++) {
    src[m + q] = n;
    dst[m + q] = targets[q]!;
    sourcePort[m + q] = execOut;
    targetPort[m + q] = execIn;
  }
  return {
    ids,
    index,
    specs: [...g.specs, getNodeSpec('StartNode')!],
    configs: [...g.configs, AUTO_START_CONFIG],
    fileNodes: g.fileNodes,
    src,
    dst,
    ports: g.ports,
    sourcePort,
    targetPort,
    fileConnections: g.fileConnections,
  };
}
