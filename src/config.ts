/**
 * Engine options: raw CasareOptions (all optional) -> ResolvedConfig (all required, frozen),
 * validated once at the boundary. Environment variables are read only here and in cli/.
 */
import { availableParallelism } from 'node:os';
import { CasareError } from './errors.js';
import { DEFAULT_MAX_BYTES } from './load/open-source.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_NODES } from './load/validate-structure.js';

export interface CasareOptions {
  /** Max nodes in flight at once within one run (independent branches). @default 16 */
  concurrency?: number;
  /** Max runs executing at once in this engine; further runs wait. @default 64 */
  maxConcurrentRuns?: number;
  /** Working directory that relative file paths resolve against. @default process.cwd() */
  cwd?: string;
  /** File sandbox: paths resolving outside this directory are refused. @default null (no sandbox) */
  fileRoot?: string | null;
  /** Override the file's stop_on_error for every run. @default undefined (the file decides) */
  continueOnError?: boolean;
  /** Record event-loop delay and utilisation for every run. @default true */
  monitorEventLoop?: boolean;
  /** Keep log records in run results. @default true */
  retainLogs?: boolean;
  /**
   * Which node outputs a run keeps: 'needed' drops a node's outputs as soon as nothing downstream can
   * read them (no template names the node, no data edge, no node reading every variable), so memory
   * follows the live frontier; 'all' keeps every node's last outputs for `result.outputs`.
   * @default 'needed'
   */
  retainOutputs?: 'all' | 'needed';
  /**
   * Entries of a run's `executed` trace and of its log records kept: the first half and the last
   * half, the middle counted in `stats.executedDropped` / `stats.logsDropped` (a loop over millions
   * of items must not grow the heap with items × nodes). @default 100000
   */
  traceLimit?: number;
  load?: {
    /** Cap on stored and decompressed bytes of a workflow file. @default 256 MiB */
    maxBytes?: number;
    /** @default 100000 */
    maxNodes?: number;
    /** @default 500000 */
    maxConnections?: number;
  };
  cache?: {
    /** Compiled plans kept by content hash. @default 64 */
    maxEntries?: number;
    /** Bytes of workflow JSON the cached plans stand for (each entry also keeps the file's stored bytes, to confirm hits). @default 256 MiB */
    maxBytes?: number;
  };
  http?: {
    /** D8: hosts, IPs or CIDR ranges exempt from the SSRF guard. @default [] */
    allowedHosts?: string[];
    /** Sockets per origin. @default 16 */
    connectionsPerHost?: number;
  };
  pool?: {
    /** Run CPU kernels in worker threads; false keeps every kernel inline (for comparisons). @default true */
    enabled?: boolean;
    /** Worker threads for CPU nodes. @default os.availableParallelism() */
    threads?: number;
    /** Queued tasks before backpressure. @default threads * threads * 4 */
    maxQueue?: number;
  };
}

export interface ResolvedConfig {
  readonly concurrency: number;
  readonly maxConcurrentRuns: number;
  readonly cwd: string;
  readonly fileRoot: string | null;
  readonly continueOnError: boolean | undefined;
  readonly monitorEventLoop: boolean;
  readonly retainLogs: boolean;
  readonly retainOutputs: 'all' | 'needed';
  readonly traceLimit: number;
  readonly load: { readonly maxBytes: number; readonly maxNodes: number; readonly maxConnections: number };
  readonly cache: { readonly maxEntries: number; readonly maxBytes: number };
  readonly http: { readonly allowedHosts: readonly string[]; readonly connectionsPerHost: number };
  readonly pool: { readonly enabled: boolean; readonly threads: number; readonly maxQueue: number };
}

function bad(option: string, value: unknown, expected: string): never {
  throw new CasareError('CASARE_E_CONFIG_INVALID', `option ${option} must be ${expected}, got ${JSON.stringify(value)}`);
}

function int(option: string, v: unknown, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(option, v, `an integer in [${min}, ${max}]`);
  return v;
}

function boolOpt(option: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') bad(option, v, 'a boolean');
  return v;
}

export function resolveConfig(raw: CasareOptions = {}): ResolvedConfig {
  if (raw === null || typeof raw !== 'object') bad('options', raw, 'an object');
  const threads = int('pool.threads', raw.pool?.threads, Math.max(1, availableParallelism()), 1, 256);
  const cwd = raw.cwd ?? process.cwd();
  if (typeof cwd !== 'string') bad('cwd', cwd, 'a string');
  const fileRoot = raw.fileRoot ?? null;
  if (fileRoot !== null && typeof fileRoot !== 'string') bad('fileRoot', fileRoot, 'a string or null');
  const allowed = raw.http?.allowedHosts ?? [];
  if (!Array.isArray(allowed) || allowed.some((h) => typeof h !== 'string')) bad('http.allowedHosts', allowed, 'an array of strings');
  if (raw.continueOnError !== undefined && typeof raw.continueOnError !== 'boolean') bad('continueOnError', raw.continueOnError, 'a boolean');
  return Object.freeze({
    concurrency: int('concurrency', raw.concurrency, 16, 1, 10_000),
    maxConcurrentRuns: int('maxConcurrentRuns', raw.maxConcurrentRuns, 64, 1, 100_000),
    cwd,
    fileRoot,
    continueOnError: raw.continueOnError,
    monitorEventLoop: boolOpt('monitorEventLoop', raw.monitorEventLoop, true),
    retainLogs: boolOpt('retainLogs', raw.retainLogs, true),
    retainOutputs: raw.retainOutputs === undefined ? 'needed' : raw.retainOutputs === 'all' || raw.retainOutputs === 'needed' ? raw.retainOutputs : bad('retainOutputs', raw.retainOutputs, "'all' or 'needed'"),
    traceLimit: int('traceLimit', raw.traceLimit, 100_000, 2),
    load: Object.freeze({
      maxBytes: int('load.maxBytes', raw.load?.maxBytes, DEFAULT_MAX_BYTES, 1),
      maxNodes: int('load.maxNodes', raw.load?.maxNodes, DEFAULT_MAX_NODES, 1),
      maxConnections: int('load.maxConnections', raw.load?.maxConnections, DEFAULT_MAX_CONNECTIONS, 0),
    }),
    cache: Object.freeze({
      maxEntries: int('cache.maxEntries', raw.cache?.maxEntries, 64, 0),
      maxBytes: int('cache.maxBytes', raw.cache?.maxBytes, 256 * 1024 * 1024, 0),
    }),
    http: Object.freeze({
      allowedHosts: Object.freeze([...allowed]),
      connectionsPerHost: int('http.connectionsPerHost', raw.http?.connectionsPerHost, 16, 1, 10_000),
    }),
    pool: Object.freeze({
      enabled: boolOpt('pool.enabled', raw.pool?.enabled, true),
      threads,
      maxQueue: int('pool.maxQueue', raw.pool?.maxQueue, threads * threads * 4, 1),
    }),
  });
}
