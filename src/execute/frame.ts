/**
 * A Frame is one variable map + one set of node states + an executed (skip) set: the main run, a
 * Fork branch or a ParallelForEach item. drain() runs a ready queue over a frame with CasareRPA's
 * queue semantics (workflow-format.md §9.2 as amended by §14).
 *
 * Scheduling: the queue is FIFO with push-front for loop-backs and jumps. Synchronous nodes run
 * back to back with no await between them; the loop yields to the event loop on a time budget
 * (YIELD_MS), not per node. When a node returns a promise (I/O), the loop keeps dequeuing *independent*
 * nodes (no data edge from an in-flight node, no read/write hazard on variables, no control-flow
 * node) up to the concurrency limit, and commits results (store outputs, route successors) strictly
 * in dequeue order — a reorder buffer — so the trace and every queue operation are the same as the
 * sequential engine's whenever every node succeeds.
 */
import { performance } from 'node:perf_hooks';
import type { CompiledNode } from '../compile/plan.js';
import type { ControlResult, NodeReturn, Variables, LogLevel, NodeServices } from '../nodes/types.js';
import { RingBuffer } from '../lib/ring-buffer.js';
import { pairedIndex, type PairKind } from '../compile/pairing.js';
import { canOverlap, isSimple } from './hazards.js';
import { ExecNodeContext, type ContextHost } from './node-context.js';
import type { NodeFailureInfo, RunState } from './run-state.js';
import { toFailureInfo, timeoutFailure, requiredInputFailure } from './failures.js';
import { applyControl } from './control.js';
import { Failed, failOrRetry, type Activation } from './retry.js';
import { snapshotFrame } from './snapshot.js';
import { storeOutputMirror } from './output-mirror.js';

export { Failed, type Activation };

const YIELD_MS = 4;

interface Pending {
  readonly node: number;
  done: boolean;
  value: Activation;
  promise: Promise<void> | null;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Frame implements ContextHost {
  readonly run: RunState;
  readonly vars: Map<string, unknown>;
  readonly variables: Variables;
  readonly executed: Uint8Array;
  readonly ctxs: (ExecNodeContext | undefined)[];
  readonly kind: 'main' | 'branch' | 'item';
  /** Set by a fail-fast sibling: stop before the next node. */
  stopFlag = false;
  /** Set by abort() (an item / batch timeout): in-flight activations, here and in child frames, are aborted with it. */
  #abortReason: string | null = null;
  /** The pending lists of the drains running in this frame (Try bodies drain re-entrantly). */
  readonly #inFlight: Pending[][] = [];
  /** Child frames (branches, items, batches) until they release() themselves. */
  #kids: Set<Frame> | null = null;
  #aborter: AbortController | null = null;
  #signal: AbortSignal | null = null;
  readonly #parent: Frame | null;
  #stamp: Int32Array;
  #stampGen = 0;

  constructor(run: RunState, kind: Frame['kind'], vars: Map<string, unknown>, parent?: Frame) {
    this.run = run;
    this.kind = kind;
    this.vars = vars;
    const n = run.plan.nodes.length;
    this.executed = parent ? parent.executed.slice() : new Uint8Array(n);
    this.ctxs = new Array(n).fill(undefined);
    this.#parent = parent ?? null;
    if (parent) {
      (parent.#kids ??= new Set()).add(this);
      // A branch/item starts with copies of the node states taken at the fork point.
      for (let i = 0; i < n; i++) {
        const c = parent.ctxs[i];
        if (c) this.ctxs[i] = new ExecNodeContext(c.node, this, new Map(c.inputs), new Map(c.outputs));
      }
    }
    this.#stamp = new Int32Array(n);
    const m = vars;
    this.variables = {
      get: (k) => m.get(k),
      has: (k) => m.has(k),
      set: (k, v) => { m.set(k, v); },
      delete: (k) => m.delete(k),
      map: m,
    };
  }

  get cwd(): string { return this.run.cwd; }
  get services(): NodeServices { return this.run.services; }
  /** The run's signal; in a child frame also fired by abort() (made on first use: sync nodes never ask). */
  get runSignal(): AbortSignal {
    if (this.#parent === null) return this.run.signal;
    if (this.#aborter === null) {
      this.#aborter = new AbortController();
      if (this.#abortReason !== null) this.#aborter.abort(this.#abortReason);
      this.#signal = AbortSignal.any([this.run.signal, this.#aborter.signal]);
    }
    return this.#signal!;
  }

  log(node: CompiledNode, level: LogLevel, message: string): void {
    this.run.log(node.id, level, message);
  }

  pairedNodeId(node: CompiledNode, kind: PairKind): string | null {
    const j = pairedIndex(this.run.plan, node, kind);
    return j >= 0 ? this.run.plan.nodes[j]!.id : null;
  }

  ctx(i: number): ExecNodeContext {
    let c = this.ctxs[i];
    if (c === undefined) this.ctxs[i] = c = new ExecNodeContext(this.run.plan.nodes[i]!, this);
    return c;
  }

  /**
   * Run the queue until it is empty. Returns the failure that stopped it, or null.
   * `boundary` is a node never entered (a Join inside a Fork branch); `propagate` makes failures
   * return to the caller (Try bodies, branches, items) instead of following continue-on-error.
   */
  async drain(queue: RingBuffer, boundary: number, propagate: boolean): Promise<NodeFailureInfo | null> {
    const pending: Pending[] = [];
    this.#inFlight.push(pending);
    try {
      return await this.#drain(queue, boundary, propagate, pending);
    } finally {
      this.#inFlight.splice(this.#inFlight.lastIndexOf(pending), 1);
    }
  }

  /**
   * Stop this frame from outside (an item or batch timeout): no further node starts, and every
   * activation in flight here or in a child frame is aborted (its ctx.signal fires), so a hung
   * request ends now instead of holding the body (and an ordered sink behind it) open.
   */
  abort(reason: string): void {
    this.stopFlag = true;
    this.#abortReason = reason;
    this.#aborter?.abort(reason);
    for (const list of this.#inFlight) for (const p of list) if (!p.done) this.ctx(p.node).abortActivation(reason);
    if (this.#kids !== null) for (const k of this.#kids) k.abort(reason);
  }

  /** A finished child frame: the parent forgets it (abort() no longer reaches it). */
  release(): void {
    const p = this.#parent;
    if (p !== null && p.#kids !== null) p.#kids.delete(this);
  }

  async #drain(queue: RingBuffer, boundary: number, propagate: boolean, pending: Pending[]): Promise<NodeFailureInfo | null> {
    const run = this.run;
    const nodes = run.plan.nodes;
    let sliceStart = performance.now();
    let sinceCheck = 0;
    for (;;) {
      while (queue.length > 0) {
        if (run.stopReason !== null || this.stopFlag) return this.#stop(pending);
        const i = queue.peek()!;
        if (pending.length > 0 && !canOverlap(run.plan, run.concurrency, i, pending)) break;
        queue.shift();
        const nd = nodes[i]!;
        if (i === boundary || (this.executed[i] === 1 && !nd.alwaysRerun)) continue;
        const r = this.activate(i, 0);
        if (isThenable(r)) {
          const entry: Pending = { node: i, done: false, value: undefined, promise: null };
          entry.promise = (r as Promise<Activation>).then((v) => { entry.done = true; entry.value = v; });
          pending.push(entry);
          if (pending.length > run.maxInFlight) run.maxInFlight = pending.length;
        } else if (pending.length === 0) {
          let f = this.commit(i, r as Activation, queue, propagate);
          if (f !== null && isThenable(f)) f = await f;
          if (f !== null) return f;
          if (run.onCheckpoint !== null && this.kind === 'main') run.onCheckpoint(snapshotFrame(this, i, queue));
          if (++sinceCheck >= 32) {
            sinceCheck = 0;
            if (performance.now() - sliceStart > YIELD_MS) { await yieldToLoop(); sliceStart = performance.now(); }
          }
          continue;
        } else {
          pending.push({ node: i, done: true, value: r as Activation, promise: null });
          // A failure waiting for its turn to commit will stop the run: start nothing more meanwhile.
          if (r instanceof Failed) break;
        }
        if (!isSimple(nd)) break;
      }
      if (pending.length === 0) {
        if (queue.length === 0) return null;
        continue;
      }
      const head = pending[0]!;
      if (!head.done) await head.promise;
      sliceStart = performance.now();
      while (pending.length > 0 && pending[0]!.done) {
        const e = pending.shift()!;
        let f = this.commit(e.node, e.value, queue, propagate);
        if (f !== null && isThenable(f)) f = await f;
        if (f !== null) {
          await this.#settle(pending);
          return f;
        }
        if (run.onCheckpoint !== null && this.kind === 'main' && pending.length === 0) run.onCheckpoint(snapshotFrame(this, e.node, queue));
      }
    }
  }

  /** Stop requested (cancel, global timeout, fail-fast sibling): let in-flight nodes settle, keep their outputs. */
  async #stop(pending: Pending[]): Promise<NodeFailureInfo | null> {
    await this.#settle(pending);
    const r = this.run.stopReason;
    if (r === null) return null; // fail-fast sibling: the branch just ends
    return { node: -1, message: r.message, errorType: 'RunStopped', code: r.code };
  }

  async #settle(pending: Pending[]): Promise<void> {
    for (const p of pending) {
      if (!p.done) {
        const reason = this.run.stopReason?.message ?? this.#abortReason;
        if (reason !== null) this.ctx(p.node).abortActivation(reason);
        await p.promise;
      }
      if (!(p.value instanceof Failed)) this.storeOutputs(p.node);
    }
    pending.length = 0;
  }

  /** Execute node i once (plus D6 retries). Returns the node's return value, a Failed, or a promise of either. */
  activate(i: number, attempt: number): Activation | Promise<Activation> {
    const run = this.run;
    const nd = run.plan.nodes[i]!;
    const ctx = this.ctx(i);
    if (nd.disabled) {
      this.#transferInputs(nd, ctx);
      ctx.passThrough();
      return undefined;
    }
    if (!nd.hidden) run.trace.push(i);
    run.activations++;
    run.nodeRuns[i]!++;
    if (run.onEvent !== null && !nd.hidden) run.onEvent({ type: 'node-start', nodeId: nd.id, nodeType: nd.type, t: performance.now() - run.t0 });
    this.#transferInputs(nd, ctx);
    // Ports only: required ports that config satisfies were dropped from the list at compile time.
    for (let k = 0; k < nd.required.length; k++) {
      const name = nd.required[k]!;
      const p = ctx.inputs.get(name);
      if (p === undefined || p === null) return failOrRetry(this, i, attempt, requiredInputFailure(i, name));
    }
    // Synchronous activations are timed one in eight (the 1st, 9th, ...) unless events are on: the
    // clock read was 11 % of a cheap node's cost. Per-node totals are scaled from the sample.
    const timed = run.onEvent !== null || (run.nodeRuns[i]! & 7) === 1;
    const t0 = timed ? performance.now() : 0;
    let r: NodeReturn | Promise<NodeReturn>;
    try {
      r = nd.spec.run(ctx);
    } catch (e) {
      if (timed) run.timeNode(i, performance.now() - t0);
      return failOrRetry(this, i, attempt, toFailureInfo(i, e));
    }
    if (isThenable(r)) return this.#awaitNode(i, attempt, ctx, r as Promise<NodeReturn>, timed ? t0 : performance.now());
    if (timed) {
      const t1 = performance.now();
      run.timeNode(i, t1 - t0);
      if (run.onEvent !== null && !nd.hidden) run.onEvent({ type: 'node-end', nodeId: nd.id, nodeType: nd.type, t: t1 - run.t0, ms: t1 - t0, async: false });
    }
    return r as NodeReturn;
  }

  async #awaitNode(i: number, attempt: number, ctx: ExecNodeContext, p: Promise<NodeReturn>, t0: number): Promise<Activation> {
    const run = this.run;
    run.asyncActivations++;
    const timeoutMs = run.nodeTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      if (timeoutMs > 0) {
        const expired = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(timeoutFailure(i, ctx.nodeId, timeoutMs)), timeoutMs);
        });
        return await Promise.race([p, expired]);
      }
      return await p;
    } catch (e) {
      const info = toFailureInfo(i, e);
      if (info.code === 'CASARE_E_NODE_TIMEOUT') ctx.abortActivation(info.message);
      p.catch(() => undefined); // a timed-out node may still reject later
      const r = failOrRetry(this, i, attempt, info);
      return isThenable(r) ? await r : r;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      const t1 = performance.now();
      run.timeNode(i, t1 - t0);
      if (run.onEvent !== null) {
        const nd = run.plan.nodes[i]!;
        run.onEvent({ type: 'node-end', nodeId: nd.id, nodeType: nd.type, t: t1 - run.t0, ms: t1 - t0, async: true });
      }
    }
  }

  /** §9.5: copy each data in-edge's current source value (if not null) into the target port. */
  #transferInputs(nd: CompiledNode, ctx: ExecNodeContext): void {
    const e = this.run.plan.edges;
    const end = e.inStart[nd.index + 1]!;
    for (let k = e.inStart[nd.index]!; k < end; k++) {
      const s = this.ctxs[e.inSrc[k]!];
      if (s === undefined) continue;
      const v = s.outputs.get(e.inSrcPort[k]!);
      if (v !== undefined && v !== null) ctx.inputs.set(e.inDstPort[k]!, v);
    }
  }

  /** §9.5: after a success, mirror non-null data outputs into the variable `<node id>`. */
  storeOutputs(i: number): void {
    storeOutputMirror(this, i);
  }

  /** Apply a finished activation: outputs, executed set, routing. May await for Try/Fork/ParallelForEach. */
  commit(i: number, r: Activation, queue: RingBuffer, propagate: boolean): NodeFailureInfo | null | Promise<NodeFailureInfo | null> {
    const run = this.run;
    const nd = run.plan.nodes[i]!;
    if (r instanceof Failed) return this.onFailure(r.info, propagate);
    if (nd.disabled) {
      this.storeOutputs(i);
      this.#pushRange(queue, this.run.plan.edges.dTarget, this.run.plan.edges.dStart, nd.index);
      return null;
    }
    this.executed[i] = 1;
    this.storeOutputs(i);
    if (r === undefined || r === null) {
      const routing = nd.spec.routing ?? 'X';
      if (routing === 'X') this.#pushRange(queue, this.run.plan.edges.xTarget, this.run.plan.edges.xStart, nd.index);
      else if (routing === 'D') this.#pushRange(queue, this.run.plan.edges.dTarget, this.run.plan.edges.dStart, nd.index);
      return null;
    }
    if (Array.isArray(r)) {
      this.routePorts(nd, r as readonly string[], queue);
      return null;
    }
    return applyControl(this, nd, r as ControlResult, queue, propagate);
  }

  onFailure(info: NodeFailureInfo, propagate: boolean): NodeFailureInfo | null {
    const run = this.run;
    // A node interrupted by cancel / global timeout: the run's reason wins over the node's abort error.
    if (run.stopReason !== null) return { node: -1, message: run.stopReason.message, errorType: 'RunStopped', code: run.stopReason.code };
    if (run.onEvent !== null && info.node >= 0) {
      const nd = run.plan.nodes[info.node]!;
      run.onEvent({ type: 'node-error', nodeId: nd.id, nodeType: nd.type, t: performance.now() - run.t0, code: String(info.code), message: info.message });
    }
    if (!propagate && run.continueOnError && info.node >= 0) {
      run.failures.push(info);
      return null; // successors of the failed node are not scheduled (§12.3)
    }
    return info;
  }

  /** Queue the targets of the named out ports (each target once per call). */
  routePorts(nd: CompiledNode, ports: readonly string[], queue: RingBuffer): void {
    if (ports.length === 0) {
      // D1: [] from a node with an exec_out port (EndNode excepted) follows exec_out.
      if (nd.hasExecOut && nd.type !== 'EndNode') this.#pushRange(queue, this.run.plan.edges.xTarget, this.run.plan.edges.xStart, nd.index);
      return;
    }
    const gen = ++this.#stampGen;
    const e = this.run.plan.edges;
    const end = e.outStart[nd.index + 1]!;
    for (const p of ports) {
      for (let k = e.outStart[nd.index]!; k < end; k++) {
        if (e.outPort[k] !== p) continue;
        const t = e.outTarget[k]!;
        if (this.#stamp[t] === gen) continue;
        this.#stamp[t] = gen;
        queue.push(t);
      }
    }
  }

  /** Queue node i's exec_out targets (routing X). */
  routeExecOut(i: number, queue: RingBuffer): void {
    this.#pushRange(queue, this.run.plan.edges.xTarget, this.run.plan.edges.xStart, i);
  }

  #pushRange(queue: RingBuffer, targets: Int32Array, start: Int32Array, i: number): void {
    const end = start[i + 1]!;
    for (let k = start[i]!; k < end; k++) queue.push(targets[k]!);
  }
}
