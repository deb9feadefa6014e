/**
 * Built-in functions available to expressions (value methods: expr-methods.ts). A Python callable is a JS
 * function `(args, kwargs) => value`; its `toString` gives Python's repr (`<class 'int'>`,
 * `<built-in function len>`), so it renders sensibly through pyStr.
 */
import { pyHashKey, pyLt, pySorted, pyTruthy } from '../lib/py/compare.js';
import { pyFloat, pyInt, pyRound } from '../lib/py/convert.js';
import { PyError } from '../lib/py/errors.js';
import { pyFormatValue } from '../lib/py/format-spec.js';
import { pyRepr, pyStr, pyTypeName } from '../lib/py/str.js';
import { binaryOp, isNum, iterate, makeSlice, strChars } from './expr-ops.js';

export type PyKwargs = Readonly<Record<string, unknown>> | null;
export type PyCallable = (args: unknown[], kwargs: PyKwargs) => unknown;

const MAX_RANGE = 10_000_000;

export function named<F extends PyCallable>(fn: F, repr: string): F {
  Object.defineProperty(fn, 'toString', { value: () => repr });
  return fn;
}

export function isCallable(v: unknown): v is PyCallable {
  return typeof v === 'function';
}

function argCount(name: string, args: unknown[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `exactly ${min} argument${min === 1 ? '' : 's'}` : args.length < min ? `at least ${min} argument${min === 1 ? '' : 's'}` : `at most ${max} argument${max === 1 ? '' : 's'}`;
    throw new PyError('TypeError', `${name}() takes ${want} (${args.length} given)`);
  }
}

function noKwargs(name: string, kw: PyKwargs, allowed: readonly string[] = []): void {
  if (kw === null) return;
  for (const k of Object.keys(kw)) {
    if (!allowed.includes(k)) {
      throw new PyError('TypeError', allowed.length === 0 ? `${name}() takes no keyword arguments` : `'${k}' is an invalid keyword argument for ${name}()`);
    }
  }
}

export function intArg(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyError('TypeError', `'${pyTypeName(v)}' object cannot be interpreted as an integer`);
}

function callKey(key: unknown): ((x: unknown) => unknown) | undefined {
  if (key == null) return undefined;
  if (!isCallable(key)) throw new PyError('TypeError', `'${pyTypeName(key)}' object is not callable`);
  return (x) => key([x], null);
}

function minMax(name: 'min' | 'max', args: unknown[], kw: PyKwargs): unknown {
  noKwargs(name, kw, ['key', 'default']);
  if (args.length === 0) throw new PyError('TypeError', `${name} expected at least 1 argument, got 0`);
  const items = args.length === 1 ? iterate(args[0]) : args;
  if (items.length === 0) {
    if (kw !== null && Object.hasOwn(kw, 'default')) return kw.default;
    throw new PyError('ValueError', `${name}() iterable argument is empty`);
  }
  const key = callKey(kw?.key);
  let best = items[0];
  let bestKey = key === undefined ? best : key(best);
  for (let i = 1; i < items.length; i++) {
    const x = items[i];
    const k = key === undefined ? x : key(x);
    if (name === 'min' ? pyLt(k, bestKey) : pyLt(bestKey, k)) {
      best = x;
      bestKey = k;
    }
  }
  return best;
}

function toSet(items: unknown[]): Set<unknown> {
  const seen = new Map<unknown, unknown>();
  for (const x of items) {
    if (x !== null && typeof x === 'object') throw new PyError('TypeError', `unhashable type: '${pyTypeName(x)}'`);
    const k = pyHashKey(x);
    if (!seen.has(k)) seen.set(k, x);
  }
  return new Set(seen.values());
}

function pyLen(v: unknown): number {
  if (typeof v === 'string') return strChars(v).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Set || v instanceof Map) return v.size;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  throw new PyError('TypeError', `object of type '${pyTypeName(v)}' has no len()`);
}

function radix(prefix: string, base: number) {
  return (args: unknown[]): string => {
    const x = intArg(args[0]);
    return (x < 0 ? '-' : '') + prefix + Math.abs(x).toString(base);
  };
}

function intWithBase(args: unknown[]): number {
  if (args.length < 2) return args.length === 0 ? 0 : pyInt(args[0]);
  const s = args[0];
  const base = intArg(args[1]);
  if (typeof s !== 'string') throw new PyError('TypeError', "int() can't convert non-string with explicit base");
  let t = s.trim().replaceAll('_', '').toLowerCase();
  const neg = t.startsWith('-');
  if (neg || t.startsWith('+')) t = t.slice(1);
  let b = base;
  if (b === 0 || b === 16 || b === 8 || b === 2) {
    const m = /^0([xob])/.exec(t);
    if (m !== null) {
      b = m[1] === 'x' ? 16 : m[1] === 'o' ? 8 : 2;
      t = t.slice(2);
    } else if (b === 0) b = 10;
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (t === '' || [...t].some((c) => !digits.includes(c))) {
    throw new PyError('ValueError', `invalid literal for int() with base ${base}: ${pyRepr(s)}`);
  }
  return (neg ? -1 : 1) * parseInt(t, b);
}

function typeObj(name: string, fn: PyCallable): PyCallable {
  return named(fn, `<class '${name}'>`);
}

const noneType = typeObj('NoneType', () => null);

const T_INT = typeObj('int', (a, kw) => (noKwargs('int', kw), intWithBase(a)));
const T_FLOAT = typeObj('float', (a, kw) => (noKwargs('float', kw), argCount('float', a, 0, 1), a.length === 0 ? 0 : pyFloat(a[0])));
const T_STR = typeObj('str', (a, kw) => (noKwargs('str', kw), a.length === 0 ? '' : pyStr(a[0])));
const T_BOOL = typeObj('bool', (a, kw) => (noKwargs('bool', kw), a.length === 0 ? false : pyTruthy(a[0])));
const T_LIST = typeObj('list', (a, kw) => (noKwargs('list', kw), a.length === 0 ? [] : [...iterate(a[0])]));
const T_TUPLE = typeObj('tuple', (a, kw) => (noKwargs('tuple', kw), a.length === 0 ? [] : [...iterate(a[0])]));
const T_SET = typeObj('set', (a, kw) => (noKwargs('set', kw), toSet(a.length === 0 ? [] : iterate(a[0]))));
const T_DICT = typeObj('dict', (a, kw) => {
  const out: Record<string, unknown> = {};
  if (a.length > 0) {
    const src = a[0];
    if (src !== null && typeof src === 'object' && !Array.isArray(src) && !(src instanceof Set)) Object.assign(out, src);
    else {
      for (const pair of iterate(src)) {
        const kv = iterate(pair);
        if (kv.length !== 2) throw new PyError('ValueError', `dictionary update sequence element has length ${kv.length}; 2 is required`);
        out[dictKey(kv[0])] = kv[1];
      }
    }
  }
  if (kw !== null) Object.assign(out, kw);
  return out;
});

/** Dict keys are strings in this value model; Python keys of other types are stored as str(). */
export function dictKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k !== null && typeof k === 'object') throw new PyError('TypeError', `unhashable type: '${pyTypeName(k)}'`);
  return pyStr(k);
}

const TYPE_BY_NAME: Record<string, PyCallable> = {
  int: T_INT, float: T_FLOAT, str: T_STR, bool: T_BOOL, list: T_LIST, dict: T_DICT, set: T_SET, NoneType: noneType,
};

function fn(name: string, f: PyCallable): PyCallable {
  return named(f, `<built-in function ${name}>`);
}

const ALL: Record<string, PyCallable> = {
  int: T_INT,
  float: T_FLOAT,
  str: T_STR,
  bool: T_BOOL,
  list: T_LIST,
  tuple: T_TUPLE,
  set: T_SET,
  dict: T_DICT,
  len: fn('len', (a, kw) => (noKwargs('len', kw), argCount('len', a, 1, 1), pyLen(a[0]))),
  abs: fn('abs', (a) => {
    argCount('abs', a, 1, 1);
    if (!isNum(a[0])) throw new PyError('TypeError', `bad operand type for abs(): '${pyTypeName(a[0])}'`);
    return Math.abs(Number(a[0]));
  }),
  min: fn('min', (a, kw) => minMax('min', a, kw)),
  max: fn('max', (a, kw) => minMax('max', a, kw)),
  sum: fn('sum', (a, kw) => {
    noKwargs('sum', kw, ['start']);
    argCount('sum', a, 1, 2);
    let acc: unknown = a.length > 1 ? a[1] : kw?.start ?? 0;
    if (typeof acc === 'string') throw new PyError('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    for (const x of iterate(a[0])) acc = binaryOp('+', acc, x);
    return acc;
  }),
  round: fn('round', (a, kw) => {
    noKwargs('round', kw, ['ndigits']);
    argCount('round', a, 1, 2);
    const x = a[0];
    if (!isNum(x)) throw new PyError('TypeError', `type ${pyTypeName(x)} doesn't define __round__ method`);
    const nd = a.length > 1 ? a[1] : kw?.ndigits;
    return pyRound(Number(x), nd == null ? null : intArg(nd));
  }),
  sorted: fn('sorted', (a, kw) => {
    noKwargs('sorted', kw, ['key', 'reverse']);
    argCount('sorted', a, 1, 1);
    const key = callKey(kw?.key);
    return pySorted(iterate(a[0]), { ...(key === undefined ? {} : { key }), reverse: pyTruthy(kw?.reverse ?? false) });
  }),
  range: fn('range', (a, kw) => {
    noKwargs('range', kw);
    argCount('range', a, 1, 3);
    const [start, stop, step] = a.length === 1 ? [0, intArg(a[0]), 1] : [intArg(a[0]), intArg(a[1]), a.length > 2 ? intArg(a[2]) : 1];
    if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
    const n = Math.max(0, Math.ceil((stop - start) / step));
    if (n > MAX_RANGE) throw new PyError('IterableTooLong', 'Sorry, I will not evalute something that long.');
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = start + i * step;
    return out;
  }),
  any: fn('any', (a) => (argCount('any', a, 1, 1), iterate(a[0]).some(pyTruthy))),
  all: fn('all', (a) => (argCount('all', a, 1, 1), iterate(a[0]).every(pyTruthy))),
  rand: fn('random', () => Math.random()),
  randint: fn('randint', (a) => {
    argCount('randint', a, 2, 2);
    const lo = intArg(a[0]);
    const hi = intArg(a[1]);
    if (hi < lo) throw new PyError('ValueError', `empty range in randrange(${lo}, ${hi + 1})`);
    return lo + Math.floor(Math.random() * (hi - lo + 1));
  }),
  bin: fn('bin', radix('0b', 2)),
  oct: fn('oct', radix('0o', 8)),
  hex: fn('hex', radix('0x', 16)),
  chr: fn('chr', (a) => {
    const i = intArg(a[0]);
    if (i < 0 || i > 0x10ffff) throw new PyError('ValueError', 'chr() arg not in range(0x110000)');
    return String.fromCodePoint(i);
  }),
  ord: fn('ord', (a) => {
    const s = a[0];
    if (typeof s !== 'string') throw new PyError('TypeError', `ord() expected string of length 1, but ${pyTypeName(s)} found`);
    const chars = strChars(s);
    if (chars.length !== 1) throw new PyError('TypeError', `ord() expected a character, but string of length ${chars.length} found`);
    return s.codePointAt(0) as number;
  }),
  enumerate: fn('enumerate', (a, kw) => {
    noKwargs('enumerate', kw, ['start']);
    const start = intArg(a.length > 1 ? a[1] : kw?.start ?? 0);
    return iterate(a[0]).map((x, i) => [start + i, x]);
  }),
  filter: fn('filter', (a) => {
    argCount('filter', a, 2, 2);
    const f = a[0];
    const items = iterate(a[1]);
    if (f === null) return items.filter(pyTruthy);
    if (!isCallable(f)) throw new PyError('TypeError', `'${pyTypeName(f)}' object is not callable`);
    return items.filter((x) => pyTruthy(f([x], null)));
  }),
  map: fn('map', (a) => {
    if (a.length < 2) throw new PyError('TypeError', 'map() must have at least two arguments.');
    const f = a[0];
    if (!isCallable(f)) throw new PyError('TypeError', `'${pyTypeName(f)}' object is not callable`);
    const lists = a.slice(1).map(iterate);
    const n = Math.min(...lists.map((l) => l.length));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(f(lists.map((l) => l[i]), null));
    return out;
  }),
  zip: fn('zip', (a) => {
    const lists = a.map(iterate);
    if (lists.length === 0) return [];
    const n = Math.min(...lists.map((l) => l.length));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(lists.map((l) => l[i]));
    return out;
  }),
  format: fn('format', (a) => {
    argCount('format', a, 1, 2);
    const spec = a.length > 1 ? a[1] : '';
    if (typeof spec !== 'string') throw new PyError('TypeError', `format() argument 2 must be str, not ${pyTypeName(spec)}`);
    return pyFormatValue(a[0], spec);
  }),
  pow: fn('pow', (a) => {
    argCount('pow', a, 2, 3);
    if (a.length === 2 || a[2] == null) return binaryOp('**', a[0], a[1]);
    const base = BigInt(intArg(a[0]));
    let exp = BigInt(intArg(a[1]));
    const mod = BigInt(intArg(a[2]));
    if (mod === 0n) throw new PyError('ValueError', 'pow() 3rd argument cannot be 0');
    if (exp < 0n) throw new PyError('ValueError', 'base is not invertible for the given modulus');
    let result = 1n;
    let b = ((base % mod) + mod) % mod;
    while (exp > 0n) {
      if (exp & 1n) result = (result * b) % mod;
      b = (b * b) % mod;
      exp >>= 1n;
    }
    return Number(mod < 0n && result > 0n ? result + mod : result);
  }),
  repr: fn('repr', (a) => (argCount('repr', a, 1, 1), pyRepr(a[0]))),
  reversed: fn('reversed', (a) => {
    argCount('reversed', a, 1, 1);
    const v = a[0];
    if (!Array.isArray(v) && typeof v !== 'string') throw new PyError('TypeError', `'${pyTypeName(v)}' object is not reversible`);
    return [...iterate(v)].reverse();
  }),
  slice: typeObj('slice', (a) => {
    argCount('slice', a, 1, 3);
    return a.length === 1 ? makeSlice(null, a[0], null) : makeSlice(a[0], a[1], a[2] ?? null);
  }),
  type: typeObj('type', (a) => {
    argCount('type', a, 1, 1);
    return TYPE_BY_NAME[pyTypeName(a[0])] ?? typeObj(pyTypeName(a[0]), () => null);
  }),
};

/** Functions of simpleeval conditions (§11.2). */
export const CONDITION_FUNCTIONS: ReadonlyMap<string, PyCallable> = new Map(
  ['int', 'float', 'str', 'rand', 'randint', 'len', 'bool', 'abs', 'min', 'max', 'sum', 'round', 'sorted', 'list', 'tuple', 'range', 'any', 'all'].map(
    (n) => [n, ALL[n] as PyCallable],
  ),
);

/** Builtins of EvalExpressionNode (nodes.md §12). */
export const PYTHON_BUILTINS: ReadonlyMap<string, PyCallable> = new Map(
  ['abs', 'all', 'any', 'bin', 'bool', 'chr', 'dict', 'enumerate', 'filter', 'float', 'format', 'hex', 'int', 'len', 'list', 'map', 'max', 'min', 'oct', 'ord', 'pow', 'range', 'repr', 'reversed', 'round', 'set', 'slice', 'sorted', 'str', 'sum', 'tuple', 'type', 'zip'].map(
    (n) => [n, ALL[n] as PyCallable],
  ),
);

// ---- methods ---------------------------------------------------------------------------------
