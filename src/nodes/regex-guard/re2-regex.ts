/**
 * Python regexes on RE2 (linear time, native): the compiled JS RegExp of src/lib/py/regex.ts stays
 * the reference (it validates the pattern with Python's messages and counts groups); its source is
 * rewritten by re2-translate.ts and compiled once into RE2 (bounded cache keyed by flags + pattern,
 * rejections cached too). `Re2RegExp` exposes the part of the RegExp interface that pyFinditer,
 * pyReSearch and pySubn use (global, unicode, source, flags, lastIndex, exec), so match iteration
 * and Python replacement semantics are the very same code as on the JS path.
 */
import type RE2 from 're2';
import { lazyRequire } from '../../lib/lazy-require.js';

const re2Lib = lazyRequire<typeof RE2>('re2');
import { LruCache } from '../../lib/py/lru-cache.js';
import { compilePyRegex } from '../../lib/py/regex.js';
import type { PyRegexFlags } from '../../lib/py/regex.js';
import { toRe2Source } from './re2-translate.js';
import type { Re2Plan } from './re2-translate.js';

/** RegExp-shaped view of an RE2 object for the lib/py/regex.ts helpers. */
class Re2RegExp {
  readonly global = true;
  readonly unicode = true;
  readonly sticky = false;
  /** The JS RegExp's source and flags: pySubn derives the group count from them. */
  readonly source: string;
  readonly flags: string;
  readonly #re: RE2;
  /** Group names in JS order: RE2 omits unmatched named groups, JS lists them as undefined. */
  readonly #names: readonly string[];

  constructor(re: RE2, js: RegExp, names: readonly string[]) {
    this.#re = re;
    this.source = js.source;
    this.flags = js.flags;
    this.#names = names;
  }

  get lastIndex(): number { return this.#re.lastIndex; }
  set lastIndex(v: number) { this.#re.lastIndex = v; }

  exec(text: string): RegExpExecArray | null {
    const m = this.#re.exec(text);
    if (m === null || this.#names.length === 0) return m;
    const found = m.groups;
    const groups: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
    for (const n of this.#names) groups[n] = found?.[n];
    m.groups = groups as Record<string, string>;
    return m;
  }
}

interface Compiled {
  readonly plan: Re2Plan;
  /** Search form (finditer, search, subn). */
  readonly find: RegExp;
  /** `\A(?:…)` form for Python re.match. */
  readonly anchored: RegExp;
}

const cache = new LruCache<string, Compiled | null>(512);

function groupNames(js: RegExp): string[] {
  // A regex matching the empty string reports every group through an empty alternative.
  const m = new RegExp(`${js.source}|`, js.flags.replace(/[gy]/g, '')).exec('') as RegExpExecArray;
  return m.groups === undefined ? [] : Object.keys(m.groups);
}

function build(js: RegExp): Compiled | null {
  const ignoreCase = js.flags.includes('i');
  const plan = toRe2Source(js.source, ignoreCase);
  if (plan === null) return null;
  const f = ignoreCase ? 'giu' : 'gu';
  let find: RE2;
  let anchored: RE2;
  try {
    const Re2 = re2Lib();
    find = new Re2(plan.source, f);
    anchored = new Re2(`\\A(?:${plan.source})`, f);
  } catch {
    return null; // RE2 rejects it (e.g. repetition count > 1000): the guard falls back
  }
  const names = js.source.includes('(?<') ? groupNames(js) : [];
  return {
    plan,
    find: new Re2RegExp(find, js, names) as unknown as RegExp,
    anchored: new Re2RegExp(anchored, js, names) as unknown as RegExp,
  };
}

const NON_ASCII = /[^\x00-\x7f]/;
const LONE_SURROGATE = /\p{Cs}/u;
type WellFormed = { isWellFormed?: () => boolean };

/**
 * The RE2 forms of a Python pattern for this text, or null when RE2 cannot give the JS path's exact
 * results (unsupported construct, or a text-dependent mapping that does not hold for this text).
 * Invalid patterns throw the Python error (from compilePyRegex) before anything else.
 */
export function re2For(pattern: string, flags: PyRegexFlags, text: string): Compiled | null {
  const js = compilePyRegex(pattern, flags);
  const key = `${js.flags}:${js.source}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = build(js);
    cache.set(key, c);
  }
  if (c === null) return null;
  if (c.plan.dollarAtEnd && text.charCodeAt(text.length - 1) === 10) return null;
  if (c.plan.needsAsciiText && NON_ASCII.test(text)) return null;
  // RE2 sees UTF-8: a lone surrogate would become U+FFFD. Node 20 has isWellFormed (V8 11.3).
  const wf = (text as unknown as WellFormed).isWellFormed;
  if (wf !== undefined ? !wf.call(text) : LONE_SURROGATE.test(text)) return null;
  return c;
}

/** True when RE2 takes this pattern (any text-dependent conditions aside). */
export function re2Accepts(pattern: string, flags: PyRegexFlags = {}): boolean {
  return re2For(pattern, flags, '') !== null;
}
