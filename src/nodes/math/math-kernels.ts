/**
 * MathOperationNode's operations on floats with Python's `float` and `math` semantics
 * (nodes.md §7): error texts, floor division and modulo signs, int-valued floor/ceil/round.
 */
import { pyRound } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';

const domainError = (): PyError => new PyError('ValueError', 'math domain error');
const rangeError = (): PyError => new PyError('OverflowError', 'math range error');

/** Python float `%`: the result takes the divisor's sign. */
export function pyFloatMod(a: number, b: number): number {
  if (b === 0) throw new PyError('ZeroDivisionError', 'float modulo');
  let mod = a % b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
  } else {
    mod = b < 0 ? -0 : 0;
  }
  return mod;
}

/** Python float `//` (CPython's float_floor_div). */
export function pyFloatFloorDiv(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return (a / b < 0 ? -0 : 0);
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

/** Python `math.floor`/`math.ceil` to int: infinities and NaN fail like CPython. */
function toIntChecked(x: number, f: (x: number) => number): number {
  if (x !== x) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  return f(x) + 0;
}

/** A finite argument giving a non-finite result is a range error; a NaN result a domain error. */
function checked(x: number, r: number): number {
  if (r !== r && x === x) throw domainError();
  if (!Number.isFinite(r) && Number.isFinite(x)) throw rangeError();
  return r;
}

function pyLog(a: number, base: number | null): number {
  if (!(a > 0)) throw domainError();
  const num = Math.log(a);
  if (base === null) return num;
  if (!(base > 0)) throw domainError();
  const den = Math.log(base);
  if (den === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
  return num / den;
}

function pyPow(a: number, b: number): number {
  const r = a ** b;
  if (r !== r && a === a && b === b) throw domainError();
  if (a === 0 && b < 0) throw domainError();
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw rangeError();
  return r;
}

/** Apply `op` (already lower-cased) to `a`, `b`; null for an unknown operation. */
export function mathOperation(op: string, a: number, b: number): number | null {
  switch (op) {
    case 'add': return a + b;
    case 'subtract': return a - b;
    case 'multiply': return a * b;
    case 'divide':
      if (b === 0) throw new PyError('ZeroDivisionError', 'Division by zero');
      return a / b;
    case 'floor_divide':
      if (b === 0) throw new PyError('ZeroDivisionError', 'Division by zero');
      return pyFloatFloorDiv(a, b);
    case 'power': return pyPow(a, b);
    case 'modulo': return pyFloatMod(a, b);
    case 'min': return b < a ? b : a;
    case 'max': return b > a ? b : a;
    case 'abs': return Math.abs(a);
    case 'sqrt':
      if (a < 0) throw domainError();
      return Math.sqrt(a);
    case 'floor': return toIntChecked(a, Math.floor);
    case 'ceil': return toIntChecked(a, Math.ceil);
    case 'round': return pyRound(a);
    case 'sin': return checked(a, Math.sin(a));
    case 'cos': return checked(a, Math.cos(a));
    case 'tan': return checked(a, Math.tan(a));
    case 'log': return pyLog(a, b === 0 ? null : b);
    case 'log10':
      if (!(a > 0)) throw domainError();
      return Math.log10(a);
    case 'exp': return checked(a, Math.exp(a));
    case 'negate': return -a;
    default: return null;
  }
}
