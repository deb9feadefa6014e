/**
 * Deterministic workflow generators for benchmarks and tests (nothing big lives in git).
 */

export interface WorkflowJson {
  metadata: Record<string, unknown>;
  nodes: Record<string, { node_id: string; node_type: string; config: Record<string, unknown>; position: [number, number] }>;
  connections: { source_node: string; source_port: string; target_node: string; target_port: string }[];
  variables: Record<string, unknown>;
  settings: Record<string, unknown>;
}

function empty(name: string): WorkflowJson {
  return { metadata: { name, version: '1.0.0' }, nodes: {}, connections: [], variables: {}, settings: { stop_on_error: true } };
}

function add(w: WorkflowJson, id: string, type: string, config: Record<string, unknown>, x = 0): void {
  w.nodes[id] = { node_id: id, node_type: type, config, position: [x, 0] };
}

function edge(w: WorkflowJson, s: string, sp: string, t: string, tp: string): void {
  w.connections.push({ source_node: s, source_port: sp, target_node: t, target_port: tp });
}

/**
 * A linear chain of `n` MathOperation nodes: node k adds 1 to node k-1's result through a data
 * edge (result -> a). Each activation transfers an input, reads two params, writes an output.
 */
export function mathChain(n: number): WorkflowJson {
  const w = empty(`math chain ${n}`);
  add(w, 'start', 'StartNode', {});
  let prev = 'start';
  for (let k = 0; k < n; k++) {
    const id = `m${k}`;
    add(w, id, 'MathOperationNode', { operation: 'add', a: 0, b: 1 }, k * 10);
    edge(w, prev, 'exec_out', id, 'exec_in');
    if (k > 0) edge(w, prev, 'result', id, 'a');
    prev = id;
  }
  return w;
}

/** `items` items through a For loop whose body is a chain of `n` MathOperation nodes. */
export function loopChain(items: number, n: number): WorkflowJson {
  const w = empty(`loop ${items} x ${n}`);
  add(w, 'start', 'StartNode', {});
  add(w, 'loop', 'ForLoopStartNode', { mode: 'range', start: 0, end: items, step: 1 });
  edge(w, 'start', 'exec_out', 'loop', 'exec_in');
  let prev = 'loop';
  let port = 'body';
  for (let k = 0; k < n; k++) {
    const id = `m${k}`;
    add(w, id, 'MathOperationNode', { operation: 'add', a: 0, b: 1 }, k * 10);
    edge(w, prev, port, id, 'exec_in');
    if (k > 0) edge(w, prev, 'result', id, 'a');
    prev = id;
    port = 'exec_out';
  }
  add(w, 'loop_end', 'ForLoopEndNode', { paired_start_id: 'loop' });
  edge(w, prev, 'exec_out', 'loop_end', 'exec_in');
  return w;
}

/** A wide, realistic-looking workflow of `n` nodes: chains of mixed cheap nodes with templates. */
export function wideWorkflow(n: number): WorkflowJson {
  const w = empty(`generated ${n}`);
  add(w, 'start', 'StartNode', {});
  w.variables = { base: { type: 'String', default_value: 'casare' } };
  const types: [string, (k: number) => Record<string, unknown>][] = [
    ['SetVariableNode', (k) => ({ variable_name: `v${k}`, value: `{{base}}-${k}` })],
    ['TextCaseNode', (k) => ({ text: `{{v${k - 1}}}`, case: 'upper' })],
    ['MathOperationNode', (k) => ({ operation: 'multiply', a: k, b: 2 })],
    ['LogNode', (k) => ({ message: `step ${k}`, level: 'debug' })],
  ];
  let prev = 'start';
  for (let k = 0; k < n - 1; k++) {
    const id = `n${k}`;
    const [type, cfg] = types[k % types.length]!;
    add(w, id, type, cfg(k), (k % 100) * 200);
    // Every 50 nodes start a new branch from the start node so the graph is not one long chain.
    edge(w, k % 50 === 0 ? 'start' : prev, 'exec_out', id, 'exec_in');
    prev = id;
  }
  return w;
}

/** `n` TableMapNode nodes in a chain, each adding 1 to column v of every row of one batch (data edge rows -> rows). */
export function batchChain(items: number, n: number): WorkflowJson {
  const w = empty(`batch ${items} x ${n}`);
  add(w, 'start', 'StartNode', {});
  w.variables = { rows: { type: 'List', default_value: Array.from({ length: items }, (_, i) => ({ id: i, v: i })) } };
  let prev = 'start';
  for (let k = 0; k < n; k++) {
    const id = `t${k}`;
    add(w, id, 'TableMapNode', k === 0 ? { rows: '{{rows}}', columns: { v: 'v + 1' } } : { columns: { v: 'v + 1' } }, k * 10);
    edge(w, prev, 'exec_out', id, 'exec_in');
    if (k > 0) edge(w, prev, 'rows', id, 'rows');
    prev = id;
  }
  return w;
}

/** A chain of `n` MergeNode nodes: no work, no outputs — the scheduler's own cost per activation. */
export function mergeChain(n: number): WorkflowJson {
  const w = empty(`merge chain ${n}`);
  add(w, 'start', 'StartNode', {});
  let prev = 'start';
  for (let k = 0; k < n; k++) {
    const id = `g${k}`;
    add(w, id, 'MergeNode', {}, k * 10);
    edge(w, prev, 'exec_out', id, 'exec_in');
    prev = id;
  }
  return w;
}

/** Deterministic words over 16 letters (seeded LCG): fuzzy-matching inputs where few pairs reach a
 * high threshold, so the work measured is the scoring. */
export function seededWords(n: number, seed: number): string[] {
  let x = seed >>> 0;
  const rnd = (): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
  return Array.from({ length: n }, () => {
    let w = '';
    const len = 6 + Math.floor(rnd() * 8);
    for (let k = 0; k < len; k++) w += 'abcdefghijklmnop'[Math.floor(rnd() * 16)];
    return w;
  });
}
