/**
 * Python `json.dumps` / `json.loads` (§11.1): `", "` / `": "` separators, `ensure_ascii`
 * escapes, bare NaN/Infinity, `default=str` for values JSON cannot hold, numbers per D7.
 * The parser is iterative (an explicit container stack), so nesting depth is bounded only by
 * memory; its error messages are Python's (`Expecting value: line 1 column 1 (char 0)`).
 */
import { PyError } from './errors.js';
import { pyNumberStr, pyStr } from './str.js';

export interface PyJsonDumpsOptions {
  /** Spaces (number) or the indent string; null/undefined = one line. */
  indent?: number | string | null;
  sortKeys?: boolean;
  /** @default true */
  ensureAscii?: boolean;
}

const NEEDS_ESCAPE_ASCII = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;
const NEEDS_ESCAPE = /[\x00-\x1f"\\]/;

function encodeString(s: string, ascii: boolean): string {
  if (!(ascii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

function encodeNumber(n: number): string {
  if (n !== n) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return pyNumberStr(n);
}

function dictKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'number') return encodeNumber(k);
  throw new PyError('TypeError', `keys must be str, int, float, bool or None, not ${typeof k}`);
}

/** Python `json.dumps(v, indent=, sort_keys=, ensure_ascii=, default=str)`. */
export function pyJsonDumps(v: unknown, opts?: PyJsonDumpsOptions): string {
  const ascii = opts?.ensureAscii !== false;
  const sortKeys = opts?.sortKeys === true;
  const ind = opts?.indent;
  const indentUnit =
    ind === null || ind === undefined ? null : typeof ind === 'number' ? ' '.repeat(Math.max(0, ind)) : ind;
  const seen: object[] = [];

  const enc = (x: unknown, level: number): string => {
    if (x === null || x === undefined) return 'null';
    switch (typeof x) {
      case 'string':
        return encodeString(x, ascii);
      case 'number':
        return encodeNumber(x);
      case 'boolean':
        return x ? 'true' : 'false';
      case 'object':
        break;
      default:
        return encodeString(pyStr(x), ascii);
    }
    const obj = x as object;
    const isArray = Array.isArray(obj);
    const isDict = !isArray && (obj instanceof Map || Object.getPrototypeOf(obj) === Object.prototype || Object.getPrototypeOf(obj) === null);
    if (!isArray && !isDict) return encodeString(pyStr(obj), ascii);
    if (seen.includes(obj)) throw new PyError('ValueError', 'Circular reference detected');
    const parts: string[] = [];
    seen.push(obj);
    if (isArray) {
      for (const item of obj as unknown[]) parts.push(enc(item, level + 1));
    } else {
      let entries: [string, unknown][] =
        obj instanceof Map
          ? [...obj.entries()].map(([k, val]) => [dictKey(k), val])
          : Object.entries(obj as Record<string, unknown>);
      if (sortKeys) entries = entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [k, val] of entries) parts.push(encodeString(k, ascii) + ': ' + enc(val, level + 1));
    }
    seen.pop();
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (parts.length === 0) return open + close;
    if (indentUnit === null) return open + parts.join(', ') + close;
    const inner = '\n' + indentUnit.repeat(level + 1);
    return open + inner + parts.join(',' + inner) + '\n' + indentUnit.repeat(level) + close;
  };

  try {
    return enc(v, 0);
  } catch (err) {
    if (err instanceof RangeError) throw new PyError('RecursionError', 'maximum recursion depth exceeded while encoding a JSON object');
    throw err;
  }
}

function decodeError(msg: string, doc: string, pos: number): PyError {
  let lineno = 1;
  let lastNl = -1;
  for (let i = doc.indexOf('\n'); i >= 0 && i < pos; i = doc.indexOf('\n', i + 1)) {
    lineno++;
    lastNl = i;
  }
  const colno = pos - lastNl;
  return new PyError('JSONDecodeError', `${msg}: line ${lineno} column ${colno} (char ${pos})`);
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  readonly isArray: boolean;
  key: string;
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else obj[key] = value;
}

/** Python `json.loads(text)` (with NaN, Infinity, -Infinity). */
export function pyJsonLoads(text: string): unknown {
  const s = text;
  const n = s.length;
  let pos = 0;
  const stack: Frame[] = [];

  const skipWs = (): void => {
    while (pos < n && isWs(s.charCodeAt(pos))) pos++;
  };

  const parseString = (): string => {
    // pos is just after the opening quote
    const begin = pos - 1;
    let out = '';
    let chunk = pos;
    for (;;) {
      if (pos >= n) throw decodeError('Unterminated string starting at', s, begin);
      const c = s.charCodeAt(pos);
      if (c === 0x22) {
        out += s.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c < 0x20) throw decodeError('Invalid control character at', s, pos);
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += s.slice(chunk, pos);
      const esc = s[pos + 1];
      if (esc === undefined) throw decodeError('Unterminated string starting at', s, begin);
      switch (esc) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw decodeError('Invalid \\uXXXX escape', s, pos + 1);
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          throw decodeError('Invalid \\escape', s, pos);
      }
      pos += 2;
      chunk = pos;
    }
  };

  const parseNumber = (): number | undefined => {
    const start = pos;
    let i = pos;
    if (s.charCodeAt(i) === 0x2d) i++;
    const c0 = s.charCodeAt(i);
    if (c0 === 0x30) i++;
    else if (c0 >= 0x31 && c0 <= 0x39) {
      while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    } else return undefined;
    if (s.charCodeAt(i) === 0x2e) {
      let j = i + 1;
      while (j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
      if (j > i + 1) i = j;
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      let j = i + 1;
      const sign = s.charCodeAt(j);
      if (sign === 0x2b || sign === 0x2d) j++;
      const digitsStart = j;
      while (j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39) j++;
      if (j > digitsStart) i = j;
    }
    pos = i;
    return Number(s.slice(start, i));
  };

  // Returns a scalar, or OPEN when a container was pushed.
  const OPEN = Symbol('open');
  const parseValue = (): unknown => {
    skipWs();
    const c = s.charCodeAt(pos);
    switch (c) {
      case 0x22:
        pos++;
        return parseString();
      case 0x7b:
        pos++;
        stack.push({ container: {}, isArray: false, key: '' });
        return OPEN;
      case 0x5b:
        pos++;
        stack.push({ container: [], isArray: true, key: '' });
        return OPEN;
      case 0x6e:
        if (s.startsWith('null', pos)) { pos += 4; return null; }
        break;
      case 0x74:
        if (s.startsWith('true', pos)) { pos += 4; return true; }
        break;
      case 0x66:
        if (s.startsWith('false', pos)) { pos += 5; return false; }
        break;
      case 0x4e:
        if (s.startsWith('NaN', pos)) { pos += 3; return NaN; }
        break;
      case 0x49:
        if (s.startsWith('Infinity', pos)) { pos += 8; return Infinity; }
        break;
      case 0x2d:
        if (s.startsWith('-Infinity', pos)) { pos += 9; return -Infinity; }
        break;
      default:
        break;
    }
    const num = parseNumber();
    if (num === undefined) throw decodeError('Expecting value', s, pos);
    return num;
  };

  // After `{` or `,` inside an object: read `"key" :` into the frame.
  const readKey = (frame: Frame, afterComma: boolean): boolean => {
    skipWs();
    const c = s.charCodeAt(pos);
    if (c === 0x7d && !afterComma) {
      pos++;
      return false;
    }
    if (c !== 0x22) throw decodeError('Expecting property name enclosed in double quotes', s, pos);
    pos++;
    frame.key = parseString();
    skipWs();
    if (s.charCodeAt(pos) !== 0x3a) throw decodeError("Expecting ':' delimiter", s, pos);
    pos++;
    return true;
  };

  let value: unknown = parseValue();
  for (;;) {
    if (value === OPEN) {
      const frame = stack[stack.length - 1] as Frame;
      if (frame.isArray) {
        skipWs();
        if (s.charCodeAt(pos) === 0x5d) {
          pos++;
          value = stack.pop()?.container;
          continue;
        }
      } else if (!readKey(frame, false)) {
        value = stack.pop()?.container;
        continue;
      }
      value = parseValue();
      continue;
    }
    // A complete value: attach it to its parent, or finish.
    const frame = stack[stack.length - 1];
    if (frame === undefined) break;
    if (frame.isArray) (frame.container as unknown[]).push(value);
    else setKey(frame.container as Record<string, unknown>, frame.key, value);
    skipWs();
    const c = s.charCodeAt(pos);
    if (c === 0x2c) {
      pos++;
      if (!frame.isArray) readKey(frame, true);
      value = parseValue();
      continue;
    }
    if (c === (frame.isArray ? 0x5d : 0x7d)) {
      pos++;
      value = stack.pop()?.container;
      continue;
    }
    throw decodeError("Expecting ',' delimiter", s, pos);
  }
  skipWs();
  if (pos !== n) throw decodeError('Extra data', s, pos);
  return value;
}
