/**
 * The regex work of RegexMatchNode / RegexReplaceNode as pure kernels (input -> output, no ctx), so
 * the pool can run big or untrusted patterns off the main thread. CasareRPA's ReDoS limits apply
 * first: text <= 100,000 and pattern <= 1,000 code points.
 */
import { PyError } from '../../lib/py/errors.js';
import { compilePyRegex, pyFinditer, pyReSearch, pySubn } from '../../lib/py/regex.js';
import type { PyRegexFlags } from '../../lib/py/regex.js';
import { pyTypeName } from '../../lib/py/str.js';
import { codePointLength } from '../text/text-input.js';

export const MAX_REGEX_TEXT_LENGTH = 100_000;
export const MAX_REGEX_PATTERN_LENGTH = 1_000;

export interface RegexMatchResult {
  matchFound: boolean;
  firstMatch: string;
  allMatches: string[];
  groups: (string | null)[];
  matchCount: number;
}

export interface RegexReplaceResult {
  result: string;
  count: number;
}

const thousands = (n: number): string => n.toLocaleString('en-US');

function lengthOf(v: unknown): number {
  if (typeof v === 'string') return codePointLength(v);
  throw new PyError('TypeError', `object of type '${pyTypeName(v)}' has no len()`);
}

/** CasareRPA's `_validate_regex_inputs`; also rejects non-strings the way `len()` does. */
export function validateRegexInputs(text: unknown, pattern: unknown): asserts text is string {
  const textLen = lengthOf(text);
  if (textLen > MAX_REGEX_TEXT_LENGTH) {
    throw new PyError(
      'ValueError',
      `Text length (${thousands(textLen)} chars) exceeds maximum allowed ` +
        `(${thousands(MAX_REGEX_TEXT_LENGTH)} chars) for regex operations`,
    );
  }
  const patternLen = lengthOf(pattern);
  if (patternLen > MAX_REGEX_PATTERN_LENGTH) {
    throw new PyError(
      'ValueError',
      `Pattern length (${thousands(patternLen)} chars) exceeds maximum allowed ` +
        `(${thousands(MAX_REGEX_PATTERN_LENGTH)} chars) for regex operations`,
    );
  }
}

/** Python `re.finditer(pattern, text, flags)` summarised as RegexMatchNode's outputs. */
export function regexMatchKernel(text: unknown, pattern: unknown, flags: PyRegexFlags): RegexMatchResult {
  validateRegexInputs(text, pattern);
  return summariseMatches(compilePyRegex(pattern as string, flags), text as string);
}

/** RegexMatchNode's outputs from any compiled engine's matches (JS RegExp or RE2). */
export function summariseMatches(re: RegExp, text: string): RegexMatchResult {
  const allMatches: string[] = [];
  let groups: (string | null)[] = [];
  for (const m of pyFinditer(re, text)) {
    if (allMatches.length === 0) groups = m.groups.slice();
    allMatches.push(m.match);
  }
  return {
    matchFound: allMatches.length > 0,
    firstMatch: allMatches.length > 0 ? (allMatches[0] as string) : '',
    allMatches,
    groups,
    matchCount: allMatches.length,
  };
}

/** Python `re.subn(pattern, replacement, text, count=maxCount, flags)`; maxCount <= 0 = all. */
export function regexReplaceKernel(
  text: unknown,
  pattern: unknown,
  replacement: string,
  flags: PyRegexFlags,
  maxCount: number,
): RegexReplaceResult {
  validateRegexInputs(text, pattern);
  const re = compilePyRegex(pattern as string, flags);
  return pySubn(re, replacement, text, maxCount > 0 ? maxCount : 0);
}

export interface RegexExtractResult {
  /** group 0 of the first match ("" if none), or every group 0 when `all`. */
  match: string | string[];
  /** groups of the first match, or one list per match when `all`. */
  groups: (string | null)[] | (string | null)[][];
  found: boolean;
}

/** TextExtractNode: Python `re.search` (first) or `re.finditer` (all); no size limits (CasareRPA has none here). */
export function regexExtractKernel(text: string, pattern: string, flags: PyRegexFlags, all: boolean): RegexExtractResult {
  const re = compilePyRegex(pattern, flags);
  if (!all) {
    const m = pyReSearch(re, text);
    return m === null ? { match: '', groups: [], found: false } : { match: m.match, groups: m.groups.slice(), found: true };
  }
  const match: string[] = [];
  const groups: (string | null)[][] = [];
  for (const m of pyFinditer(re, text)) {
    match.push(m.match);
    groups.push(m.groups.slice());
  }
  return { match, groups, found: match.length > 0 };
}
