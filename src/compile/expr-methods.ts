/**
 * Methods of str, list and dict values in expressions (`s.upper()`, `l.count(x)`, `d.get(k)`).
 * Calls `x.m(...)` go through methodOf (no bound function per call); `getMethod` makes the bound
 * callable a bare attribute read (`f = s.upper`) yields.
 */
import { PyError } from '../lib/py/errors.js';
import { pyFormat } from '../lib/py/format.js';
import { pyRepr, pyTypeName } from '../lib/py/str.js';
import {
  isPyWhitespace,
  pyCapitalize,
  pyCount,
  pySplit,
  pySplitlines,
  pyStrip,
  pySwapcase,
  pyTitle,
  pyReplace,
  pySliceBounds,
} from '../lib/py/string.js';
import { compareOp, iterate, strChars } from './expr-ops.js';
import { intArg, named, type PyCallable, type PyKwargs } from './expr-builtins.js';

function strArg(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new PyError('TypeError', `${name} arg must be None or str`);
  return v;
}

function cpIndex(s: string, unitIndex: number): number {
  return unitIndex < 0 ? -1 : strChars(s.slice(0, unitIndex)).length;
}

function findIn(s: string, a: unknown[], fromRight: boolean): number {
  const sub = a[0];
  if (typeof sub !== 'string') throw new PyError('TypeError', `must be str, not ${pyTypeName(sub)}`);
  const chars = strChars(s);
  const [lo, hi] = pySliceBounds(chars.length, a[1] == null ? null : intArg(a[1]), a[2] == null ? null : intArg(a[2]));
  const window = chars.slice(lo, hi).join('');
  const i = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
  return i < 0 ? -1 : lo + cpIndex(window, i);
}

function affix(s: string, a: unknown[], name: string, test: (s: string, p: string) => boolean): boolean {
  const p = a[0];
  const chars = strChars(s);
  const [lo, hi] = pySliceBounds(chars.length, a[1] == null ? null : intArg(a[1]), a[2] == null ? null : intArg(a[2]));
  const window = lo === 0 && hi === chars.length ? s : chars.slice(lo, hi).join('');
  if (typeof p === 'string') return test(window, p);
  if (Array.isArray(p)) {
    return p.some((x) => {
      if (typeof x !== 'string') throw new PyError('TypeError', `tuple for ${name} must only contain str, not ${pyTypeName(x)}`);
      return test(window, x);
    });
  }
  throw new PyError('TypeError', `${name} first arg must be str or a tuple of str, not ${pyTypeName(p)}`);
}

function justify(s: string, a: unknown[], mode: 'l' | 'r' | 'c'): string {
  const width = intArg(a[0]);
  const fill = a[1] === undefined ? ' ' : String(a[1]);
  const len = strChars(s).length;
  if (width <= len) return s;
  const marg = width - len;
  if (mode === 'l') return s + fill.repeat(marg);
  if (mode === 'r') return fill.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

function rsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  const rev = (x: string): string => [...x].reverse().join('');
  return pySplit(rev(s), sep === null ? null : rev(sep), maxsplit).map(rev).reverse();
}

export type Method = (self: never, args: unknown[], kw: PyKwargs) => unknown;

const STR_METHODS: Record<string, (s: string, a: unknown[], kw: PyKwargs) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  strip: (s, a) => pyStrip(s, a[0] == null ? null : strArg('strip', a[0]), 'both'),
  lstrip: (s, a) => pyStrip(s, a[0] == null ? null : strArg('lstrip', a[0]), 'left'),
  rstrip: (s, a) => pyStrip(s, a[0] == null ? null : strArg('rstrip', a[0]), 'right'),
  split: (s, a, kw) => pySplit(s, (a[0] ?? kw?.sep ?? null) as string | null, intArg(a[1] ?? kw?.maxsplit ?? -1)),
  rsplit: (s, a, kw) => rsplit(s, (a[0] ?? kw?.sep ?? null) as string | null, intArg(a[1] ?? kw?.maxsplit ?? -1)),
  splitlines: (s) => pySplitlines(s),
  startswith: (s, a) => affix(s, a, 'startswith', (w, p) => w.startsWith(p)),
  endswith: (s, a) => affix(s, a, 'endswith', (w, p) => w.endsWith(p)),
  replace: (s, a) => pyReplace(s, strArg('replace', a[0]), strArg('replace', a[1]), a[2] == null ? -1 : intArg(a[2])).result,
  count: (s, a) => {
    const chars = strChars(s);
    const [lo, hi] = pySliceBounds(chars.length, a[1] == null ? null : intArg(a[1]), a[2] == null ? null : intArg(a[2]));
    return pyCount(chars.slice(lo, hi).join(''), strArg('count', a[0]));
  },
  find: (s, a) => findIn(s, a, false),
  rfind: (s, a) => findIn(s, a, true),
  index: (s, a) => {
    const i = findIn(s, a, false);
    if (i < 0) throw new PyError('ValueError', 'substring not found');
    return i;
  },
  rindex: (s, a) => {
    const i = findIn(s, a, true);
    if (i < 0) throw new PyError('ValueError', 'substring not found');
    return i;
  },
  join: (s, a) =>
    iterate(a[0])
      .map((x, i) => {
        if (typeof x !== 'string') throw new PyError('TypeError', `sequence item ${i}: expected str instance, ${pyTypeName(x)} found`);
        return x;
      })
      .join(s),
  format: (s, a, kw) => pyFormat(s, new Map(Object.entries(kw ?? {})), a),
  title: (s) => pyTitle(s),
  capitalize: (s) => pyCapitalize(s),
  swapcase: (s) => pySwapcase(s),
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s.length > 0 && [...s].every(isPyWhitespace),
  islower: (s) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s),
  istitle: (s) => s.length > 0 && pyTitle(s) === s && /[\p{Lu}\p{Lt}]/u.test(s),
  zfill: (s, a) => {
    const w = intArg(a[0]);
    const len = strChars(s).length;
    if (len >= w) return s;
    const sign = s[0] === '-' || s[0] === '+' ? (s[0] as string) : '';
    return sign + '0'.repeat(w - len) + s.slice(sign.length);
  },
  center: (s, a) => justify(s, a, 'c'),
  ljust: (s, a) => justify(s, a, 'l'),
  rjust: (s, a) => justify(s, a, 'r'),
  partition: (s, a) => {
    const sep = strArg('partition', a[0]);
    const i = s.indexOf(sep);
    return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
  },
  rpartition: (s, a) => {
    const sep = strArg('rpartition', a[0]);
    const i = s.lastIndexOf(sep);
    return i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)];
  },
  removeprefix: (s, a) => {
    const p = strArg('removeprefix', a[0]);
    return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a) => {
    const p = strArg('removesuffix', a[0]);
    return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
};

const LIST_METHODS: Record<string, (l: unknown[], a: unknown[], kw: PyKwargs) => unknown> = {
  count: (l, a) => l.filter((x) => compareOp('==', x, a[0])).length,
  index: (l, a) => {
    const i = l.findIndex((x) => compareOp('==', x, a[0]));
    if (i < 0) throw new PyError('ValueError', `${pyRepr(a[0])} is not in list`);
    return i;
  },
  copy: (l) => l.slice(),
};

const DICT_METHODS: Record<string, (d: Record<string, unknown>, a: unknown[], kw: PyKwargs) => unknown> = {
  get: (d, a) => {
    const k = a[0];
    return typeof k === 'string' && Object.hasOwn(d, k) ? d[k] : (a[1] ?? null);
  },
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.entries(d),
  copy: (d) => ({ ...d }),
};

/** The method `name` of `v`'s type, unbound (call it as `m(v, args, kwargs)`), or undefined. */
export function methodOf(v: unknown, name: string): Method | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof v === 'string') table = STR_METHODS as Record<string, Method>;
  else if (Array.isArray(v)) table = LIST_METHODS as Record<string, Method>;
  else if (v !== null && typeof v === 'object' && !(v instanceof Set) && !(v instanceof Map)) table = DICT_METHODS as Record<string, Method>;
  if (table === undefined || !Object.hasOwn(table, name)) return undefined;
  return table[name] as Method;
}

/** A bound method of `v` named `name` (a value: `f = s.upper`), or undefined. Calls `x.m(...)` skip the binding. */
export function getMethod(v: unknown, name: string): PyCallable | undefined {
  const m = methodOf(v, name);
  if (m === undefined) return undefined;
  return named((args, kw) => m(v as never, args, kw), `<built-in method ${name} of ${pyTypeName(v)} object>`);
}

