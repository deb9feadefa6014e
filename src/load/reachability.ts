/**
 * Reachability (REF `find_entry_points_and_reachable`, workflow-format.md §7): entry points are
 * StartNodes, `__auto_start__`, and nodes with outgoing edges but no incoming edge into an entry
 * port; if there are none, every node. A BFS over all resolved edges from them. Only a warning
 * comes of it, so the loader runs it when warnings are asked for.
 */
import { PORT_EXEC_INPUT } from './exec-ports.js';
import { csr } from './find-cycle.js';
import type { Resolved } from './validate-semantic.js';

type Obj = Record<string, unknown>;

/** Ids of the nodes no entry point reaches, loader-internal (`__`) ids excluded, in file order. */
export function unreachableNodes(ids: readonly string[], nodes: readonly Obj[], r: Resolved): string[] {
  const n = ids.length;
  const { src, dst, ports, targetPort } = r;
  const both = new Uint8Array(src.length);
  const hasExecInput = new Uint8Array(n);
  const hasOutgoing = new Uint8Array(n);
  for (let k = 0; k < src.length; k++) {
    const s = src[k]!;
    const t = dst[k]!;
    if (s >= 0) {
      hasOutgoing[s] = 1;
      if (t >= 0) both[k] = 1;
    }
    if (t >= 0 && ports.is(targetPort[k]!, PORT_EXEC_INPUT)) hasExecInput[t] = 1;
  }
  const all = csr(n, src, dst, both);
  const reached = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const isEntry = id.startsWith('__')
      ? id === '__auto_start__'
      : nodes[i]!['node_type'] === 'StartNode' || (hasExecInput[i] === 0 && hasOutgoing[i] === 1);
    if (isEntry) { queue[tail++] = i; reached[i] = 1; }
  }
  if (tail === 0) for (let i = 0; i < n; i++) { queue[tail++] = i; reached[i] = 1; }
  for (let q = 0; q < tail; q++) {
    const u = queue[q]!;
    for (let e = all.start[u]!; e < all.start[u + 1]!; e++) {
      const t = all.target[e]!;
      if (reached[t] === 0) {
        reached[t] = 1;
        queue[tail++] = t;
      }
    }
  }
  return ids.filter((id, i) => reached[i] === 0 && !id.startsWith('__'));
}
