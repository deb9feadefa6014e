/**
 * D4 Fork/Join and ParallelForEach (workflow-format.md §14.4): branches and items run in their own
 * frames (copied variables and node states, own queue), concurrently; results come back as data.
 * runParallelStream: the same child frames over a pulled stream of batches (Casare extension).
 */
import { portTargets, type CompiledNode } from '../compile/plan.js';
import { ORDERED_SLOT_VAR, type ControlResult, type FailedBatch, type OrderedSlot } from '../nodes/types.js';
import { CommitSequencer } from '../lib/stream/commit-sequencer.js';
import { RingBuffer } from '../lib/ring-buffer.js';
import { pyEq } from '../lib/py/compare.js';
import { pyNumberStr } from '../lib/py/str.js';
import type { Frame } from './frame.js';
import type { NodeFailureInfo } from './run-state.js';
import { toFailureInfo } from './failures.js';

type ForkResult = Extract<ControlResult, { kind: 'fork' }>;
type ForEachResult = Extract<ControlResult, { kind: 'parallelForEach' }>;
type StreamResult = Extract<ControlResult, { kind: 'parallelStream' }>;

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
    branches[b]!.release();
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
        const drained = child.drain(seed(frame, nd, 'body'), -1, true);
        const f = await withTimeout(child, drained, r.timeoutPerItemMs, k, nd.index);
        const release = (): void => child.release();
        void drained.then(release, release); // a timed-out body was aborted; it ends on its own
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

async function withTimeout(child: Frame, p: Promise<NodeFailureInfo | null>, ms: number, index: number, node: number, what = 'Item'): Promise<NodeFailureInfo | null> {
  if (!(ms > 0)) return p;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<NodeFailureInfo>((resolve) => {
    timer = setTimeout(() => {
      const message = `${what} ${index} timed out after ${pyNumberStr(ms / 1000)}s`;
      child.abort(message);
      resolve({ node, message, errorType: 'TimeoutError', code: 'CASARE_E_NODE_TIMEOUT' });
    }, ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Failed batches kept for the start node's output (a stream may have millions of batches). */
const MAX_FAILED_BATCHES = 1000;

class StreamStopped extends Error {
  readonly errorType = 'RunStopped';
  readonly code = 'CASARE_E_NODE_FAILED';
}

/**
 * A parallel for-each over a pulled stream of batches. Each batch runs the `body` port in its own
 * child frame (as a ParallelForEach item; the start node is the boundary, so a ForLoopEndNode
 * closing the body ends it); at most `concurrency` bodies run at once and the next batch is pulled
 * only when a slot is free, so a slow body or sink slows the reader. Ordered sinks await the
 * batch's OrderedSlot: they see batches in input order, and the committed prefix (batches that all
 * succeeded, in order) is where a resumed run starts. Fail fast: the first failure stops reading
 * and stops the batches after it; batches before it finish so the prefix stays contiguous. Without
 * fail fast, failed batches are recorded and passed over. A read error lets the batches already
 * read finish, then fails the node. `completed` is followed only when everything succeeded: a
 * partial stream must never reach a commit node.
 */
export async function runParallelStream(frame: Frame, nd: CompiledNode, r: StreamResult, queue: RingBuffer, propagate: boolean): Promise<NodeFailureInfo | null> {
  const FrameCtor = frame.constructor as new (...a: ConstructorParameters<typeof Frame>) => Frame;
  const run = frame.run;
  const limit = Math.max(1, Math.floor(r.concurrency));
  const rowsOf = new Map<number, number>();
  let committedRows = 0;
  const seqr = new CommitSequencer(r.failFast, (s) => { committedRows += rowsOf.get(s) ?? 0; rowsOf.delete(s); },
    (f) => new StreamStopped(`batch ${f} failed (fail_fast): later batches stopped`));
  const inflight = new Map<number, Frame>();
  const stoppedByFailure = new Set<number>();
  const failed: FailedBatch[] = [];
  let first: { seq: number; info: NodeFailureInfo } | null = null;
  let readFailure: NodeFailureInfo | null = null;
  let wake: (() => void) | null = null;
  let started = 0;
  let maxInFlight = 0;
  const body = (): RingBuffer => seed(frame, nd, 'body');

  const start = (outputs: Readonly<Record<string, unknown>>, rows: number, rowOffset: number, seq: number): void => {
    const vars = new Map(frame.vars);
    const slot: OrderedSlot = { seq, turn: () => seqr.turn(seq) };
    vars.set(ORDERED_SLOT_VAR, slot);
    const child = new FrameCtor(run, 'item', vars, frame);
    const c = child.ctx(nd.index);
    for (const k of Object.keys(outputs)) c.out(k, outputs[k]);
    child.storeOutputs(nd.index);
    rowsOf.set(seq, rows);
    inflight.set(seq, child);
    if (inflight.size > maxInFlight) maxInFlight = inflight.size;
    void (async () => {
      const drained = child.drain(body(), nd.index, true);
      let f = await withTimeout(child, drained, r.timeoutPerBatchMs, seq, nd.index, 'Batch');
      const late = await drained; // a timed-out body (aborted) still ends before its batch does (ordered sinks)
      child.release();
      f ??= late;
      inflight.delete(seq);
      const stopped = stoppedByFailure.has(seq);
      if (f !== null && !stopped) {
        if (failed.length < MAX_FAILED_BATCHES) failed.push({ batch_index: seq, row_offset: rowOffset, rows, error: f.message, code: String(f.code) });
        if (first === null || seq < first.seq) first = { seq, info: f };
        if (r.failFast) {
          for (const [s, other] of inflight) if (s > seq) { other.stopFlag = true; stoppedByFailure.add(s); }
        }
      }
      seqr.end(seq, f === null && !stopped && !child.stopFlag);
      const w = wake;
      wake = null;
      w?.();
    })();
  };

  const slotFree = (): Promise<void> => new Promise<void>((resolve) => { wake = resolve; });
  try {
    for (;;) {
      if (run.stopReason !== null || frame.stopFlag || (r.failFast && first !== null)) break;
      if (inflight.size >= limit) { await slotFree(); continue; }
      let b;
      try {
        b = await r.stream.next();
      } catch (e) {
        readFailure = toFailureInfo(nd.index, e);
        break;
      }
      if (b === null) break;
      if (started > 0 && !nd.hidden) run.trace.push(nd.index); // re-entered per batch, as the sequential loop
      start(b.outputs, b.rows, b.rowOffset, started++);
    }
    // Stopped from outside (a fail-fast sibling of an enclosing Fork / ParallelForEach): stop the bodies too.
    if (frame.stopFlag) for (const c of inflight.values()) c.stopFlag = true;
    while (inflight.size > 0) await slotFree();
  } finally {
    const ok = first === null && readFailure === null && run.stopReason === null && !frame.stopFlag;
    failed.sort((a, b) => a.batch_index - b.batch_index);
    await r.stream.finish({ ok, batchesStarted: started, committedBatches: seqr.committed, committedRows, failedBatches: failed, maxInFlight });
    frame.storeOutputs(nd.index);
  }
  const f = (first as { info: NodeFailureInfo } | null)?.info ?? readFailure;
  if (f !== null) {
    if (f.node < 0) return f;
    return frame.onFailure(f, propagate);
  }
  if (run.stopReason !== null) return { node: -1, message: run.stopReason.message, errorType: 'RunStopped', code: run.stopReason.code };
  if (frame.stopFlag) return null;
  for (const t of portTargets(run.plan.edges, nd.index, 'completed')) queue.push(t);
  return null;
}
