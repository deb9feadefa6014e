/**
 * Python `re` on JavaScript RegExp (§11.1): pattern translation (see regex-translate.ts for the
 * flag choices), iteration, `re.sub` replacement syntax and `re.match`.
 *
 * Compiled RegExps are cached and shared: they carry the `g` flag, so use them through the
 * functions here (which reset `lastIndex`) rather than `re.test()` across calls.
 */
import { PyError } from './errors.js';
import { LruCache } from './lru-cache.js';
import { translatePyRegex } from './regex-translate.js';

export interface PyRegexFlags {
  ignoreCase?: boolean;
  multiline?: boolean;
  dotall?: boolean;
  verbose?: boolean;
  ascii?: boolean;
}

export interface PyMatch {
  match: string;
  index: number;
  /** Groups 1..n; an unmatched group is null (Python None). */
  groups: (string | null)[];
  named: Record<string, string | null>;
}

const CACHE = new LruCache<string, RegExp>(512);

/** Compiles a Python pattern (cached). Invalid patterns throw PyError('error', message). */
export function compilePyRegex(pattern: string, flags?: PyRegexFlags): RegExp {
  const f = {
    ignoreCase: flags?.ignoreCase === true,
    multiline: flags?.multiline === true,
    dotall: flags?.dotall === true,
    verbose: flags?.verbose === true,
    ascii: flags?.ascii === true,
  };
  const key = `${+f.ignoreCase}${+f.multiline}${+f.dotall}${+f.verbose}${+f.ascii}:${pattern}`;
  const hit = CACHE.get(key);
  if (hit !== undefined) return hit;
  const t = translatePyRegex(pattern, f);
  let re: RegExp;
  try {
    re = new RegExp(t.source, t.ignoreCase ? 'gui' : 'gu');
  } catch (e) {
    const msg = (e as Error).message;
    const ref = /Invalid (?:named capture referenced|escape)/.test(msg);
    throw new PyError('error', ref ? `invalid group reference in pattern ${JSON.stringify(pattern)}` : msg);
  }
  CACHE.set(key, re);
  return re;
}

function toMatch(m: RegExpExecArray): PyMatch {
  const groups: (string | null)[] = new Array<string | null>(m.length - 1);
  for (let g = 1; g < m.length; g++) groups[g - 1] = m[g] ?? null;
  const named: Record<string, string | null> = {};
  if (m.groups !== undefined) for (const k of Object.keys(m.groups)) named[k] = m.groups[k] ?? null;
  return { match: m[0], index: m.index, groups, named };
}

function globalOf(re: RegExp): RegExp {
  return re.global ? re : new RegExp(re.source, re.flags + 'g');
}

function advance(text: string, i: number, unicode: boolean): number {
  if (unicode && i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
    }
  }
  return i + 1;
}

/** Python `re.finditer`: non-overlapping matches left to right (empty matches included). */
export function* pyFinditer(re: RegExp, text: string): Iterable<PyMatch> {
  const g = globalOf(re);
  let pos = 0;
  while (pos <= text.length) {
    g.lastIndex = pos;
    const m = g.exec(text);
    if (m === null) break;
    pos = m[0].length === 0 ? advance(text, g.lastIndex, g.unicode) : g.lastIndex;
    yield toMatch(m);
  }
  g.lastIndex = 0;
}

/** Python `re.search`: the first match anywhere, or null. */
export function pyReSearch(re: RegExp, text: string): PyMatch | null {
  const g = globalOf(re);
  g.lastIndex = 0;
  const m = g.exec(text);
  g.lastIndex = 0;
  return m === null ? null : toMatch(m);
}

const STICKY = new WeakMap<RegExp, RegExp>();

/** Python `re.match`: a match that starts at index 0, or null. */
export function pyReMatchAtStart(re: RegExp, text: string): PyMatch | null {
  let y = STICKY.get(re);
  if (y === undefined) {
    y = new RegExp(re.source, re.flags.replace('g', '') + (re.sticky ? '' : 'y'));
    STICKY.set(re, y);
  }
  y.lastIndex = 0;
  const m = y.exec(text);
  return m === null ? null : toMatch(m);
}

/** Python `re.fullmatch`: a match covering the whole text, or null. */
export function pyReFullmatch(re: RegExp, text: string): PyMatch | null {
  const full = compileAnchored(re);
  full.lastIndex = 0;
  const m = full.exec(text);
  return m === null ? null : toMatch(m);
}

const ANCHORED = new WeakMap<RegExp, RegExp>();

function compileAnchored(re: RegExp): RegExp {
  let a = ANCHORED.get(re);
  if (a === undefined) {
    a = new RegExp(`(?:${re.source})(?![\\s\\S])`, re.flags.replace('g', '') + (re.sticky ? '' : 'y'));
    ANCHORED.set(re, a);
  }
  return a;
}

type ReplPart = string | number | { name: string };
const REPL_CACHE = new LruCache<string, ReplPart[]>(512);

const REPL_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\',
};

/** Parses a Python replacement template: `\1`, `\g<1>`, `\g<name>`, escapes; `$1` is literal. */
function parseRepl(repl: string): ReplPart[] {
  const parts: ReplPart[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i] as string;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const e = repl[i + 1];
    if (e === undefined) throw new PyError('error', `bad escape (end of pattern) at position ${i}`);
    if (e === 'g') {
      const m = /^<([^>]*)>/.exec(repl.slice(i + 2));
      if (m === null) throw new PyError('error', `missing < at position ${i + 2}`);
      const name = m[1] as string;
      if (name === '') throw new PyError('error', `missing group name at position ${i + 3}`);
      if (lit !== '') parts.push(lit);
      lit = '';
      parts.push(/^\d+$/.test(name) ? Number(name) : { name });
      i += 1 + m[0].length;
      continue;
    }
    if (e === '0' || (e >= '1' && e <= '7' && /^[0-7]{3}/.test(repl.slice(i + 1)))) {
      const m = /^[0-7]{1,3}/.exec(repl.slice(i + 1)) as RegExpExecArray;
      lit += String.fromCharCode(parseInt(m[0], 8));
      i += m[0].length;
      continue;
    }
    if (e >= '1' && e <= '9') {
      const m = /^\d{1,2}/.exec(repl.slice(i + 1)) as RegExpExecArray;
      if (lit !== '') parts.push(lit);
      lit = '';
      parts.push(Number(m[0]));
      i += m[0].length;
      continue;
    }
    if (REPL_ESCAPES[e] !== undefined) {
      lit += REPL_ESCAPES[e];
      i++;
      continue;
    }
    if (/[A-Za-z]/.test(e)) throw new PyError('error', `bad escape \\${e} at position ${i}`);
    lit += '\\' + e;
    i++;
  }
  if (lit !== '') parts.push(lit);
  return parts;
}

function groupCount(re: RegExp): number {
  // A regex matching the empty string reports its group count through an empty alternative.
  return (new RegExp(`${re.source}|`, re.flags.replace(/[gy]/g, '')).exec('') as RegExpExecArray).length - 1;
}

/** Python `re.subn(pattern, repl, text, count)`; `count` 0 replaces all. */
export function pySubn(re: RegExp, repl: string, text: string, count = 0): { result: string; count: number } {
  let parts = REPL_CACHE.get(repl);
  if (parts === undefined) {
    parts = parseRepl(repl);
    REPL_CACHE.set(repl, parts);
  }
  let ngroups = -1;
  for (const p of parts) {
    if (typeof p === 'number') {
      if (ngroups < 0) ngroups = groupCount(re);
      if (p > ngroups) throw new PyError('error', `invalid group reference ${p} at position 1`);
    }
  }
  let out = '';
  let last = 0;
  let n = 0;
  for (const m of pyFinditer(re, text)) {
    if (count > 0 && n >= count) break;
    out += text.slice(last, m.index);
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (typeof p === 'number') out += p === 0 ? m.match : (m.groups[p - 1] ?? '');
      else {
        if (!Object.hasOwn(m.named, p.name)) throw new PyError('IndexError', `unknown group name '${p.name}'`);
        out += m.named[p.name] ?? '';
      }
    }
    last = m.index + m.match.length;
    n++;
  }
  return { result: n === 0 ? text : out + text.slice(last), count: n };
}
