/**
 * A cycle in a directed graph given in CSR form: node u's successors are
 * target[start[u]] .. target[start[u+1]-1]. Iterative three-colour DFS (100k-node workflows would
 * overflow a recursive one); roots in index order, successors in edge order.
 */

const WHITE = 0, GREY = 1, BLACK = 2;

/** Node indexes of the first cycle found, closed (first === last), or null when acyclic. */
export function findCycle(start: Int32Array, target: Int32Array): number[] | null {
  const n = start.length - 1;
  const colour = new Uint8Array(n);
  const stack = new Int32Array(n);
  const nextEdge = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== WHITE) continue;
    let top = 0;
    stack[0] = root;
    nextEdge[0] = start[root]!;
    colour[root] = GREY;
    while (top >= 0) {
      const u = stack[top]!;
      const e = nextEdge[top]!;
      if (e >= start[u + 1]!) {
        colour[u] = BLACK;
        top--;
        continue;
      }
      nextEdge[top] = e + 1;
      const v = target[e]!;
      if (colour[v] === GREY) {
        let from = top;
        while (stack[from] !== v) from--;
        const cycle = Array.from(stack.subarray(from, top + 1));
        cycle.push(v);
        return cycle;
      }
      if (colour[v] === WHITE) {
        colour[v] = GREY;
        top++;
        stack[top] = v;
        nextEdge[top] = start[v]!;
      }
    }
  }
  return null;
}

/** CSR of the edges (src[k] -> dst[k]) with keep[k] set, successors in edge order. */
export function csr(n: number, src: Int32Array, dst: Int32Array, keep: Uint8Array): { start: Int32Array; target: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < src.length; k++) if (keep[k] === 1) start[src[k]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const target = new Int32Array(start[n]!);
  for (let k = 0; k < src.length; k++) if (keep[k] === 1) target[fill[src[k]!]!++] = dst[k]!;
  return { start, target };
}
