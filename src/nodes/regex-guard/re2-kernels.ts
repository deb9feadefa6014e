/**
 * The regex kernels (regex-kernel.ts and src/nodes/string/regex-kernels.ts) on RE2: same inputs,
 * same outputs, same errors, run inline because RE2 is linear in the text. Each returns
 * NOT_RE2 when RE2 cannot give the JS path's exact result for this pattern and text (see
 * re2-regex.ts); the caller then falls back to the guarded JS path.
 */
import { pyFinditer, pyReSearch, pySubn } from '../../lib/py/regex.js';
import type { PyMatch, PyRegexFlags } from '../../lib/py/regex.js';
import { summariseMatches, validateRegexInputs } from '../string/regex-kernels.js';
import type { RegexExtractResult, RegexMatchResult, RegexReplaceResult } from '../string/regex-kernels.js';
import type { RegexResult, RegexTask } from './regex-kernel.js';
import { re2For } from './re2-regex.js';

export const NOT_RE2: unique symbol = Symbol('not-re2');
export type NotRe2 = typeof NOT_RE2;

/** regexKernel on RE2. */
export function regexOnRe2(t: RegexTask): RegexResult | NotRe2 {
  const c = re2For(t.pattern, t.flags, t.text);
  if (c === null) return NOT_RE2;
  switch (t.op) {
    case 'finditer': return Array.from(pyFinditer(c.find, t.text));
    case 'match': return pyReSearch(c.anchored, t.text);
    case 'subn': return pySubn(c.find, t.repl ?? '', t.text, t.count ?? 0);
  }
}

/** regexMatchKernel on RE2. */
export function regexMatchOnRe2(text: unknown, pattern: unknown, flags: PyRegexFlags): RegexMatchResult | NotRe2 {
  validateRegexInputs(text, pattern);
  const c = re2For(pattern as string, flags, text);
  if (c === null) return NOT_RE2;
  return summariseMatches(c.find, text as string);
}

/** regexReplaceKernel on RE2. */
export function regexReplaceOnRe2(text: unknown, pattern: unknown, replacement: string, flags: PyRegexFlags,
  maxCount: number): RegexReplaceResult | NotRe2 {
  validateRegexInputs(text, pattern);
  const c = re2For(pattern as string, flags, text);
  if (c === null) return NOT_RE2;
  return pySubn(c.find, replacement, text, maxCount > 0 ? maxCount : 0);
}

/** regexExtractKernel on RE2. */
export function regexExtractOnRe2(text: string, pattern: string, flags: PyRegexFlags, all: boolean): RegexExtractResult | NotRe2 {
  const c = re2For(pattern, flags, text);
  if (c === null) return NOT_RE2;
  if (!all) {
    const m: PyMatch | null = pyReSearch(c.find, text);
    return m === null ? { match: '', groups: [], found: false } : { match: m.match, groups: m.groups.slice(), found: true };
  }
  const match: string[] = [];
  const groups: (string | null)[][] = [];
  for (const m of pyFinditer(c.find, text)) {
    match.push(m.match);
    groups.push(m.groups.slice());
  }
  return { match, groups, found: match.length > 0 };
}
