/**
 * Scheduler behaviour through the public API: concurrency of independent branches with the same
 * trace as the sequential engine, hazards that force order, failures that keep partial results,
 * retries, timeouts, cancellation, Try/Catch, Fork/Join, ParallelForEach, time-budget yielding.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type RunResult } from '../../src/index.js';
import { mathChain, loopChain } from '../../native-bench/support/generate.js';

type N = [id: string, type: string, config?: Record<string, unknown>];
type E = [s: string, sp: string, t: string, tp: string];

function wf(nodes: N[], edges: E[], settings: Record<string, unknown> = {}, variables: Record<string, unknown> = {}): Buffer {
  const doc = {
    metadata: { name: 'test' },
    nodes: Object.fromEntries(nodes.map(([id, type, config]) => [id, { node_id: id, node_type: type, config: config ?? {} }])),
    connections: edges.map(([s, sp, t, tp]) => ({ source_node: s, source_port: sp, target_node: t, target_port: tp })),
    variables,
    settings,
  };
  return Buffer.from(JSON.stringify(doc));
}

async function run(bytes: Buffer, opts: { concurrency?: number; signal?: AbortSignal; variables?: Record<string, unknown>; retain?: 'all' | 'needed' } = {}): Promise<RunResult> {
  const engine = createEngine({ monitorEventLoop: false, retainOutputs: opts.retain ?? 'all', ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }) });
  try {
    return await engine.run(bytes, { ...(opts.signal && { signal: opts.signal }), ...(opts.variables && { variables: opts.variables }) });
  } finally {
    await engine.close();
  }
}

const waits: N[] = [
  ['w1', 'WaitNode', { duration: 0.3 }], ['l1', 'LogNode', { message: 'one' }],
  ['w2', 'WaitNode', { duration: 0.3 }], ['l2', 'LogNode', { message: 'two' }],
  ['w3', 'WaitNode', { duration: 0.3 }], ['l3', 'LogNode', { message: 'three' }],
];
const waitEdges: E[] = [['w1', 'exec_out', 'l1', 'exec_in'], ['w2', 'exec_out', 'l2', 'exec_in'], ['w3', 'exec_out', 'l3', 'exec_in']];

describe('scheduler', () => {
  it('runs independent I/O branches concurrently with the same trace as one-at-a-time', async () => {
    const bytes = wf(waits, waitEdges);
    const t0 = performance.now();
    const par = await run(bytes, { concurrency: 8 });
    const parMs = performance.now() - t0;
    const t1 = performance.now();
    const seq = await run(bytes, { concurrency: 1 });
    const seqMs = performance.now() - t1;
    expect(par.status).toBe('success');
    expect(par.stats.maxInFlight).toBe(3);
    expect(seq.stats.maxInFlight).toBeLessThanOrEqual(1);
    expect(par.executed).toEqual(seq.executed);
    expect(par.executed).toEqual(['w1', 'w2', 'w3', 'l1', 'l2', 'l3']);
    expect(parMs).toBeLessThan(seqMs * 0.7); // 0.3 s vs 0.9 s; wide margin for a noisy machine
  });

  it('keeps a node that reads what an in-flight node writes behind it (hazard)', async () => {
    const bytes = wf([
      ['w', 'WaitNode', { duration: 0.1 }],
      ['set', 'SetVariableNode', { variable_name: 'x', value: '{{w_done}}' }],
      ['mark', 'SetVariableNode', { variable_name: 'w_done', value: 'yes' }],
    ], [['w', 'exec_out', 'mark', 'exec_in']], {}, { w_done: 'no' });
    const r = await run(bytes);
    // set is independent of w (reads w_done, which w does not write), so it may overlap w;
    // mark writes w_done after w finished: x must be the seeded value in both engines.
    expect(r.variables['x']).toBe('no');
    expect(r.variables['w_done']).toBe('yes');
  });

  it('passes data along data edges and keeps types', async () => {
    const r = await run(Buffer.from(JSON.stringify(mathChain(10))));
    expect(r.status).toBe('success');
    expect(r.outputs['m9']).toEqual({ result: 10 });
  });

  it('runs a loop body once per item', async () => {
    const r = await run(Buffer.from(JSON.stringify(loopChain(5, 3))));
    expect(r.status).toBe('success');
    expect(r.executed.filter((id) => id === 'm2').length).toBe(5);
    expect(r.outputs['m2']).toEqual({ result: 3 });
  });

  it('keeps completed outputs and variables when a node fails, and names the node', async () => {
    const r = await run(wf([
      ['a', 'SetVariableNode', { variable_name: 'kept', value: 42 }],
      ['b', 'ThrowErrorNode', { error_message: 'boom {{kept}}' }],
      ['c', 'SetVariableNode', { variable_name: 'never', value: 1 }],
    ], [['a', 'exec_out', 'b', 'exec_in'], ['b', 'exec_out', 'c', 'exec_in']]));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ phase: 'run', nodeId: 'b', message: 'boom 42', errorType: 'CustomError', code: 'CASARE_E_NODE_FAILED' });
    expect(r.variables).toEqual({ kept: 42 });
    expect(r.outputs['a']).toEqual({ value: 42 });
    expect(r.executed).toEqual(['a', 'b']);
  });

  it('continues other branches under continue-on-error and reports success', async () => {
    const r = await run(wf([
      ['bad', 'ThrowErrorNode', {}], ['after_bad', 'LogNode', {}], ['good', 'SetVariableNode', { variable_name: 'ok', value: true }],
    ], [['bad', 'exec_out', 'after_bad', 'exec_in']], { stop_on_error: false }));
    expect(r.status).toBe('success');
    expect(r.failures.map((f) => f.nodeId)).toEqual(['bad']);
    expect(r.executed).toEqual(['bad', 'good']);
  });

  it('retries a failing node per settings.retry_count, listing every attempt', async () => {
    const r = await run(wf([['t', 'ThrowErrorNode', { error_message: 'x' }]], [], { retry_count: 2 }));
    expect(r.status).toBe('error');
    expect(r.executed).toEqual(['t', 't', 't']);
  });

  it('backs off between retries (settings.retry_delay) without holding up independent branches', async () => {
    const t0 = performance.now();
    const r = await run(wf([
      ['flaky', 'ThrowErrorNode', { error_message: 'down' }],
      ['other', 'WaitNode', { duration: 0.3 }], ['after_other', 'SetVariableNode', { variable_name: 'other_done', value: true }],
    ], [['other', 'exec_out', 'after_other', 'exec_in']], { retry_count: 2, retry_delay: 0.1, stop_on_error: false }));
    const ms = performance.now() - t0;
    expect(r.status).toBe('success');
    expect(r.executed.filter((id) => id === 'flaky')).toHaveLength(3);
    expect(r.failures.map((f) => f.nodeId)).toEqual(['flaky']);
    expect(r.variables['other_done']).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(290); // 0.1 s + 0.2 s of backoff, overlapping the 0.3 s wait
    expect(ms).toBeLessThan(590); // sequential would be 0.3 s of backoff + 0.3 s of wait
  });

  it('fails an I/O node past the node timeout with CASARE_E_NODE_TIMEOUT', async () => {
    const r = await run(wf([['slow', 'WaitNode', { duration: 5 }]], [], { node_timeout: 0.2 }));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'CASARE_E_NODE_TIMEOUT', nodeId: 'slow', message: 'Node slow timed out after 0.2s' });
  });

  it('stops a run on the global timeout with CASARE_E_RUN_TIMEOUT and no node', async () => {
    const r = await run(wf([['slow', 'WaitNode', { duration: 5 }]], [], { global_timeout: 0.2 }));
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('CASARE_E_RUN_TIMEOUT');
    expect(r.error?.nodeId).toBeUndefined();
  });

  it('cancels through an AbortSignal and keeps what completed', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await run(wf([
      ['first', 'SetVariableNode', { variable_name: 'done', value: 1 }], ['slow', 'WaitNode', { duration: 5 }],
    ], [['first', 'exec_out', 'slow', 'exec_in']]), { signal: ac.signal });
    expect(r.status).toBe('cancelled');
    expect(r.error?.code).toBe('CASARE_E_RUN_CANCELLED');
    expect(r.variables['done']).toBe(1);
  });

  it('catches a failure in a Try body and runs the Catch with the error', async () => {
    const r = await run(wf([
      ['try', 'TryNode'], ['boom', 'ThrowErrorNode', { error_message: 'bad thing' }], ['catch', 'CatchNode'],
      ['keep', 'SetVariableNode', { variable_name: 'handled', value: '{{catch.error_message}}' }],
    ], [['try', 'try_body', 'boom', 'exec_in'], ['try', 'exec_out', 'catch', 'exec_in'], ['catch', 'catch_body', 'keep', 'exec_in']]));
    expect(r.status).toBe('success');
    expect(r.variables['handled']).toBe('bad thing');
    expect(r.outputs['catch']).toMatchObject({ error_message: 'bad thing', error_type: 'CustomError' });
    expect(r.executed).toEqual(['try', 'boom', 'catch', 'keep']);
  });

  it('runs Fork branches concurrently in copied variables and merges them at the Join', async () => {
    const t0 = performance.now();
    const r = await run(wf([
      ['fork', 'ForkNode', { branch_count: 2 }],
      ['w1', 'WaitNode', { duration: 0.3 }], ['s1', 'SetVariableNode', { variable_name: 'v', value: 'one' }],
      ['w2', 'WaitNode', { duration: 0.3 }], ['s2', 'SetVariableNode', { variable_name: 'v', value: 'two' }],
      ['join', 'JoinNode'],
    ], [
      ['fork', 'branch_1', 'w1', 'exec_in'], ['w1', 'exec_out', 's1', 'exec_in'], ['s1', 'exec_out', 'join', 'exec_in'],
      ['fork', 'branch_2', 'w2', 'exec_in'], ['w2', 'exec_out', 's2', 'exec_in'], ['s2', 'exec_out', 'join', 'exec_in'],
    ]));
    const ms = performance.now() - t0;
    expect(r.status).toBe('success');
    expect(r.variables['branch_1_v']).toBe('one');
    expect(r.variables['branch_2_v']).toBe('two');
    expect(r.variables['v']).toBeUndefined();
    expect(r.outputs['join']).toMatchObject({ branch_count: 2 });
    expect(ms).toBeLessThan(550); // two 0.3 s waits overlapped
  });

  it('runs ParallelForEach items in batches with per-item variables', async () => {
    const r = await run(wf([
      ['pfe', 'ParallelForEachNode', { items: [1, 2, 3, 4, 5], batch_size: 2 }],
      ['sq', 'MathOperationNode', { operation: 'multiply', a: '{{item}}', b: '{{item}}' }],
      ['keep', 'SetVariableNode', { variable_name: 'square', value: '{{sq.result}}' }],
    ], [['pfe', 'body', 'sq', 'exec_in'], ['sq', 'exec_out', 'keep', 'exec_in']]));
    expect(r.status).toBe('success');
    const results = r.outputs['pfe']?.['results'] as Record<string, unknown>[];
    expect(results.map((x) => x['square'])).toEqual([1, 4, 9, 16, 25]);
    expect(r.variables['square']).toBeUndefined();
  });

  it('yields to the event loop during a long synchronous run', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 5);
    const r = await run(Buffer.from(JSON.stringify(loopChain(2000, 50))));
    clearInterval(timer);
    expect(r.status).toBe('success');
    expect(r.stats.nodesExecuted).toBeGreaterThan(100_000);
    expect(ticks).toBeGreaterThan(2);
  });

  it("drops outputs nothing can read under retainOutputs 'needed', keeps them under 'all'", async () => {
    const bytes = wf([
      ['big', 'SetVariableNode', { variable_name: 'x', value: 'payload' }],
      ['used', 'TextCaseNode', { text: 'abc', case: 'upper' }],
      ['reader', 'SetVariableNode', { variable_name: 'y', value: '{{used.result}}' }],
    ], [['big', 'exec_out', 'used', 'exec_in'], ['used', 'exec_out', 'reader', 'exec_in']]);
    const needed = await run(bytes, { retain: 'needed' });
    expect(needed.status).toBe('success');
    expect(needed.variables).toEqual({ x: 'payload', y: 'ABC' });
    expect(Object.keys(needed.outputs)).toEqual(['used']);
    const all = await run(bytes, { retain: 'all' });
    expect(Object.keys(all.outputs).sort()).toEqual(['big', 'reader', 'used']);
  });

  /** m1 -> m2 through a data edge (m1 is never read by name); reader reads {{m2.result}} by name. */
  const dataEdgeThenNameRead = (): Buffer => wf([
    ['m1', 'MathOperationNode', { operation: 'add', a: 1, b: 2 }],
    ['m2', 'MathOperationNode', { operation: 'add', a: 0, b: 10 }],
    ['reader', 'SetVariableNode', { variable_name: 'y', value: '{{m2.result}}' }],
  ], [['m1', 'exec_out', 'm2', 'exec_in'], ['m1', 'result', 'm2', 'a'], ['m2', 'exec_out', 'reader', 'exec_in']]);

  it("'needed': a node read only through a data edge passes its value on but builds no output mirror", async () => {
    const bytes = dataEdgeThenNameRead();
    const needed = await run(bytes, { retain: 'needed' });
    expect(needed.variables['y']).toBe(13);
    expect(Object.keys(needed.outputs)).toEqual(['m2']); // m1: ports only (numeric operands name no variable)
    const all = await run(bytes, { retain: 'all' });
    expect(Object.keys(all.outputs).sort()).toEqual(['m1', 'm2', 'reader']);
  });

  it("'all': every node's outputs reach the result; only mirrors something reads by name enter the variables", async () => {
    const bytes = dataEdgeThenNameRead();
    const engine = createEngine({ monitorEventLoop: false, retainOutputs: 'all' });
    const names: string[][] = [];
    try {
      const r = await engine.run(bytes, { onCheckpoint: (snap) => names.push(snap.variables.map(([k]) => k)) });
      expect(r.variables['y']).toBe(13);
      expect(r.outputs['m1']).toEqual({ result: 3 });
      expect(r.outputs['m2']).toEqual({ result: 13 });
      const last = names[names.length - 1]!;
      expect(last).toContain('m2'); // read as {{m2.result}}
      expect(last).not.toContain('m1'); // read through its data edge only
    } finally {
      await engine.close();
    }
  });

  it("'needed': a MathOperation operand naming a variable can read any node's mirror, so mirrors are kept", async () => {
    // b: 'm1' names the variable m1 — node m1's output dict — and float(dict) is a TypeError.
    const r = await run(wf([
      ['m1', 'MathOperationNode', { operation: 'add', a: 1, b: 2 }],
      ['m2', 'MathOperationNode', { operation: 'add', a: 1, b: 'm1' }],
    ], [['m1', 'exec_out', 'm2', 'exec_in']]), { retain: 'needed' });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ nodeId: 'm2', errorType: 'TypeError' });
    expect(r.outputs['m1']).toEqual({ result: 3 });
  });

  it('offers the run state as plain data at every node boundary (checkpoints)', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    const snaps: unknown[] = [];
    try {
      const r = await engine.run(Buffer.from(JSON.stringify(loopChain(3, 2))), { onCheckpoint: (s) => snaps.push(structuredClone(s)) });
      expect(r.status).toBe('success');
      expect(snaps.length).toBe(r.executed.length); // one per committed activation
      const last = snaps.at(-1) as { variables: [string, unknown][]; trace: string[]; queue: string[] };
      expect(last.trace).toEqual(r.executed);
      expect(last.queue).toEqual([]);
      expect(JSON.parse(JSON.stringify(last))).toEqual(last);
      const mid = snaps[3] as { variables: [string, unknown][]; executed: string[] };
      expect(new Map(mid.variables).has('loop_loop_state')).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('passes a disabled node through: inputs copied to outputs, not in the trace, routing continues', async () => {
    const r = await run(wf([
      ['src', 'SetVariableNode', { variable_name: 'v', value: 'hello' }],
      ['off', 'TextCaseNode', { case: 'upper', _disabled: true }],
      ['after', 'SetVariableNode', { variable_name: 'seen', value: '{{off.text}}' }],
    ], [['src', 'exec_out', 'off', 'exec_in'], ['src', 'value', 'off', 'text'], ['off', 'exec_out', 'after', 'exec_in']]));
    expect(r.status).toBe('success');
    expect(r.executed).toEqual(['src', 'after']);
    expect(r.outputs['off']).toEqual({ text: 'hello' });
    expect(r.variables['seen']).toBe('hello');
  });

  it('reports a load failure as a result with phase load and every problem', async () => {
    const r = await run(wf([['a', 'NoSuchNode'], ['b', 'AlsoMissingNode']], [['a', 'exec_out', 'ghost', 'exec_in']]));
    expect(r.status).toBe('error');
    expect(r.error?.phase).toBe('load');
    expect(r.error?.details?.length).toBeGreaterThanOrEqual(3);
  });
});
