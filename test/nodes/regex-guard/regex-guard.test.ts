import { afterAll, describe, expect, it } from 'vitest';
import type { NodeContext } from '../../../src/nodes/types.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { guardedRegex, guardedRegexCall, regexRoute, runsInline } from '../../../src/nodes/regex-guard/guarded-regex.js';
import { analyzeRegex, inlineCostOk, isLinearSafe } from '../../../src/nodes/regex-guard/regex-safety.js';
import { regexMatchKernel } from '../../../src/nodes/string/regex-kernels.js';

const pool = new WorkerPool({ threads: 2 });
afterAll(async () => { await pool.destroy(); });

/** The part of NodeContext the guard reads: the abort signal and the engine's pool. */
function ctxWith(p: WorkerPool | null, signal = new AbortController().signal): NodeContext {
  return { signal, services: { fileRoot: null, env: {}, pool: p } } as unknown as NodeContext;
}

async function codeOf(p: unknown): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return (e as { code?: string }).code ?? `no code: ${String(e)}`; }
}

describe('isLinearSafe', () => {
  it('accepts patterns without nested repetition, backreferences or lookarounds', () => {
    for (const p of ['abc', '\\d+-\\d+', '[a-z(+]+@[a-z]+\\.com', '(?P<y>\\d{4})-(\\d{2})', '(?i)hello\\s*world', 'a{2,3}b?', '(ab|cd)e', '(a+)?', 'x{}']) {
      expect([p, isLinearSafe(p)]).toEqual([p, true]);
    }
  });

  it('rejects nested quantifiers, repeated alternations, backreferences and lookarounds', () => {
    for (const p of ['^(a+)+$', '(a|aa)*', '(\\w+\\s?)+$', '(a*)*', '((ab)*)+', '(.*a){3}', '(a)\\1', '(?P<x>a)(?P=x)', '(?=a)b', 'a(?<!b)', '(unclosed', 'x{,}{2}(a+){2,}']) {
      expect([p, isLinearSafe(p)]).toEqual([p, false]);
    }
  });

  it('bounds inline work by n^(quantifiers+1) and lets tiny texts through whatever the pattern', () => {
    expect(analyzeRegex('\\d+-\\d+').quantifiers).toBe(2);
    expect(inlineCostOk(analyzeRegex('abc'), 1_000_000)).toBe(true);
    expect(inlineCostOk(analyzeRegex('\\w+@'), 3_000)).toBe(true);
    expect(inlineCostOk(analyzeRegex('\\w+@'), 100_000)).toBe(false);
    expect(runsInline('^(a+)+(?=c)', 'aaaab')).toBe(true);
    expect(runsInline('^(a+)+(?=c)', `${'a'.repeat(41)}b`)).toBe(false);
  });
});

describe('guardedRegex', () => {
  const catastrophic = `${'a'.repeat(41)}b`;
  // RE2 rejects the lookahead, so this backtracking pattern can only run on the JS engine: the pool.
  const catastrophicJsOnly = '^(a+)+(?=c)';

  it('ends ^(a+)+(?=c) on 41 a + b in CASARE_E_NODE_TIMEOUT within the timeout, and the pool keeps working', async () => {
    await pool.run('diag.noop', 0);
    expect(regexRoute(catastrophicJsOnly, catastrophic)).toBe('pool');
    const t0 = Date.now();
    const code = await codeOf(guardedRegex(ctxWith(pool), 'finditer', { pattern: catastrophicJsOnly, flags: {}, text: catastrophic }, { timeoutMs: 500 }));
    expect(code).toBe('CASARE_E_NODE_TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(5_000);
    // Same unsafe pattern on a matching text: runs in the (healed) pool and answers.
    const ms = await guardedRegex(ctxWith(pool), 'finditer', { pattern: catastrophicJsOnly, flags: {}, text: `${'a'.repeat(41)}c` }, { timeoutMs: 5_000 });
    expect(ms.map((m) => m.match)).toEqual(['a'.repeat(41)]);
  });

  it('runs ^(a+)+$ on RE2 on the main thread: 10,000 a + b answers at once, no pool needed', () => {
    const text = `${'a'.repeat(10_000)}b`;
    expect(regexRoute('^(a+)+$', text)).toBe('re2');
    const t0 = performance.now();
    expect(guardedRegex(ctxWith(null), 'finditer', { pattern: '^(a+)+$', flags: {}, text })).toEqual([]);
    expect(guardedRegex(ctxWith(null), 'finditer', { pattern: '^(a+)+$', flags: {}, text: 'a'.repeat(10_000) })).toEqual([
      { match: 'a'.repeat(10_000), index: 0, groups: ['a'.repeat(10_000)], named: {} },
    ]);
    expect(performance.now() - t0).toBeLessThan(1_000); // backtracking would never end; RE2 takes ~1 ms
  });

  it('ends the catastrophic match when the node signal aborts (engine node timeout)', async () => {
    const ac = new AbortController();
    setTimeout(() => { ac.abort(Object.assign(new Error('node timed out'), { code: 'CASARE_E_NODE_TIMEOUT' })); }, 300);
    expect(await codeOf(guardedRegex(ctxWith(pool, ac.signal), 'finditer', { pattern: '(a|aa)+(?!a)$', flags: {}, text: catastrophic }))).toBe('CASARE_E_NODE_TIMEOUT');
  });

  it('runs safe patterns inline with the same results and rejects invalid patterns with the Python error type', async () => {
    const r = guardedRegex(ctxWith(null), 'subn', { pattern: '(\\d+)', flags: {}, text: 'a1b22', repl: '<\\1>' });
    expect(r).toEqual({ result: 'a<1>b<22>', count: 2 });
    const err = await Promise.resolve().then(() => guardedRegex(ctxWith(pool), 'finditer', { pattern: '(', flags: {}, text: 'x' })).catch((e: unknown) => e);
    expect((err as { pyType?: string }).pyType).toBe('error');
  });

  it('guards the string nodes\' RegexMatch kernel the same way', async () => {
    const ctx = ctxWith(pool);
    expect(await codeOf(guardedRegexCall(ctx, 'string.regexMatch', [catastrophic, catastrophicJsOnly, {}], { timeoutMs: 500 }))).toBe('CASARE_E_NODE_TIMEOUT');
    const text = `${'ab12 '.repeat(100)}`;
    // Lookbehind: RE2 cannot, the static analysis says unsafe -> pool.
    expect(regexRoute('(?<=a)(\\w+\\d)+', text)).toBe('pool');
    const pooled = await guardedRegexCall(ctx, 'string.regexMatch', [text, '(?<=a)(\\w+\\d)+', {}], { timeoutMs: 5_000 });
    expect(pooled).toEqual(regexMatchKernel(text, '(?<=a)(\\w+\\d)+', {}));
    expect(pooled.matchCount).toBe(100);
    // Without the lookbehind RE2 takes it on the main thread, with the same result as the JS kernel.
    expect(regexRoute('(\\w+\\d)+', text)).toBe('re2');
    expect(guardedRegexCall(ctx, 'string.regexMatch', [text, '(\\w+\\d)+', {}])).toEqual(regexMatchKernel(text, '(\\w+\\d)+', {}));
  });
});
