/**
 * Python's format-spec mini-language, `format(value, spec)`:
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
 * Numbers follow D7: an integral number formats as an int (so `{:d}` accepts 2.0).
 */
import { PyError } from './errors.js';
import { toFixedHalfEven } from './convert.js';
import { pyNumberStr, pyStr, pyTypeName } from './str.js';

interface Spec {
  fill: string;
  align: string; // '' | '<' | '>' | '^' | '='
  sign: string; // '' | '+' | '-' | ' '
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string; // '' | ',' | '_'
  precision: number; // -1 = none
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;
const SPEC_CACHE = new Map<string, Spec>();

function parseSpec(spec: string): Spec {
  const hit = SPEC_CACHE.get(spec);
  if (hit !== undefined) return hit;
  const m = SPEC_RE.exec(spec);
  if (m === null) throw new PyError('ValueError', 'Invalid format specifier');
  const parsed: Spec = {
    fill: m[1] ?? (m[6] !== undefined && m[2] === undefined ? '0' : ' '),
    align: m[2] ?? (m[6] !== undefined ? '=' : ''),
    sign: m[3] ?? '',
    alt: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] !== undefined ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : -1,
    type: m[10] ?? '',
  };
  if (SPEC_CACHE.size < 1024) SPEC_CACHE.set(spec, parsed);
  return parsed;
}

function pad(body: string, spec: Spec, defaultAlign: string, signPrefix = ''): string {
  const len = [...body].length + signPrefix.length;
  if (spec.width <= len) return signPrefix + body;
  const n = spec.width - len;
  const fill = spec.fill;
  switch (spec.align || defaultAlign) {
    case '<':
      return signPrefix + body + fill.repeat(n);
    case '^': {
      const left = n >> 1;
      return fill.repeat(left) + signPrefix + body + fill.repeat(n - left);
    }
    case '=':
      return signPrefix + fill.repeat(n) + body;
    default:
      return fill.repeat(n) + signPrefix + body;
  }
}

function group(intPart: string, sep: string, every: number): string {
  if (sep === '' || intPart.length <= every) return intPart;
  let out = '';
  let i = intPart.length % every || every;
  out = intPart.slice(0, i);
  for (; i < intPart.length; i += every) out += sep + intPart.slice(i, i + every);
  return out;
}

function expForm(x: number, digits: number, upper: boolean, alt: boolean): string {
  // JavaScript writes e+3; Python writes at least two exponent digits: e+03.
  let s = x.toExponential(digits);
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  if (alt && digits === 0) mant += '.';
  const sign = s[e + 1] as string;
  const exp = s.slice(e + 2).padStart(2, '0');
  s = mant + (upper ? 'E' : 'e') + sign + exp;
  return s;
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  const e = s.search(/[eE]/);
  const mant = e < 0 ? s : s.slice(0, e);
  const tail = e < 0 ? '' : s.slice(e);
  const stripped = mant.replace(/\.?0+$/, '');
  return stripped + tail;
}

function generalForm(ax: number, precision: number, upper: boolean, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (ax === 0) return alt ? (p > 1 ? (0).toFixed(p - 1) : '0.') : '0';
  const exp = Number(ax.toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < p) s = toFixedHalfEven(ax, p - 1 - exp);
  else s = expForm(ax, p - 1, upper, alt);
  if (!alt) s = stripZeros(s);
  else if (!s.includes('.')) s = s.replace(/^(\d+)/, '$1.');
  return s;
}

function formatNumber(x: number, spec: Spec, isInt: boolean): string {
  let type = spec.type;
  if (isInt && type === '' && spec.precision >= 0) {
    // D7: an integral float with a precision formats like Python's float with no type.
    isInt = false;
  }
  if (!isInt && type !== '' && 'bcdoxX'.includes(type)) {
    throw new PyError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
  }
  const neg = x < 0 || (Object.is(x, -0) && !isInt);
  const ax = Math.abs(x);
  let body: string;
  let prefix = '';
  if (type === 'n') type = isInt ? 'd' : 'g';
  if (!Number.isFinite(x)) {
    body = x !== x ? 'nan' : 'inf';
    if (type === 'F' || type === 'E' || type === 'G') body = body.toUpperCase();
    if (type === '%') body += '%';
  } else {
    const prec = spec.precision;
    switch (type) {
      case '':
      case 'd':
        body = isInt ? pyNumberStr(ax) : prec >= 0 ? generalForm(ax, prec, false, spec.alt) : pyNumberStr(ax);
        break;
      case 'b':
        body = ax.toString(2);
        if (spec.alt) prefix = '0b';
        break;
      case 'o':
        body = ax.toString(8);
        if (spec.alt) prefix = '0o';
        break;
      case 'x':
        body = ax.toString(16);
        if (spec.alt) prefix = '0x';
        break;
      case 'X':
        body = ax.toString(16).toUpperCase();
        if (spec.alt) prefix = '0X';
        break;
      case 'c':
        return pad(String.fromCodePoint(x), spec, '<');
      case 'f':
      case 'F':
        body = toFixedHalfEven(ax, prec < 0 ? 6 : prec);
        if (spec.alt && prec === 0) body += '.';
        break;
      case 'e':
      case 'E':
        body = expForm(ax, prec < 0 ? 6 : prec, type === 'E', spec.alt);
        break;
      case 'g':
      case 'G':
        body = generalForm(ax, prec < 0 ? 6 : prec, type === 'G', spec.alt);
        break;
      case '%':
        body = toFixedHalfEven(ax * 100, prec < 0 ? 6 : prec) + '%';
        break;
      default:
        body = pyNumberStr(ax);
    }
  }
  if (spec.grouping !== '') {
    const every = type !== '' && 'boxX'.includes(type) ? 4 : 3;
    const m = /^(\d+)(.*)$/s.exec(body);
    if (m !== null) body = group(m[1] as string, spec.grouping, every) + (m[2] as string);
  }
  const sign = neg && x === x ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  if (spec.align === '=' || (spec.zero && spec.align === '')) {
    return pad(body, { ...spec, align: '=' }, '>', sign + prefix);
  }
  return pad(sign + prefix + body, spec, '>');
}

/** Python `format(value, spec)`. */
export function pyFormatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const sp = parseSpec(spec);
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'boolean' && sp.type === '' && sp.precision < 0 && sp.sign === '' && !sp.zero) {
      return pad(value ? 'True' : 'False', sp, '<');
    }
    const x = Number(value);
    return formatNumber(x, sp, Number.isInteger(x));
  }
  if (typeof value === 'string') {
    if (sp.type !== '' && sp.type !== 's') {
      throw new PyError('ValueError', `Unknown format code '${sp.type}' for object of type 'str'`);
    }
    if (sp.sign !== '') throw new PyError('ValueError', 'Sign not allowed in string format specifier');
    if (sp.align === '=') {
      throw new PyError('ValueError', "'=' alignment not allowed in string format specifier");
    }
    const body = sp.precision >= 0 ? [...value].slice(0, sp.precision).join('') : value;
    return pad(body, sp, '<');
  }
  throw new PyError('TypeError', `unsupported format string passed to ${pyTypeName(value)}.__format__`);
}
