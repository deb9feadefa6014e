/**
 * Python operator semantics on JSON-like values for the expression evaluators: arithmetic,
 * containment, identity, subscripts and iteration. Bools act as ints; one number type (D7).
 */
import { pyCompare, pyEq, type PyCompareOp } from '../lib/py/compare.js';
import { PyError } from '../lib/py/errors.js';
import { pyRepr, pyTypeName } from '../lib/py/str.js';
import { pySliceBounds } from '../lib/py/string.js';

/** simpleeval's guards against runaway values. */
export const MAX_STRING_LENGTH = 100_000;
export const MAX_POWER = 4_000_000;

export function isNum(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function binTypeError(op: string, a: unknown, b: unknown): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function isDictLike(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Map);
}

function repeat<T>(seq: string | T[], times: number): string | T[] {
  const n = Math.max(0, Math.trunc(times));
  if (typeof seq === 'string') {
    if (seq.length * n > MAX_STRING_LENGTH) {
      throw new PyError('IterableTooLong', 'Sorry, I will not evalute something that long.');
    }
    return seq.repeat(n);
  }
  if (seq.length * n > MAX_STRING_LENGTH) throw new PyError('IterableTooLong', 'Sorry, I will not evalute something that long.');
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return out;
}

function pyMod(a: number, b: number): number {
  if (b === 0) {
    throw new PyError('ZeroDivisionError', Number.isInteger(a) && Number.isInteger(b) ? 'integer division or modulo by zero' : 'float modulo');
  }
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r + 0;
}

function toBigInt(v: unknown, op: string, a: unknown, b: unknown): bigint {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw binTypeError(op, a, b);
}

/** Python `a <op> b` for the arithmetic and bitwise operators. */
export function binaryOp(op: string, a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/':
        if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
        return x / y;
      case '//':
        if (y === 0) {
          throw new PyError('ZeroDivisionError', Number.isInteger(x) && Number.isInteger(y) ? 'integer division or modulo by zero' : 'float floor division by zero');
        }
        return Math.floor(x / y) + 0;
      case '%': return pyMod(x, y);
      case '**':
        if (Math.abs(y) > MAX_POWER) throw new PyError('NumberTooHigh', `Sorry! I don't want to evaluate ${x} ** ${y}`);
        if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        if (x < 0 && !Number.isInteger(y)) throw new PyError('ValueError', 'complex results are not supported');
        return x ** y;
      case '<<':
      case '>>':
      case '&':
      case '|':
      case '^': {
        const p = toBigInt(a, op, a, b);
        const q = toBigInt(b, op, a, b);
        if ((op === '<<' || op === '>>') && q < 0n) throw new PyError('ValueError', 'negative shift count');
        if (op === '<<' && q > 4096n) throw new PyError('OverflowError', 'shift count too large');
        const r = op === '<<' ? p << q : op === '>>' ? p >> q : op === '&' ? p & q : op === '|' ? p | q : p ^ q;
        if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) return r !== 0n;
        return Number(r);
      }
      default:
        throw binTypeError(op, a, b);
    }
  }
  switch (op) {
    case '+':
      if (typeof a === 'string') {
        if (typeof b !== 'string') throw new PyError('TypeError', `can only concatenate str (not "${pyTypeName(b)}") to str`);
        if (a.length + b.length > MAX_STRING_LENGTH) throw new PyError('IterableTooLong', 'Sorry, I will not evalute something that long.');
        return a + b;
      }
      if (Array.isArray(a)) {
        if (!Array.isArray(b)) throw new PyError('TypeError', `can only concatenate list (not "${pyTypeName(b)}") to list`);
        return [...a, ...b];
      }
      break;
    case '*':
      if ((typeof a === 'string' || Array.isArray(a)) && isNum(b)) {
        if (!Number.isInteger(Number(b))) throw new PyError('TypeError', `can't multiply sequence by non-int of type '${pyTypeName(b)}'`);
        return repeat(a as string | unknown[], Number(b));
      }
      if ((typeof b === 'string' || Array.isArray(b)) && isNum(a)) {
        if (!Number.isInteger(Number(a))) throw new PyError('TypeError', `can't multiply sequence by non-int of type '${pyTypeName(a)}'`);
        return repeat(b as string | unknown[], Number(a));
      }
      break;
    case '%':
      if (typeof a === 'string') return percentFormat(a, b);
      break;
    case '|':
      if (isDictLike(a) && isDictLike(b)) return { ...a, ...b };
      if (a instanceof Set && b instanceof Set) return new Set([...a, ...b]);
      break;
    case '-':
      if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => !b.has(x)));
      break;
    case '&':
      if (a instanceof Set && b instanceof Set) return new Set([...a].filter((x) => b.has(x)));
      break;
    default:
      break;
  }
  throw binTypeError(op, a, b);
}

/** Python printf-style `fmt % args` for %s %r %d %i %f %e %g %x %o %%. */
function percentFormat(fmt: string, arg: unknown): string {
  const args = Array.isArray(arg) ? arg : [arg];
  let ai = 0;
  const out = fmt.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfFeEgGxXoc%])/g, (_m, flags: string, width?: string, prec?: string, type?: string) => {
    if (type === '%') return '%';
    if (ai >= args.length) throw new PyError('TypeError', 'not enough arguments for format string');
    const v = args[ai++];
    let body: string;
    switch (type) {
      case 's': body = typeof v === 'string' ? v : pyRepr(v); break;
      case 'r': body = pyRepr(v); break;
      case 'c': body = typeof v === 'string' ? v : String.fromCodePoint(Number(v)); break;
      default: {
        if (!isNum(v)) throw new PyError('TypeError', `%${type} format: a real number is required, not ${pyTypeName(v)}`);
        const x = Number(v);
        const p = prec === undefined ? 6 : Number(prec);
        if (type === 'd' || type === 'i') body = String(Math.trunc(Math.abs(x)));
        else if (type === 'x' || type === 'X') body = Math.trunc(Math.abs(x)).toString(16);
        else if (type === 'o') body = Math.trunc(Math.abs(x)).toString(8);
        else if (type === 'f' || type === 'F') body = Math.abs(x).toFixed(p);
        else if (type === 'e' || type === 'E') body = Math.abs(x).toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        else body = String(Number(Math.abs(x).toPrecision(p === 0 ? 1 : p)));
        if (type === 'X' || type === 'E' || type === 'G') body = body.toUpperCase();
        if (x < 0 || Object.is(x, -0) && type !== 'd') body = '-' + body;
        else if (flags.includes('+')) body = '+' + body;
        else if (flags.includes(' ')) body = ' ' + body;
      }
    }
    const w = width === undefined ? 0 : Number(width);
    if (body.length < w) {
      if (flags.includes('-')) body = body.padEnd(w);
      else if (flags.includes('0') && type !== 's' && type !== 'r') {
        const sign = /^[-+ ]/.test(body) ? body[0] : '';
        body = sign + body.slice(sign.length).padStart(w - sign.length, '0');
      } else body = body.padStart(w);
    }
    return body;
  });
  if (ai < args.length && !(args.length === 1 && !Array.isArray(arg) && ai === 0 && isDictLike(arg))) {
    throw new PyError('TypeError', 'not all arguments converted during string formatting');
  }
  return out;
}

/** Python `needle in haystack`. */
export function containsOp(needle: unknown, hay: unknown): boolean {
  if (typeof hay === 'string') {
    if (typeof needle !== 'string') {
      throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${pyTypeName(needle)}`);
    }
    return hay.includes(needle);
  }
  if (Array.isArray(hay)) {
    for (const x of hay) if (pyEq(x, needle)) return true;
    return false;
  }
  if (hay instanceof Set) {
    for (const x of hay) if (pyEq(x, needle)) return true;
    return false;
  }
  if (hay instanceof Map) return hay.has(needle);
  if (isDictLike(hay)) {
    if (needle !== null && typeof needle === 'object') throw new PyError('TypeError', `unhashable type: '${pyTypeName(needle)}'`);
    return typeof needle === 'string' && Object.hasOwn(hay, needle);
  }
  throw new PyError('TypeError', `argument of type '${pyTypeName(hay)}' is not iterable`);
}

/** One comparison step of a chain. */
export function compareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'in': return containsOp(a, b);
    case 'not in': return !containsOp(a, b);
    case 'is': return a === b || (a == null && b == null);
    case 'is not': return !(a === b || (a == null && b == null));
    default: return pyCompare(op as PyCompareOp, a, b);
  }
}

const SURROGATE = /[\ud800-\udfff]/;

/** Code points of a string (Python indexes strings by code point). */
export function strChars(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

function toIndex(v: unknown, what: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyError('TypeError', `${what} indices must be integers or slices, not ${pyTypeName(v)}`);
}

export interface SliceValue {
  readonly lo: unknown;
  readonly hi: unknown;
  readonly step: unknown;
}

export function isSlice(v: unknown): v is SliceValue & { kSlice: true } {
  return v !== null && typeof v === 'object' && (v as { kSlice?: boolean }).kSlice === true;
}

export function makeSlice(lo: unknown, hi: unknown, step: unknown): SliceValue {
  return { lo, hi, step, kSlice: true } as SliceValue;
}

function sliceSeq<T>(seq: T[], s: SliceValue): T[] {
  const opt = (v: unknown): number | null => (v == null ? null : toIndex(v, 'slice'));
  const step = opt(s.step) ?? 1;
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const len = seq.length;
  if (step === 1) {
    const [a, b] = pySliceBounds(len, opt(s.lo), opt(s.hi));
    return seq.slice(a, b);
  }
  const norm = (v: number | null, dflt: number, lowClamp: number, highClamp: number): number => {
    if (v === null) return dflt;
    const x = v < 0 ? v + len : v;
    return Math.min(Math.max(x, lowClamp), highClamp);
  };
  const out: T[] = [];
  if (step > 0) {
    const a = norm(opt(s.lo), 0, 0, len);
    const b = norm(opt(s.hi), len, 0, len);
    for (let i = a; i < b; i += step) out.push(seq[i] as T);
  } else {
    const a = norm(opt(s.lo), len - 1, -1, len - 1);
    const b = norm(opt(s.hi), -1, -1, len - 1);
    for (let i = a; i > b; i += step) out.push(seq[i] as T);
  }
  return out;
}

/** Python `obj[index]` (index may be a slice). */
export function subscriptOp(obj: unknown, index: unknown): unknown {
  if (Array.isArray(obj)) {
    if (isSlice(index)) return sliceSeq(obj, index);
    const i = toIndex(index, 'list');
    const j = i < 0 ? i + obj.length : i;
    if (j < 0 || j >= obj.length) throw new PyError('IndexError', 'list index out of range');
    return obj[j];
  }
  if (typeof obj === 'string') {
    const chars = strChars(obj);
    if (isSlice(index)) return sliceSeq(chars, index).join('');
    const i = toIndex(index, 'string');
    const j = i < 0 ? i + chars.length : i;
    if (j < 0 || j >= chars.length) throw new PyError('IndexError', 'string index out of range');
    return chars[j];
  }
  if (obj instanceof Map) {
    if (!obj.has(index)) throw new PyError('KeyError', pyRepr(index));
    return obj.get(index);
  }
  if (isDictLike(obj)) {
    if (index !== null && typeof index === 'object') throw new PyError('TypeError', `unhashable type: '${pyTypeName(index)}'`);
    if (typeof index === 'string' && Object.hasOwn(obj, index)) return obj[index];
    throw new PyError('KeyError', pyRepr(index));
  }
  throw new PyError('TypeError', `'${pyTypeName(obj)}' object is not subscriptable`);
}

/** Python `iter(v)` materialised: lists, strings (code points), dict keys, sets. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return strChars(v);
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v.keys()];
  if (isDictLike(v)) return Object.keys(v);
  throw new PyError('TypeError', `'${pyTypeName(v)}' object is not iterable`);
}

/** Python unary operators. */
export function unaryOp(op: string, v: unknown): unknown {
  if (isNum(v)) {
    const x = Number(v);
    if (op === '-') return -x;
    if (op === '+') return x;
    if (op === '~' && Number.isInteger(x)) return Number(~BigInt(x));
  }
  throw new PyError('TypeError', `bad operand type for unary ${op}: '${pyTypeName(v)}'`);
}
