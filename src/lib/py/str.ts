/**
 * Python `str()` / `repr()` of JSON-like values with Casare's number rule (D7): one number type,
 * integral values render like ints, others as JavaScript's shortest round-trip text; `inf`, `-inf`
 * and `nan` as Python prints them.
 */
import { PyError } from './errors.js';

/** Python-style text of a number under D7. */
export function pyNumberStr(n: number): string {
  if (n !== n) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python type name of a value: NoneType, bool, int, float, str, list, dict. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
    default:
      break;
  }
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Set) return 'set';
  if (v instanceof Map) return 'dict';
  return 'dict';
}

/** Python `str(v)`. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Python `repr(v)`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'string':
      return reprString(v);
    case 'number':
      return pyNumberStr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'bigint':
      return v.toString();
    case 'object':
      try {
        return reprContainer(v as object, []);
      } catch (err) {
        if (err instanceof RangeError) {
          throw new PyError('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
        }
        throw err;
      }
    default:
      return String(v);
  }
}

// Characters Python's str.isprintable() rejects (other than the ones escaped by name below):
// categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs except the ASCII space.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;
const NEEDS_ESCAPE = /[\\'"\p{C}\p{Z}]/u;

function reprString(s: string): string {
  const hasSingle = s.includes("'");
  const quote = hasSingle && !s.includes('"') ? '"' : "'";
  if (!NEEDS_ESCAPE.test(s)) return quote + s + quote;
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 32) out += ' ';
    else if (c < 0x7f && c >= 0x20) out += ch;
    else {
      let cp = c;
      let text = ch;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          text = s.slice(i, i + 2);
          i++;
        }
      }
      if (!NON_PRINTABLE.test(text)) out += text;
      else if (cp <= 0xff) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    }
  }
  return out + quote;
}

function reprContainer(v: object, seen: object[]): string {
  if (Array.isArray(v)) {
    if (seen.includes(v)) return '[...]';
    if (v.length === 0) return '[]';
    seen.push(v);
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ', ';
      out += reprItem(v[i], seen);
    }
    seen.pop();
    return out + ']';
  }
  if (v instanceof Uint8Array) return reprBytes(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Set) {
    if (v.size === 0) return 'set()';
    const parts: string[] = [];
    for (const x of v) parts.push(reprItem(x, seen));
    return '{' + parts.join(', ') + '}';
  }
  if (seen.includes(v)) return '{...}';
  seen.push(v);
  let out = '{';
  let first = true;
  const entries: Iterable<[unknown, unknown]> =
    v instanceof Map ? v.entries() : Object.entries(v as Record<string, unknown>);
  for (const [k, x] of entries) {
    if (!first) out += ', ';
    first = false;
    out += reprItem(k, seen) + ': ' + reprItem(x, seen);
  }
  seen.pop();
  return out + '}';
}

function reprItem(x: unknown, seen: object[]): string {
  if (x !== null && typeof x === 'object') return reprContainer(x, seen);
  return pyRepr(x);
}

function reprBytes(b: Uint8Array): string {
  let out = "b'";
  for (const c of b) {
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x27) out += "\\'";
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + "'";
}
