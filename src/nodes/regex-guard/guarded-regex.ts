/**
 * The regex guard: a user pattern is untrusted, and a backtracking pattern's cost is not bounded by
 * the input size (`^(a+)+$` on 41 characters never ends). So, in order:
 *   1. the JS RegExp inline when static analysis bounds its backtracking for this text length
 *      (regex-safety.ts, or a tiny text): V8 is the faster engine there;
 *   2. else RE2 (linear time, re2-regex.ts) inline whenever it gives exactly the JS path's results
 *      for this pattern and text: catastrophic patterns included;
 *   3. else (backreferences, lookarounds, a few capture-in-repetition forms) a pool thread under the
 *      node timeout (ctx.signal, plus `timeoutMs`): a runaway match ends with the thread terminated
 *      and CASARE_E_NODE_TIMEOUT.
 * Why JS first when it is provably cheap (native-bench/regex.bench.ts, Node 20.20, 2 cores, medians):
 * node-re2 costs ~2.5 µs per exec() call, so a short match is 0.4 µs on JS vs 3.6 µs on RE2, and
 * many-match scans of a 190 KB log run 8-20× slower on RE2 (emails 0.85 ms vs 9.5 ms). RE2 wins
 * only where backtracking explodes: `^(a+)+$` on a×10,000+b takes 0.29 ms, JS needs 752 ms for a×25+b.
 *
 * The pattern is compiled on the main thread first (compiling never backtracks), so an invalid
 * pattern fails with Python's message before any dispatch.
 */
import type { NodeContext } from '../types.js';
import { compilePyRegex } from '../../lib/py/regex.js';
import type { PyMatch, PyRegexFlags } from '../../lib/py/regex.js';
import { LruCache } from '../../lib/py/lru-cache.js';
import { getPool } from '../../pool/offload.js';
import { getKernel } from '../../pool/kernels.js';
import type { regexExtractKernel, regexMatchKernel, regexReplaceKernel } from '../string/regex-kernels.js';
import { WorkerPool } from '../../pool/worker-pool.js';
import { regexKernel } from './regex-kernel.js';
import type { RegexOp, RegexTask } from './regex-kernel.js';
import { analyzeRegex, inlineCostOk } from './regex-safety.js';
import { NOT_RE2, regexExtractOnRe2, regexMatchOnRe2, regexOnRe2, regexReplaceOnRe2 } from './re2-kernels.js';
import { re2For } from './re2-regex.js';
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

/** Where an op on this pattern and text runs (exposed for tests and diagnostics). */
export function regexRoute(pattern: string, text: string, flags: PyRegexFlags = {}): 'inline' | 're2' | 'pool' {
  if (inlineCostOk(analysisOf(pattern), text.length)) return 'inline';
  return re2For(pattern, flags, text) !== null ? 're2' : 'pool';
}

/** True when this op would run on the main thread (a cost-bounded JS RegExp or RE2). */
export function runsInline(pattern: string, text: string, flags: PyRegexFlags = {}): boolean {
  return regexRoute(pattern, text, flags) !== 'pool';
}

/**
 * Run a Python-regex operation (`finditer` → all matches, `match` → match at start, `subn` →
 * replacement) under the guard. Returns a value when run inline, else a promise: await either way.
 */
export function guardedRegex<O extends RegexOp>(ctx: NodeContext, op: O, args: Omit<RegexTask, 'op'>, opts: GuardOptions = {}): RegexResultOf[O] | Promise<RegexResultOf[O]> {
  compilePyRegex(args.pattern, args.flags); // throws the Python error for a bad pattern, on the main thread
  const task: RegexTask = { ...args, op };
  if (inlineCostOk(analysisOf(args.pattern), args.text.length)) return regexKernel(task) as RegexResultOf[O];
  const r = regexOnRe2(task);
  if (r !== NOT_RE2) return r as RegexResultOf[O];
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
  const r = re2Call(kernel, args);
  if (r !== NOT_RE2) return r as ReturnType<RegexCallKernels[K]>;
  const pool = getPool(ctx) ?? fallbackPool();
  return pool.run<ReturnType<RegexCallKernels[K]>>(kernel, args, { signal: ctx.signal, timeoutMs: opts.timeoutMs });
}

/** The RE2 twin of a string-node kernel call, or NOT_RE2. */
function re2Call(kernel: keyof RegexCallKernels, args: readonly unknown[]): unknown {
  switch (kernel) {
    case 'string.regexMatch': return regexMatchOnRe2(...(args as Parameters<typeof regexMatchKernel>));
    case 'string.regexReplace': return regexReplaceOnRe2(...(args as Parameters<typeof regexReplaceKernel>));
    case 'string.regexExtract': return regexExtractOnRe2(...(args as Parameters<typeof regexExtractKernel>));
  }
}
