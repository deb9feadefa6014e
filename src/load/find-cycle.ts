/**
 * A cycle in a directed graph given as adjacency lists over node indexes. Iterative three-colour
 * DFS (100k-node workflows would overflow a recursive one); roots in index order.
 */

const WHITE = 0, GREY = 1, BLACK = 2;

/** Node indexes of the first cycle found, closed (first === last), or null when acyclic. */
export function findCycle(adjacency: readonly (readonly number[])[]): number[] | null {
  const n = adjacency.length;
  const colour = new Uint8Array(n);
  const stack = new Int32Array(n);
  const nextEdge = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== WHITE) continue;
    let top = 0;
    stack[0] = root;
    nextEdge[0] = 0;
    colour[root] = GREY;
    while (top >= 0) {
      const u = stack[top]!;
      const edges = adjacency[u]!;
      const e = nextEdge[top]!;
      if (e >= edges.length) {
        colour[u] = BLACK;
        top--;
        continue;
      }
      nextEdge[top] = e + 1;
      const v = edges[e]!;
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
        nextEdge[top] = 0;
      }
    }
  }
  return null;
}
