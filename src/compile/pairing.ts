/**
 * D4 pairing (workflow-format.md §14.4), resolved at compile time: Try -> Catch/Finally, Fork -> Join.
 */
import type { ReadonlyIndex } from '../lib/string-index.js';
import { portTargets, type CompiledNode, type Plan, type PlanEdges } from './plan.js';

export type PairKind = 'try' | 'catch' | 'finally' | 'fork' | 'join';

/** The node paired with `node` (a Catch/Finally's Try, a Try's Catch/Finally, a Join's Fork, a Fork's Join), or -1. */
export function pairedIndex(plan: Plan, node: CompiledNode, kind: PairKind): number {
  const i = node.index;
  switch (kind) {
    case 'try': return plan.pairedTry[i]!;
    case 'catch': return plan.tryCatch[i]!;
    case 'finally': {
      if (node.type === 'TryNode') return plan.tryFinally[i]!;
      const t = plan.pairedTry[i]!;
      return t >= 0 ? plan.tryFinally[t]! : -1;
    }
    case 'join': return plan.forkJoin[i]!;
    case 'fork': return plan.forkJoin.indexOf(i);
  }
}

export interface Pairs {
  tryCatch: Int32Array;
  tryFinally: Int32Array;
  pairedTry: Int32Array;
  forkJoin: Int32Array;
}

export function pairControlNodes(nodes: readonly CompiledNode[], indexOf: ReadonlyIndex, edges: PlanEdges): Pairs {
  const { outStart, outTarget } = edges;
  const n = nodes.length;
  const tryCatch = new Int32Array(n).fill(-1);
  const tryFinally = new Int32Array(n).fill(-1);
  const pairedTry = new Int32Array(n).fill(-1);
  const forkJoin = new Int32Array(n).fill(-1);

  const idx = (v: unknown): number => (typeof v === 'string' ? indexOf.get(v) ?? -1 : -1);
  // Explicit pairings first.
  for (const nd of nodes) {
    if (nd.type !== 'CatchNode' && nd.type !== 'FinallyNode') continue;
    const t = idx(nd.fileConfig['paired_try_id']);
    if (t >= 0 && nodes[t]!.type === 'TryNode') {
      pairedTry[nd.index] = t;
      if (nd.type === 'CatchNode') tryCatch[t] = nd.index;
      else tryFinally[t] = nd.index;
    }
  }
  const execOutTargets = (i: number): number[] => Array.from(edges.xTarget.subarray(edges.xStart[i]!, edges.xStart[i + 1]!));
  const successors = (i: number): number[] => Array.from(outTarget.subarray(outStart[i]!, outStart[i + 1]!));
  const bfs = (from: number[], want: string): number => {
    const seen = new Uint8Array(n);
    const queue = [...from];
    for (const q of queue) seen[q] = 1;
    for (let h = 0; h < queue.length; h++) {
      const i = queue[h]!;
      const nd = nodes[i]!;
      if (nd.type === want && pairedTry[i] === -1) return i;
      if (nd.type === 'TryNode') continue; // never search past another Try
      for (const s of successors(i)) if (!seen[s]) { seen[s] = 1; queue.push(s); }
    }
    return -1;
  };
  for (const nd of nodes) {
    if (nd.type !== 'TryNode') continue;
    const t = nd.index;
    if (tryCatch[t] === -1) {
      const c = bfs(execOutTargets(t), 'CatchNode');
      if (c >= 0) { tryCatch[t] = c; pairedTry[c] = t; }
    }
    if (tryFinally[t] === -1) {
      const from = tryCatch[t]! >= 0 ? successors(tryCatch[t]!) : execOutTargets(t);
      const f = bfs(from, 'FinallyNode');
      if (f >= 0) { tryFinally[t] = f; pairedTry[f] = t; }
    }
  }
  for (const nd of nodes) {
    if (nd.type !== 'ForkNode') continue;
    let j = idx(nd.fileConfig['paired_join_id']);
    if (j < 0 || nodes[j]!.type !== 'JoinNode') {
      j = nodes.findIndex((m) => m.type === 'JoinNode' && m.fileConfig['paired_fork_id'] === nd.id);
    }
    if (j < 0) {
      const seen = new Uint8Array(n);
      const queue = successors(nd.index);
      for (let h = 0; h < queue.length && j < 0; h++) {
        const i = queue[h]!;
        if (seen[i]) continue;
        seen[i] = 1;
        if (nodes[i]!.type === 'JoinNode') j = i;
        else queue.push(...successors(i));
      }
    }
    forkJoin[nd.index] = j;
  }
  return { tryCatch, tryFinally, pairedTry, forkJoin };
}

/**
 * §12.2 loop-back clearing: the start node and everything reached breadth-first from the targets of
 * the start's `body` edges over all edges, not expanding past the loop-back node (not cleared itself).
 */
export function computeLoopClear(nodes: readonly CompiledNode[], start: number, loopBackNode: number, edges: PlanEdges): Int32Array {
  const { outStart, outTarget } = edges;
  const seen = new Uint8Array(nodes.length);
  const result: number[] = [start];
  seen[start] = 1;
  const queue: number[] = [];
  for (const t of portTargets(edges, start, 'body')) if (!seen[t]) { seen[t] = 1; queue.push(t); }
  for (let h = 0; h < queue.length; h++) {
    const i = queue[h]!;
    if (i === loopBackNode) continue;
    if (i !== start) result.push(i);
    for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
      const s = outTarget[e]!;
      if (!seen[s]) { seen[s] = 1; queue.push(s); }
    }
  }
  return Int32Array.from(result);
}
