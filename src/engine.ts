/**
 * Engine: load -> compile -> execute; owns the plan cache, the run limit and (as they land) the
 * worker pool and resource pools. States: open -> closing -> closed; run() after close() fails with
 * CASARE_E_ENGINE_CLOSED; close() is idempotent.
 */
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { relative, resolve as resolvePath } from 'node:path';
import { CasareError, isCasareError } from './errors.js';
import { resolveConfig, type CasareOptions, type ResolvedConfig } from './config.js';
import { readWorkflowBytes, type WorkflowInput, type WorkflowText } from './load/open-source.js';
import { parseJson } from './load/parse-json.js';
import { buildDocument } from './load/load-workflow.js';
import { ContentCache, type ContentCacheStats } from './load/content-cache.js';
import { contentKey } from './load/content-key.js';
import { compilePlan } from './compile/compile-plan.js';
import type { Plan } from './compile/plan.js';
import { executePlan } from './execute/run.js';
import type { RunResult } from './execute/result.js';
import type { RunEventSink, RunSnapshot } from './execute/run-state.js';
import type { NodeServices } from './nodes/types.js';
import { LoopMonitor } from './observe/event-loop.js';
import { loadFailureResult } from './execute/load-failure.js';
import { createIoServices, resolveIoOptions, type IoServices } from './resources/services.js';
import { RunScope } from './resources/run-scope.js';
import { WorkerPool } from './pool/worker-pool.js';
import { emitRunEnd, emitRunStart, hasRunSubscribers } from './observe/run-events.js';
import { channelSink } from './observe/channel-bridge.js';
import type { BatchProgressEvent } from './nodes/batch/progress.js';
import type { SubflowDefinition, SubflowLoader, SubflowPort } from './execute/subflow.js';

/** A loaded, validated and compiled workflow plus how it was obtained. */
export interface LoadedWorkflow {
  readonly plan: Plan;
  readonly cacheHit: boolean;
  readonly loadMs: number;
  readonly validateMs: number;
}

export interface RunOptions {
  /** Caller variables; they win over the file's `variables` (D6). */
  variables?: Readonly<Record<string, unknown>>;
  signal?: AbortSignal;
  onEvent?: RunEventSink;
  /** Working directory for this run's relative paths. @default the engine's cwd */
  cwd?: string;
  /** Overrides the engine's per-run concurrency. */
  concurrency?: number;
  /** Called with plain-data run state after every committed node (durable checkpoints slot in here). */
  onCheckpoint?: (snapshot: RunSnapshot) => void;
  /** Progress events of streaming nodes (batch readers); see src/nodes/batch/progress.ts. */
  onProgress?: (event: BatchProgressEvent) => void;
  /** Overrides the engine's `retainOutputs` for this run. */
  retain?: 'all' | 'needed';
}

interface StatMemo { mtimeMs: number; size: number; ino: number; hash: string }

export class Engine {
  readonly config: ResolvedConfig;
  readonly #cache: ContentCache<Plan>;
  readonly #statMemo = new Map<string, StatMemo>();
  #closed = false;
  #io: IoServices | null = null;
  /** CPU pool: the object is cheap; Piscina threads start on the first task that needs them. */
  readonly #pool: WorkerPool;
  #activeRuns = 0;
  #runSeq = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: CasareOptions = {}) {
    this.config = resolveConfig(options);
    this.#pool = new WorkerPool({ threads: this.config.pool.threads, maxQueue: this.config.pool.maxQueue });
    this.#cache = new ContentCache<Plan>({ maxEntries: this.config.cache.maxEntries, maxBytes: this.config.cache.maxBytes });
  }

  get cacheStats(): ContentCacheStats {
    return this.#cache.stats;
  }

  /** Load, validate and compile (or take the cached plan for identical content). Throws CasareError. */
  async load(input: WorkflowInput, file?: string): Promise<LoadedWorkflow> {
    this.#assertOpen();
    const t0 = performance.now();
    const path = typeof input === 'string' ? resolvePath(this.config.cwd, input) : null;
    if (path !== null) {
      // A path whose size, mtime and inode are unchanged is not read again: a hit costs one stat().
      const memo = this.#statMemo.get(path);
      if (memo !== undefined) {
        const st = await stat(path).catch(() => null);
        if (st !== null && st.mtimeMs === memo.mtimeMs && st.size === memo.size && st.ino === memo.ino) {
          const plan = this.#cache.get(memo.hash);
          if (plan !== undefined) return { plan, cacheHit: true, loadMs: performance.now() - t0, validateMs: 0 };
        }
      }
    }
    const fileName = file ?? (typeof input === 'string' ? input : undefined);
    // Bytes in memory are keyed and looked up before any decoding: a hit costs the key and one
    // compare of the bytes (no decompression, no text).
    let key: string | undefined;
    if (input instanceof Uint8Array) {
      key = contentKey(input);
      const hit = this.#cache.get(key, input);
      if (hit !== undefined) return { plan: hit, cacheHit: true, loadMs: performance.now() - t0, validateMs: 0 };
    }
    const pending = readWorkflowBytes(path ?? input, {
      maxBytes: this.config.load.maxBytes, ...(fileName !== undefined && { file: fileName }), ...(key !== undefined && { hash: key }),
    });
    const read: WorkflowText = pending instanceof Promise ? await pending : pending;
    if (path !== null) {
      const st = await stat(path).catch(() => null);
      if (st !== null) this.#statMemo.set(path, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, hash: read.hash });
    }
    // The key is a fast hash (content-key.ts): the cache confirms a hit by the stored bytes.
    const cached = key === undefined ? this.#cache.get(read.hash, read.stored) : undefined;
    if (cached !== undefined) return { plan: cached, cacheHit: true, loadMs: performance.now() - t0, validateMs: 0 };
    const t1 = performance.now();
    const parsed = parseJson(read.text, fileName);
    const t2 = performance.now();
    const doc = buildDocument(parsed, read, this.config.load, fileName);
    const t3 = performance.now();
    doc.timings = { readMs: t1 - t0, parseMs: t2 - t1, validateMs: t3 - t2 };
    const plan = compilePlan(doc);
    if (this.#cache.wouldKeep(read.text.length)) {
      // JSON given as bytes is the caller's array, which it may reuse: the cache keeps a copy
      // (Buffer.from copies; a Buffer's slice() would be a view).
      this.#cache.set(read.hash, plan, read.text.length, read.stored === input ? Buffer.from(read.stored) : read.stored);
    }
    return { plan, cacheHit: false, loadMs: t2 - t0, validateMs: t3 - t2 };
  }

  /**
   * Run a workflow (a path, bytes, a stream, or a plan from load()). Never throws for workflow
   * problems: load failures come back as a result with `error.phase === 'load'`.
   */
  async run(workflow: WorkflowInput | Plan | LoadedWorkflow, options: RunOptions = {}): Promise<RunResult> {
    this.#assertOpen();
    let loaded: LoadedWorkflow;
    if (isPlan(workflow)) loaded = { plan: workflow, cacheHit: true, loadMs: 0, validateMs: 0 };
    else if (isLoaded(workflow)) loaded = workflow;
    else {
      try {
        loaded = await this.load(workflow);
      } catch (e) {
        if (isCasareError(e)) return loadFailureResult(e);
        throw e;
      }
    }
    await this.#acquireRunSlot();
    const monitor = this.config.monitorEventLoop ? new LoopMonitor() : null;
    // Global subscribers of `casare:run` get this run's events too (decided once, at run start).
    const runId = hasRunSubscribers() ? `run-${++this.#runSeq}` : null;
    const onEvent = runId !== null ? channelSink(runId, options.onEvent) : options.onEvent;
    if (runId !== null) emitRunStart(runId, loaded.plan.doc.metadata.name, loaded.plan.nodes.length);
    try {
      if (monitor !== null) await monitor.start();
      const scope = new RunScope();
      const services: NodeServices = { fileRoot: this.config.fileRoot, env: process.env, io: this.io, scope, pool: this.config.pool.enabled ? this.#pool : null,
        loadSubflow: this.#loadSubflow,
        ...(options.onProgress !== undefined && { progress: options.onProgress }) };
      const result = await executePlan(loaded.plan, {
        services,
        cwd: options.cwd ?? this.config.cwd,
        concurrency: options.concurrency ?? this.config.concurrency,
        retainLogs: this.config.retainLogs,
        retainOutputs: options.retain ?? this.config.retainOutputs,
        traceLimit: this.config.traceLimit,
        ...(this.config.continueOnError !== undefined && { continueOnError: this.config.continueOnError }),
        ...(options.variables !== undefined && { variables: options.variables }),
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(onEvent !== undefined && { onEvent }),
        ...(options.onCheckpoint !== undefined && { onCheckpoint: options.onCheckpoint }),
      }).finally(() => scope.close().catch(() => undefined));
      result.stats.loadMs = loaded.loadMs;
      result.stats.validateMs = loaded.validateMs;
      result.stats.cacheHit = loaded.cacheHit;
      if (loaded.cacheHit) result.stats.compileMs = 0;
      if (runId !== null) {
        const status = result.status === 'success' ? 'success' : result.status === 'cancelled' ? 'cancelled'
          : result.error?.code === 'CASARE_E_RUN_TIMEOUT' ? 'timeout' : 'failed';
        emitRunEnd(runId, status, result.stats.runMs, result.error?.code, result.error?.message);
      }
      if (this.#io !== null) result.stats['resources'] = this.#io.stats();
      result.stats['pool'] = this.#pool.stats();
      if (monitor !== null) {
        const s = monitor.stop();
        result.stats.eventLoop = { p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, meanMs: s.meanMs, utilization: s.utilization };
      }
      return result;
    } finally {
      if (monitor !== null && monitor.running) monitor.stop();
      this.#releaseRunSlot();
    }
  }

  /** Release every pool and resource. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const io = this.#io;
    this.#io = null;
    await Promise.allSettled([io?.close(), this.#pool.close()]);
    this.#cache.clear();
    this.#statMemo.clear();
  }

  /** SubflowNode files: loaded like any workflow (plan cache included) plus their declared ports. */
  readonly #subflowPorts = new WeakMap<Plan, Pick<SubflowDefinition, 'inputs' | 'outputs'>>();
  readonly #loadSubflow: SubflowLoader = async (path, cwd) => {
    const abs = resolvePath(cwd, path);
    const root = this.config.fileRoot;
    if (root !== null && relative(resolvePath(root), abs).startsWith('..')) {
      throw new CasareError('CASARE_E_FILE_OUTSIDE_ROOT', `Subflow path ${path} is outside the file root ${root}`);
    }
    const { plan } = await this.load(abs);
    let ports = this.#subflowPorts.get(plan);
    if (ports === undefined) {
      // The loader keeps only what runs; the subflow interface is read from the same file once per plan.
      const raw = JSON.parse((await readWorkflowBytes(abs, { maxBytes: this.config.load.maxBytes, file: path })).text) as Record<string, unknown>;
      const list = (v: unknown): SubflowPort[] => (Array.isArray(v) ? v.filter((p): p is SubflowPort => typeof p?.name === 'string') : []);
      ports = { inputs: list(raw['inputs']), outputs: list(raw['outputs']) };
      this.#subflowPorts.set(plan, ports);
    }
    return { plan, ...ports };
  };

  /** Engine-wide I/O pools (HTTP, PostgreSQL, browser), created on first use. */
  get io(): IoServices {
    this.#io ??= createIoServices(resolveIoOptions({
      http: { allowedHosts: [...this.config.http.allowedHosts], connectionsPerHost: this.config.http.connectionsPerHost },
    }));
    return this.#io;
  }

  #assertOpen(): void {
    if (this.#closed) throw new CasareError('CASARE_E_ENGINE_CLOSED', 'engine is closed');
  }

  async #acquireRunSlot(): Promise<void> {
    if (this.#activeRuns < this.config.maxConcurrentRuns) {
      this.#activeRuns++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#activeRuns++;
  }

  #releaseRunSlot(): void {
    this.#activeRuns--;
    this.#waiting.shift()?.();
  }
}

function isPlan(v: unknown): v is Plan {
  return typeof v === 'object' && v !== null && 'nodes' in v && 'indexOf' in v && 'settings' in v;
}

function isLoaded(v: unknown): v is LoadedWorkflow {
  return typeof v === 'object' && v !== null && 'plan' in v && 'cacheHit' in v;
}

/** Create an engine; options are validated once and frozen. */
export function createEngine(options: CasareOptions = {}): Engine {
  return new Engine(options);
}
