/**
 * Python equality, ordering, truthiness, sorting and hashing of JSON-like values (§11.1).
 * Bools are numbers (True == 1); strings never equal numbers; lists compare structurally and
 * lexicographically; dicts compare structurally and are unorderable.
 */
import { PyError } from './errors.js';
import { pyStr, pyTypeName } from './str.js';

export type PyCompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);
}

/** Python `a == b`. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return a === a; // NaN !== NaN
  if (a == null || b == null) return a == null && b == null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'boolean') {
    if (tb !== 'number' && tb !== 'boolean') return false;
    return Number(a) === Number(b);
  }
  if (ta === 'string' || tb === 'string') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map || a instanceof Set || b instanceof Set) return false;
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b, k) || !pyEq(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

function unorderable(op: string, a: unknown, b: unknown): PyError {
  return new PyError(
    'TypeError',
    `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

/** Code-point comparison (JS `<` on strings compares UTF-16 units, which differs above U+FFFF). */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const pa = a.codePointAt(i) as number;
      const pb = b.codePointAt(i) as number;
      return pa < pb ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * Three-way order of a and b as Python's rich comparison would see it for `op`: negative, zero,
 * positive, or NaN when the values are unordered (a float NaN is involved).
 */
function order(op: string, a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  if (ta === 'string' && tb === 'string') return compareStrings(a as string, b as string);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEq(a[i], b[i])) return order(op, a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw unorderable(op, a, b);
}

/** Python `a < b`; raises TypeError for unorderable mixes. */
export function pyLt(a: unknown, b: unknown): boolean {
  return order('<', a, b) < 0;
}

/** Python `a <op> b`. */
export function pyCompare(op: PyCompareOp, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEq(a, b);
    case '!=':
      return !pyEq(a, b);
    case '<':
      return order(op, a, b) < 0;
    case '<=':
      return order(op, a, b) <= 0;
    case '>':
      return order(op, a, b) > 0;
    case '>=':
      return order(op, a, b) >= 0;
  }
}

/** Python `bool(v)`. */
export function pyTruthy(v: unknown): boolean {
  if (v == null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0; // nan is truthy in Python
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'object':
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof Map || v instanceof Set) return v.size > 0;
      if (v instanceof Uint8Array) return v.length > 0;
      for (const _ in v) return true;
      return false;
    default:
      return true;
  }
}

/** Python `sorted(items, key=..., reverse=...)`: stable, and reverse keeps equal items in order. */
export function pySorted<T>(
  items: readonly T[],
  opts?: { key?: (x: T) => unknown; reverse?: boolean },
): T[] {
  const n = items.length;
  if (n < 2) return items.slice();
  const keyFn = opts?.key;
  const keys: unknown[] = keyFn === undefined ? (items as readonly unknown[]).slice() : items.map((x) => keyFn(x));
  const sign = opts?.reverse === true ? -1 : 1;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((i, j) => {
    const ki = keys[i];
    const kj = keys[j];
    // Python's sort only asks `<`; two `<` probes give the three-way answer.
    let c: number;
    if (typeof ki === 'number' && typeof kj === 'number') c = ki < kj ? -1 : kj < ki ? 1 : 0;
    else c = order('<', ki, kj);
    if (c !== c || c === 0) return i - j;
    return c < 0 ? -sign : sign;
  });
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[idx[i] as number] as T;
  return out;
}

/**
 * A Map/Set key equal for Python-equal hashable values: 1, 1.0 and True share a key, strings stay
 * distinct from numbers, None is null. Unhashable values (lists, dicts) use their `str()` text.
 */
export function pyHashKey(v: unknown): string | number | boolean | null {
  if (v == null) return null;
  switch (typeof v) {
    case 'number':
      return v === 0 ? 0 : v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return v;
    default:
      return pyStr(v);
  }
}
