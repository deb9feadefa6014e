/**
 * D4 Fork/Join and ParallelForEach (workflow-format.md §14.4): branches and items run in their own
 * frames (copied variables and node states, own queue), concurrently; results come back as data.
 */
import { portTargets, type CompiledNode } from '../compile/plan.js';
import type { ControlResult } from '../nodes/types.js';
import { RingBuffer } from '../lib/ring-buffer.js';
import { pyEq } from '../lib/py/compare.js';
import { pyNumberStr } from '../lib/py/str.js';
import type { Frame } from './frame.js';
import type { NodeFailureInfo } from './run-state.js';

type ForkResult = Extract<ControlResult, { kind: 'fork' }>;
type ForEachResult = Extract<ControlResult, { kind: 'parallelForEach' }>;

function seed(frame: Frame, nd: CompiledNode, port: string): RingBuffer {
  const q = new RingBuffer();
  for (const t of portTargets(frame.run.plan.edges, nd.index, port)) q.push(t);
  return q;
}

function plainVars(vars: Map<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of vars) out[k] = v;
  return out;
}

export async function runFork(frame: Frame, nd: CompiledNode, r: ForkResult, queue: RingBuffer, propagate: boolean): Promise<NodeFailureInfo | null> {
  const FrameCtor = frame.constructor as new (...a: ConstructorParameters<typeof Frame>) => Frame;
  const plan = frame.run.plan;
  const join = plan.forkJoin[nd.index]!;
  const order: string[] = [];
  const branches = r.ports.map((port) => new FrameCtor(frame.run, 'branch', new Map(frame.vars), frame));
  const outcomes = await Promise.all(r.ports.map(async (port, b) => {
    const f = await branches[b]!.drain(seed(frame, nd, port), join, true);
    order.push(port);
    if (f !== null && r.failFast) for (const other of branches) other.stopFlag = true;
    return f;
  }));
  const results: Record<string, unknown> = {};
  let first: NodeFailureInfo | null = null;
  for (let b = 0; b < r.ports.length; b++) {
    const entry = plainVars(branches[b]!.vars);
    const f = outcomes[b];
    if (f) {
      entry['_error'] = f.message;
      if (first === null || order.indexOf(r.ports[b]!) < order.indexOf(first === null ? '' : portOf(first))) first = f;
    }
    results[r.ports[b]!] = entry;
  }
  frame.vars.set(`${nd.id}_branch_results`, results);
  frame.vars.set(`_${nd.id}_branch_order`, order);
  if (first !== null) {
    if (first.node < 0) return first;
    const f = frame.onFailure(first, propagate);
    if (f !== null) return f;
  }
  if (join >= 0) queue.pushFront(join);
  return null;

  function portOf(f: NodeFailureInfo): string {
    const b = outcomes.indexOf(f);
    return b >= 0 ? r.ports[b]! : '';
  }
}

export async function runParallelForEach(frame: Frame, nd: CompiledNode, r: ForEachResult, queue: RingBuffer, propagate: boolean): Promise<NodeFailureInfo | null> {
  const FrameCtor = frame.constructor as new (...a: ConstructorParameters<typeof Frame>) => Frame;
  const run = frame.run;
  const results: unknown[] = new Array(r.items.length);
  let first: NodeFailureInfo | null = null;
  const batch = Math.max(1, r.batchSize);
  for (let start = 0; start < r.items.length; start += batch) {
    if (start > 0 && !nd.hidden) run.trace.push(nd.index); // re-entered after each batch (§9.2)
    const end = Math.min(r.items.length, start + batch);
    const jobs: Promise<void>[] = [];
    const children: Frame[] = [];
    for (let k = start; k < end; k++) {
      const item = r.items[k];
      const vars = new Map(frame.vars);
      vars.set('item', item);
      vars.set('index', k);
      vars.set(nd.id, { current_item: item, current_index: k });
      const before = new Map(vars);
      const child = new FrameCtor(run, 'item', vars, frame);
      children.push(child);
      jobs.push((async () => {
        const f = await withTimeout(child, child.drain(seed(frame, nd, 'body'), -1, true), r.timeoutPerItemMs, k, nd.index);
        const changed: Record<string, unknown> = {};
        for (const [key, v] of vars) {
          if (key.startsWith('_')) continue;
          if (!before.has(key) || !pyEq(before.get(key), v)) changed[key] = v;
        }
        if (f !== null) {
          changed['_error'] = f.message;
          if (first === null) first = f;
          if (r.failFast) for (const c of children) c.stopFlag = true;
        }
        results[k] = changed;
      })());
    }
    await Promise.all(jobs);
    if (first !== null) break;
  }
  const ctx = frame.ctx(nd.index);
  ctx.out('results', results.filter((x) => x !== undefined));
  frame.storeOutputs(nd.index);
  if (first !== null) {
    const f = frame.onFailure(first, propagate);
    if (f !== null) return f;
  }
  for (const t of portTargets(run.plan.edges, nd.index, 'completed')) queue.push(t);
  return null;
}

async function withTimeout(child: Frame, p: Promise<NodeFailureInfo | null>, ms: number, index: number, node: number): Promise<NodeFailureInfo | null> {
  if (!(ms > 0)) return p;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<NodeFailureInfo>((resolve) => {
    timer = setTimeout(() => {
      child.stopFlag = true;
      resolve({ node, message: `Item ${index} timed out after ${pyNumberStr(ms / 1000)}s`, errorType: 'TimeoutError', code: 'CASARE_E_NODE_TIMEOUT' });
    }, ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}
