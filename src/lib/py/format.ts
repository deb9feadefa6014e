/**
 * Python `str.format(**kwargs)` (§11.1): `{name}`, `{name:spec}`, `{name!r}`, `{{` / `}}`,
 * `.attr` and `[index]` access. There are no positional arguments, so `{}` and `{0}` raise
 * IndexError as in Python. Templates are parsed once and cached.
 */
import { PyError } from './errors.js';
import { pyFormatValue } from './format-spec.js';
import { LruCache } from './lru-cache.js';
import { pyRepr, pyStr, pyTypeName } from './str.js';

interface Field {
  readonly name: string;
  /** `.attr` segments are strings flagged attr=true, `[x]` segments carry a number or string. */
  readonly path: readonly { readonly key: string | number; readonly attr: boolean }[];
  readonly conversion: string; // '' | 'r' | 's' | 'a'
  /** Literal spec, or a parsed nested template when the spec contains `{...}`. */
  readonly spec: string | Part[];
}

type Part = string | Field;

const CACHE = new LruCache<string, Part[]>(2048);

function parseTemplate(t: string, depth: number): Part[] {
  const parts: Part[] = [];
  let lit = '';
  const n = t.length;
  let i = 0;
  while (i < n) {
    const ch = t[i] as string;
    if (ch === '}') {
      if (t[i + 1] === '}') {
        lit += '}';
        i += 2;
        continue;
      }
      throw new PyError('ValueError', "Single '}' encountered in format string");
    }
    if (ch !== '{') {
      lit += ch;
      i++;
      continue;
    }
    if (t[i + 1] === '{') {
      lit += '{';
      i += 2;
      continue;
    }
    // Find the matching close brace, allowing one level of nested fields in the spec.
    let level = 1;
    let j = i + 1;
    for (; j < n && level > 0; j++) {
      if (t[j] === '{') level++;
      else if (t[j] === '}') level--;
    }
    if (level > 0) throw new PyError('ValueError', "expected '}' before end of string");
    const body = t.slice(i + 1, j - 1);
    if (lit !== '') parts.push(lit);
    lit = '';
    const field = parseField(body, depth);
    parts.push(field);
    i = j;
  }
  if (lit !== '') parts.push(lit);
  return parts;
}

function parseField(body: string, depth: number): Field {
  let end = body.length;
  let conversion = '';
  let spec: string | Part[] = '';
  // The name ends at the first '!' or ':' outside brackets.
  let k = 0;
  let inBracket = false;
  for (; k < body.length; k++) {
    const c = body[k];
    if (c === '[') inBracket = true;
    else if (c === ']') inBracket = false;
    else if (!inBracket && (c === '!' || c === ':')) break;
  }
  end = k;
  let rest = body.slice(end);
  if (rest.startsWith('!')) {
    conversion = rest[1] ?? '';
    if (!'rsa'.includes(conversion) || conversion === '') {
      throw new PyError('ValueError', `Unknown conversion specifier ${conversion}`);
    }
    rest = rest.slice(2);
    if (rest !== '' && !rest.startsWith(':')) {
      throw new PyError('ValueError', "expected ':' after conversion specifier");
    }
  }
  if (rest.startsWith(':')) {
    const s = rest.slice(1);
    if (s.includes('{')) {
      if (depth >= 1) throw new PyError('ValueError', 'Max string recursion exceeded');
      spec = parseTemplate(s, depth + 1);
    } else spec = s;
  }
  const fieldName = body.slice(0, end);
  const m = /^[^.[]*/.exec(fieldName) as RegExpExecArray;
  const name = m[0];
  const path: { key: string | number; attr: boolean }[] = [];
  let p = name.length;
  while (p < fieldName.length) {
    if (fieldName[p] === '.') {
      let q = p + 1;
      while (q < fieldName.length && fieldName[q] !== '.' && fieldName[q] !== '[') q++;
      const attr = fieldName.slice(p + 1, q);
      if (attr === '') throw new PyError('ValueError', 'Empty attribute in format string');
      path.push({ key: attr, attr: true });
      p = q;
    } else if (fieldName[p] === '[') {
      const close = fieldName.indexOf(']', p);
      if (close < 0) throw new PyError('ValueError', "Missing ']' in format string");
      const key = fieldName.slice(p + 1, close);
      if (key === '') throw new PyError('ValueError', 'Empty attribute in format string');
      path.push({ key: /^\d+$/.test(key) ? Number(key) : key, attr: false });
      p = close + 1;
      if (p < fieldName.length && fieldName[p] !== '.' && fieldName[p] !== '[') {
        throw new PyError('ValueError', 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
      }
    } else break;
  }
  return { name: name === '' ? '' : name, path, conversion, spec };
}

function getField(
  field: Field,
  kwargs: ReadonlyMap<string, unknown>,
  autoIndex: number,
  args: readonly unknown[],
): unknown {
  const name = field.name;
  let v: unknown;
  if (name === '' || /^\d+$/.test(name)) {
    const idx = name === '' ? autoIndex : Number(name);
    if (idx < args.length) v = args[idx];
    else throw new PyError('IndexError', `Replacement index ${idx} out of range for positional args tuple`);
  } else {
    if (!kwargs.has(name)) throw new PyError('KeyError', pyRepr(name));
    v = kwargs.get(name);
  }
  for (const seg of field.path) {
    if (seg.attr) {
      const key = seg.key as string;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, key)) {
        v = (v as Record<string, unknown>)[key];
      } else {
        throw new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${key}'`);
      }
    } else if (Array.isArray(v)) {
      if (typeof seg.key !== 'number') {
        throw new PyError('TypeError', 'list indices must be integers or slices, not str');
      }
      if (seg.key >= v.length) throw new PyError('IndexError', 'list index out of range');
      v = v[seg.key];
    } else if (typeof v === 'string') {
      if (typeof seg.key !== 'number') {
        throw new PyError('TypeError', 'string indices must be integers, not \'str\'');
      }
      const chars = [...v];
      if (seg.key >= chars.length) throw new PyError('IndexError', 'string index out of range');
      v = chars[seg.key];
    } else if (v !== null && typeof v === 'object') {
      const key = seg.key;
      const sk = String(key);
      if (typeof key === 'string' && Object.hasOwn(v, sk)) v = (v as Record<string, unknown>)[sk];
      else throw new PyError('KeyError', typeof key === 'number' ? String(key) : pyRepr(key));
    } else {
      throw new PyError('TypeError', `'${pyTypeName(v)}' object is not subscriptable`);
    }
  }
  return v;
}

function render(parts: readonly Part[], kwargs: ReadonlyMap<string, unknown>, args: readonly unknown[]): string {
  let out = '';
  let auto = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let v = getField(part, kwargs, auto, args);
    if (part.name === '') auto++;
    if (part.conversion === 'r') v = pyRepr(v);
    else if (part.conversion === 's') v = pyStr(v);
    else if (part.conversion === 'a') v = pyRepr(v).replace(/[^\x00-\x7f]/gu, asciiEscape);
    const spec = typeof part.spec === 'string' ? part.spec : render(part.spec, kwargs, args);
    out += pyFormatValue(v, spec);
  }
  return out;
}

function asciiEscape(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  if (cp <= 0xff) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Python `template.format(*args, **kwargs)`. */
export function pyFormat(
  template: string,
  kwargs: ReadonlyMap<string, unknown>,
  args: readonly unknown[] = [],
): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  let parts = CACHE.get(template);
  if (parts === undefined) {
    parts = parseTemplate(template, 0);
    CACHE.set(template, parts);
  }
  return render(parts, kwargs, args);
}
