/**
 * May node i start while other nodes are still in flight? Only when its commit is a plain push to
 * the back of the queue (no control flow), no in-flight node feeds it through a data edge, and the
 * variables it reads or writes do not meet what an in-flight node writes or reads. Write sets are
 * computed on first use: most runs never overlap anything.
 */
import type { CompiledNode, NameSet, Plan } from '../compile/plan.js';
import { writeSet } from '../compile/compile-plan.js';

/** Nodes whose commit only pushes successors to the back: safe to run past while in flight. */
export function isSimple(nd: CompiledNode): boolean {
  const r = nd.spec.routing ?? 'X';
  return r !== 'SELF' && !nd.alwaysRerun && !nd.disabled;
}

function intersects(a: NameSet, b: NameSet): boolean {
  if (a === 'any' || b === 'any') return true;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return true;
  return false;
}

export function canOverlap(plan: Plan, concurrency: number, i: number, inFlight: readonly { readonly node: number }[]): boolean {
  if (inFlight.length >= concurrency) return false;
  const b = plan.nodes[i]!;
  const bw = (b.writes ??= writeSet(b));
  if (!isSimple(b) || b.reads === 'any' || bw === 'any') return false;
  const e = plan.edges;
  for (const p of inFlight) {
    if (p.node === i) return false;
    const a = plan.nodes[p.node]!;
    if (!isSimple(a)) return false;
    for (let k = e.inStart[i]!; k < e.inStart[i + 1]!; k++) if (e.inSrc[k] === p.node) return false;
    const aw = (a.writes ??= writeSet(a));
    if (intersects(aw, b.reads) || intersects(bw, aw) || intersects(bw, a.reads)) return false;
  }
  return true;
}
