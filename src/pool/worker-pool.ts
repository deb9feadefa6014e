/**
 * WorkerPool: the engine's one Piscina pool for CPU kernels.
 *
 * States: idle (no threads; the Piscina is created on the first run(), so engines that never do CPU
 * work never pay the ~40 ms thread start-up) -> open -> closing (close() called: new runs are refused
 * with CASARE_E_ENGINE_CLOSED, running tasks finish) -> closed. close() is idempotent.
 *
 * Threads are long-lived (minThreads = maxThreads, idleTimeout large): respawning an isolate costs
 * tens of ms. A task that times out or is aborted makes Piscina terminate its thread (the only way to
 * stop runaway synchronous code such as a backtracking regex); a thread that dies (uncaught error,
 * heap limit from resourceLimits) fails only its own task. Piscina starts a replacement in both cases.
 *
 * Backpressure: at most `threads + maxQueue` tasks are in flight. The scheduler asks isSaturated()
 * and waits on whenAvailable() before dispatching more CPU nodes; a run() that still arrives while
 * saturated waits in a FIFO (bounded by the scheduler's own concurrency) instead of failing. Piscina's
 * internal queue is left unbounded because this gate already bounds it: Piscina's own maxQueue check
 * counts starting threads and would reject spuriously while a terminated thread is being replaced.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { lazyRequire } from '../lib/lazy-require.js';

const piscinaLib = lazyRequire<typeof import('piscina')>('piscina');
import { CasareError } from '../errors.js';
import { reviveWireError } from './protocol.js';
import type { KernelReply, KernelTask } from './protocol.js';

export interface WorkerPoolOptions {
  /** Worker threads. @default os.availableParallelism() */
  readonly threads?: number;
  /** Tasks that may wait beyond one per thread before the pool reports saturation. @default threads² */
  readonly maxQueue?: number;
  /** Idle time before a thread exits (ms). @default 3_600_000 */
  readonly idleTimeoutMs?: number;
  /** Old-generation heap cap per thread (MiB); a kernel past it kills only its thread. @default 1024 */
  readonly maxOldGenerationSizeMb?: number;
  /** Override the thread entry (tests); default: the compiled workers/kernel-worker.js next to this module. */
  readonly filename?: string;
}

export interface PoolRunOptions {
  /** Aborting terminates the task's thread; run() rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** ArrayBuffers of `input` to move instead of clone (the caller loses them). */
  readonly transfer?: readonly ArrayBuffer[];
  /** Time budget from the run() call (ms); past it the thread is terminated -> CASARE_E_NODE_TIMEOUT. */
  readonly timeoutMs?: number;
}

export interface PoolStats {
  readonly started: boolean;
  readonly threads: number;
  readonly tasks: number;
  readonly failed: number;
  readonly timeouts: number;
  readonly crashes: number;
  readonly inFlight: number;
  /** Piscina queue wait (ms). */
  readonly queueWaitP50Ms: number;
  readonly queueWaitP99Ms: number;
  readonly runTimeP50Ms: number;
  readonly runTimeP99Ms: number;
  /** Share of thread time spent running tasks since the pool started, 0..1. */
  readonly utilization: number;
}

interface WorkerEntry { readonly filename: string; readonly execArgv: string[] }

/**
 * Compiled build: dist/src/pool/worker-pool.js -> dist/workers/kernel-worker.js. Running from
 * sources (vitest, tsx): workers/kernel-worker.ts with tsx's loader in the thread, so tests never
 * run a stale dist/ (start-up per thread ~150 ms more; threads are long-lived).
 */
function resolveWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { filename: new URL('../../workers/kernel-worker.ts', here).href, execArgv: ['--import', tsx] };
  }
  return { filename: new URL('../../workers/kernel-worker.js', here).href, execArgv: [] };
}

export class WorkerPool {
  readonly threads: number;
  readonly maxQueue: number;
  readonly #idleTimeoutMs: number;
  readonly #maxOldMb: number;
  readonly #filename: string | undefined;
  #piscina: Piscina | null = null;
  #statsCache: PoolStats | null = null;
  #startedAt = 0;
  #statsKey = -1;
  #closing: Promise<void> | null = null;
  #inFlight = 0;
  /** FIFO of callers waiting for a slot; `active` is cleared when one gives up (abort), so a freed
   * slot is never handed to a waiter that is no longer there. */
  #waiters: { resolve: () => void; active: boolean }[] = [];
  #failed = 0;
  #timeouts = 0;
  #crashes = 0;
  readonly #onPoolError: (err: unknown) => void;

  constructor(options: WorkerPoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
    this.maxQueue = Math.max(0, Math.floor(options.maxQueue ?? this.threads * this.threads));
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 3_600_000;
    this.#maxOldMb = options.maxOldGenerationSizeMb ?? 1024;
    this.#filename = options.filename;
    // A thread that dies between tasks is replaced by Piscina; count it, never crash the process.
    this.#onPoolError = () => { this.#crashes++; };
  }

  /** True when a new task would have to wait: threads busy and the queue full. */
  isSaturated(): boolean {
    return this.#inFlight >= this.threads + this.maxQueue;
  }

  /** Resolves when a task can be dispatched without waiting (immediately if not saturated). */
  whenAvailable(): Promise<void> {
    if (!this.isSaturated()) return Promise.resolve();
    return new Promise((resolve) => { this.#waiters.push({ resolve, active: true }); });
  }

  #release(): void {
    this.#inFlight--;
    while (this.#waiters.length > 0) {
      const w = this.#waiters.shift()!;
      if (w.active) { w.active = false; w.resolve(); return; }
    }
  }

  #pool(): Piscina {
    if (this.#piscina !== null) return this.#piscina;
    this.#startedAt = performance.now();
    const entry = this.#filename !== undefined ? { filename: this.#filename, execArgv: [] } : resolveWorkerEntry();
    const p = new (piscinaLib().Piscina)({
      filename: entry.filename,
      name: 'runTask',
      execArgv: entry.execArgv,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: this.#idleTimeoutMs,
      concurrentTasksPerWorker: 1,
      resourceLimits: { maxOldGenerationSizeMb: this.#maxOldMb },
      recordTiming: true,
    });
    p.on('error', this.#onPoolError);
    this.#piscina = p;
    return p;
  }

  /**
   * Run kernel `kernel` on `input` in a pool thread. Kernel errors are rebuilt (PyError,
   * NodeFailure, CasareError); timeout -> CASARE_E_NODE_TIMEOUT; abort -> the signal's reason;
   * thread death -> CASARE_E_NODE_WORKER_CRASHED. Each failure affects only this task.
   */
  async run<T>(kernel: string, input: unknown, opts: PoolRunOptions = {}): Promise<T> {
    if (this.#closing !== null) throw new CasareError('CASARE_E_ENGINE_CLOSED', 'the worker pool is closed');
    const { signal, timeoutMs } = opts;
    signal?.throwIfAborted();
    const ctl = new AbortController();
    let timedOut = false;
    const timer = timeoutMs === undefined ? null : setTimeout(() => { timedOut = true; ctl.abort(); }, timeoutMs);
    const onAbort = (): void => { ctl.abort(); };
    signal?.addEventListener('abort', onAbort, { once: true });
    let gated = false;
    let reply: KernelReply;
    try {
      // One abort listener per task (not per wait), and a release wakes one waiter: the loop only
      // repeats if another caller took the slot first. (Before: every release woke every waiter and
      // each retry added a listener — 100 queued tasks hit MaxListenersExceeded.)
      if (this.isSaturated()) {
        const aborted = abortedPromise(ctl.signal);
        while (this.isSaturated() && !ctl.signal.aborted) {
          const w = { resolve: (): void => {}, active: true };
          const woken = new Promise<void>((resolve) => { w.resolve = resolve; });
          this.#waiters.push(w);
          await Promise.race([woken, aborted]);
          if (w.active) w.active = false; // aborted while queued: the entry is skipped by #release
        }
      }
      if (ctl.signal.aborted) throw new Error('aborted while waiting for a pool slot');
      this.#inFlight++;
      gated = true;
      const task: KernelTask = { kind: 'kernel', kernel, input };
      reply = (await this.#pool().run(task, {
        signal: ctl.signal,
        transferList: opts.transfer === undefined ? undefined : [...opts.transfer],
      })) as KernelReply;
    } catch (e) {
      this.#failed++;
      if (timedOut) {
        this.#timeouts++;
        throw new CasareError('CASARE_E_NODE_TIMEOUT', `kernel "${kernel}" exceeded its ${timeoutMs} ms time limit; its thread was terminated`);
      }
      if (signal?.aborted === true) throw signal.reason;
      // Any other rejection from Piscina means the thread died under this task (uncaught error,
      // heap limit, exit) or the pool was destroyed: kernel errors come back as replies instead.
      this.#crashes++;
      throw new CasareError('CASARE_E_NODE_WORKER_CRASHED', `worker thread running kernel "${kernel}" died: ${(e as Error).message}`, { cause: e });
    } finally {
      if (timer !== null) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (gated) this.#release();
    }
    if (reply.kind === 'ok') return reply.value as T;
    this.#failed++;
    throw reviveWireError(reply.error);
  }

  stats(): PoolStats {
    const p = this.#piscina;
    if (p === null) {
      return { started: false, threads: this.threads, tasks: 0, failed: 0, timeouts: 0, crashes: 0, inFlight: 0,
        queueWaitP50Ms: 0, queueWaitP99Ms: 0, runTimeP50Ms: 0, runTimeP99Ms: 0, utilization: 0 };
    }
    // Piscina rebuilds a histogram summary on every property read (~0.35 ms each, 5.6 ms for the
    // whole object measured): recompute only when a task finished since the last call, and read each
    // histogram once. The engine asks after every run, most of which run no CPU task.
    const key = p.completed + this.#failed * 1e9;
    if (this.#statsCache !== null && this.#statsKey === key && this.#statsCache.inFlight === this.#inFlight) return this.#statsCache;
    const wait = p.histogram.waitTime;
    const run = p.histogram.runTime;
    this.#statsKey = key;
    this.#statsCache = {
      started: true, threads: this.threads, tasks: p.completed, failed: this.#failed, timeouts: this.#timeouts,
      crashes: this.#crashes, inFlight: this.#inFlight,
      queueWaitP50Ms: wait.p50, queueWaitP99Ms: wait.p99,
      runTimeP50Ms: run.p50, runTimeP99Ms: run.p99,
      // Piscina's own `utilization` read 0 after seconds of work here: thread-busy time (mean run
      // time × tasks, queue wait excluded) over thread-time since the pool started.
      utilization: Math.min(1, (run.mean * p.completed) / (this.threads * Math.max(1, performance.now() - this.#startedAt))),
    };
    return this.#statsCache;
  }

  /** Refuse new runs, let running tasks finish, stop the threads. Idempotent. */
  close(): Promise<void> {
    if (this.#closing === null) {
      const p = this.#piscina;
      this.#closing = p === null ? Promise.resolve() : p.close().finally(() => { p.off('error', this.#onPoolError); });
    }
    return this.#closing;
  }

  /** Terminate the threads now; running tasks reject. */
  async destroy(): Promise<void> {
    const p = this.#piscina;
    if (this.#closing === null) this.#closing = Promise.resolve();
    if (p !== null) await p.destroy();
  }
}

function abortedPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => { signal.addEventListener('abort', () => { resolve(); }, { once: true }); });
}
