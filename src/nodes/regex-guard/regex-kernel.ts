/**
 * The regex kernel: Python `re` operations (src/lib/py/regex.ts) as one pure function over plain
 * data, so the same code runs inline (provably linear patterns, tiny inputs) or in a pool thread
 * under the node timeout. Compiled patterns are cached per thread, bounded, keyed by content.
 */
import { LruCache } from '../../lib/py/lru-cache.js';
import { compilePyRegex, pyFinditer, pyReMatchAtStart, pySubn } from '../../lib/py/regex.js';
import type { PyMatch, PyRegexFlags } from '../../lib/py/regex.js';

export type RegexOp = 'finditer' | 'subn' | 'match';

export interface RegexTask {
  readonly op: RegexOp;
  readonly pattern: string;
  readonly flags: PyRegexFlags;
  readonly text: string;
  /** subn only: Python replacement template. */
  readonly repl?: string;
  /** subn only: 0 = all. */
  readonly count?: number;
}

export type RegexResult = PyMatch[] | PyMatch | null | { result: string; count: number };

const cache = new LruCache<string, RegExp>(256);

function compiled(t: RegexTask): RegExp {
  const key = `${t.flags.ignoreCase === true ? 'i' : ''}${t.flags.multiline === true ? 'm' : ''}${t.flags.dotall === true ? 's' : ''}:${t.pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = compilePyRegex(t.pattern, t.flags);
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

export function regexKernel(t: RegexTask): RegexResult {
  const re = compiled(t);
  switch (t.op) {
    case 'finditer': return Array.from(pyFinditer(re, t.text));
    case 'match': return pyReMatchAtStart(re, t.text);
    case 'subn': return pySubn(re, t.repl ?? '', t.text, t.count ?? 0);
  }
}
