/** Python `float()`, `int()` and `round()` on JavaScript numbers. */
import { PyError } from './errors.js';
import { pyRepr, pyTypeName } from './str.js';

const FLOAT_LITERAL = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const INT_LITERAL = /^[+-]?\d(?:_?\d)*$/;

function pyStripWs(s: string): string {
  // Python's str.strip() whitespace matches JavaScript's trim() closely enough for numbers.
  return s.trim();
}

/** Python `float(v)`. */
export function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = pyStripWs(v);
    if (FLOAT_LITERAL.test(s)) return Number(s.includes('_') ? s.replaceAll('_', '') : s);
    const m = FLOAT_SPECIAL.exec(s);
    if (m !== null) {
      if ((m[2] as string).toLowerCase() === 'nan') return NaN;
      return m[1] === '-' ? -Infinity : Infinity;
    }
    throw new PyError('ValueError', `could not convert string to float: ${pyRepr(v)}`);
  }
  throw new PyError(
    'TypeError',
    `float() argument must be a string or a real number, not '${pyTypeName(v)}'`,
  );
}

/** Python `int(v)` (base 10). */
export function pyInt(v: unknown): number {
  if (typeof v === 'number') {
    if (v !== v) throw new PyError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(v) + 0;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const s = pyStripWs(v);
    if (INT_LITERAL.test(s)) return Number(s.includes('_') ? s.replaceAll('_', '') : s) + 0;
    throw new PyError('ValueError', `invalid literal for int() with base 10: ${pyRepr(v)}`);
  }
  throw new PyError(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(v)}'`,
  );
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff < 0.5) r = f;
  else if (diff > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  return r + 0; // no -0: Python's round() without ndigits returns an int
}

/**
 * Python `round(x, ndigits)`: ties to even on the exact binary value of `x`, so
 * `round(2.675, 2)` is 2.67 (2.675 is stored below the tie) and `round(0.125, 2)` is 0.12.
 */
export function pyRound(x: number, ndigits?: number | null): number {
  if (ndigits === undefined || ndigits === null) {
    if (!Number.isFinite(x)) {
      throw new PyError(
        x !== x ? 'ValueError' : 'OverflowError',
        x !== x ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer',
      );
    }
    return roundHalfEven(x);
  }
  if (!Number.isFinite(x) || x === 0) return x;
  const nd = Math.trunc(ndigits);
  if (nd < 0) {
    if (nd < -308) return 0 * Math.sign(x);
    const p = 10 ** -nd;
    const q = x / p;
    const r = Math.floor(q);
    const diff = q - r;
    const k = diff < 0.5 ? r : diff > 0.5 ? r + 1 : r % 2 === 0 ? r : r + 1;
    return k * p;
  }
  // Integral or huge values, or more digits than a double carries: unchanged.
  if (Math.abs(x) >= 1e21 || nd > 99 || Number.isInteger(x)) return x;
  return Number(toFixedHalfEven(x, nd));
}

/**
 * `x.toFixed(digits)` with Python's rounding: toFixed rounds the exact binary value to nearest
 * but sends exact ties away from zero; Python sends them to even (`'%.2f' % 0.125` is `0.12`).
 * Exact ties are found from the 100-digit expansion (exact for all but the tiniest magnitudes).
 */
export function toFixedHalfEven(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || digits >= 100) return rounded;
  const probe = x.toFixed(digits + 1);
  if (probe.charCodeAt(probe.length - 1) !== 53 /* 5 */) return rounded;
  const full = x.toFixed(100);
  const dot = full.indexOf('.');
  const cut = dot + 1 + digits;
  if (full.charCodeAt(cut) !== 53 || !/^0*$/.test(full.slice(cut + 1))) return rounded;
  const truncated = digits === 0 ? full.slice(0, dot) : full.slice(0, cut);
  const lastDigit = truncated.charCodeAt(truncated.length - 1) - 48;
  return lastDigit % 2 === 0 ? truncated : rounded;
}
