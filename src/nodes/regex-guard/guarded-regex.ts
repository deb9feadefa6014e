/**
 * The regex guard: a user pattern is untrusted, and a backtracking pattern's cost is not bounded by
 * the input size (`^(a+)+$` on 41 characters never ends). So a regex runs on the main thread only
 * when static analysis bounds its cost (regex-safety.ts: no nested quantifiers / backreferences /
 * lookarounds and a small worst-case step count for this text length, or a tiny text); otherwise it
 * runs in a pool thread under the node timeout (ctx.signal, plus `timeoutMs`), and a runaway match
 * ends with the thread terminated and CASARE_E_NODE_TIMEOUT.
 *
 * The pattern is compiled on the main thread first (compiling never backtracks), so an invalid
 * pattern fails with Python's message before any dispatch.
 */
import type { NodeContext } from '../types.js';
import { compilePyRegex } from '../../lib/py/regex.js';
import type { PyMatch } from '../../lib/py/regex.js';
import { LruCache } from '../../lib/py/lru-cache.js';
import { getPool } from '../../pool/offload.js';
import { getKernel } from '../../pool/kernels.js';
import type { regexExtractKernel, regexMatchKernel, regexReplaceKernel } from '../string/regex-kernels.js';
import { WorkerPool } from '../../pool/worker-pool.js';
import { regexKernel } from './regex-kernel.js';
import type { RegexOp, RegexTask } from './regex-kernel.js';
import { analyzeRegex, inlineCostOk } from './regex-safety.js';
import type { RegexAnalysis } from './regex-safety.js';

export interface RegexResultOf {
  finditer: PyMatch[];
  match: PyMatch | null;
  subn: { result: string; count: number };
}

export interface GuardOptions {
  /** Time cap for a pooled run (ms), in addition to ctx.signal (the engine's node timeout). */
  readonly timeoutMs?: number;
}

const analyses = new LruCache<string, RegexAnalysis>(512);

function analysisOf(pattern: string): RegexAnalysis {
  let a = analyses.get(pattern);
  if (a === undefined) { a = analyzeRegex(pattern); analyses.set(pattern, a); }
  return a;
}

let fallback: WorkerPool | null = null;
/**
 * Without an engine pool (node unit tests, embedders that disabled the pool) guarded regexes still
 * need a thread: one lazily started single-thread pool per process. Piscina unrefs idle threads,
 * so it never keeps the process alive.
 */
function fallbackPool(): WorkerPool {
  fallback ??= new WorkerPool({ threads: 1 });
  return fallback;
}

/** True when this op would run on the main thread (exposed for tests and diagnostics). */
export function runsInline(pattern: string, text: string): boolean {
  return inlineCostOk(analysisOf(pattern), text.length);
}

/**
 * Run a Python-regex operation (`finditer` → all matches, `match` → match at start, `subn` →
 * replacement) under the guard. Returns a value when run inline, else a promise: await either way.
 */
export function guardedRegex<O extends RegexOp>(ctx: NodeContext, op: O, args: Omit<RegexTask, 'op'>, opts: GuardOptions = {}): RegexResultOf[O] | Promise<RegexResultOf[O]> {
  compilePyRegex(args.pattern, args.flags); // throws the Python error for a bad pattern, on the main thread
  const task: RegexTask = { ...args, op };
  if (inlineCostOk(analysisOf(args.pattern), args.text.length)) return regexKernel(task) as RegexResultOf[O];
  const pool = getPool(ctx) ?? fallbackPool();
  return pool.run<RegexResultOf[O]>('regex.run', task, { signal: ctx.signal, timeoutMs: opts.timeoutMs });
}

/** The string nodes' regex kernels (src/nodes/string/regex-kernels.ts): args are (text, pattern, ...). */
export interface RegexCallKernels {
  'string.regexMatch': typeof regexMatchKernel;
  'string.regexReplace': typeof regexReplaceKernel;
  'string.regexExtract': typeof regexExtractKernel;
}

/**
 * Guarded call of a string-node regex kernel with its positional arguments (text first, pattern
 * second). Non-string text or pattern runs inline: the kernel rejects it before matching anything.
 */
export function guardedRegexCall<K extends keyof RegexCallKernels>(ctx: NodeContext, kernel: K, args: Parameters<RegexCallKernels[K]>,
  opts: GuardOptions = {}): ReturnType<RegexCallKernels[K]> | Promise<ReturnType<RegexCallKernels[K]>> {
  const text: unknown = args[0];
  const pattern: unknown = args[1];
  if (typeof text !== 'string' || typeof pattern !== 'string' || inlineCostOk(analysisOf(pattern), text.length)) {
    return (getKernel(kernel) as (a: unknown) => ReturnType<RegexCallKernels[K]>)(args);
  }
  const pool = getPool(ctx) ?? fallbackPool();
  return pool.run<ReturnType<RegexCallKernels[K]>>(kernel, args, { signal: ctx.signal, timeoutMs: opts.timeoutMs });
}
