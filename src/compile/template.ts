/**
 * Variable templates (workflow-format.md §10.2, §10.3): `{{ PATH }}`, `${ PATH }` and `%PATH%`.
 *
 * A string is parsed once into a closure; `resolve` never scans text again. Three shapes:
 * - static (no reference): `resolve` returns the value itself;
 * - whole-value (the trimmed string is one reference): the referenced value, type preserved, or
 *   the original string when not found;
 * - interpolation: literal pieces joined with Python `str()` of each found reference.
 */
import { PyError } from '../lib/py/errors.js';
import { LruCache } from '../lib/py/lru-cache.js';
import { pyStr } from '../lib/py/str.js';
import { findRef, match, matchAt, mayHoldTemplate } from './template-scan.js';

export type VarLookup = ReadonlyMap<string, unknown>;

export interface CompiledTemplate {
  /** True when resolving can never change the value; `resolve` then returns it unchanged. */
  readonly isStatic: boolean;
  /** Root variable names referenced (system variables excluded), first occurrence order. */
  readonly refs: readonly string[];
  /** Set when the template references exactly one root, plainly by name: read it without building `refs`. */
  readonly root?: string;
  resolve(vars: VarLookup): unknown;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = `${IDENT}(?:\\.${IDENT}|\\[\\d+\\])*`;
const REF_SOURCE =
  `\\{\\{\\s*(\\$?${PATH})\\s*\\}\\}` + `|\\$\\{\\s*(\\$?${PATH})\\s*\\}` + `|%(${PATH})%`;
/** The reference syntax as a RegExp: the specification template-scan.ts implements (and is tested against). */
export const REF_PATTERN = new RegExp(REF_SOURCE, 'g');
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

const NOT_FOUND: unique symbol = Symbol('notFound');
type Found = unknown;

interface Ref {
  /** The reference text as written, e.g. `{{ a.b }}`. */
  readonly text: string;
  /** PATH as written, e.g. `a.b[0]`: the direct-key candidate. */
  readonly path: string;
  readonly root: string;
  /** Segments after the root; null when the path is a bare name. */
  readonly segs: readonly (string | number)[] | null;
  readonly system: (() => unknown) | null;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

function localDate(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

function localTime(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

const SYSTEM_VARS: ReadonlyMap<string, () => unknown> = new Map<string, () => unknown>([
  ['$currentDate', () => localDate(new Date())],
  ['$currentTime', () => localTime(new Date())],
  [
    '$currentDateTime',
    () => {
      // Python's datetime.now().isoformat(): microseconds, no zone. The clock has milliseconds.
      const d = new Date();
      return `${localDate(d)}T${localTime(d)}.${String(d.getMilliseconds()).padStart(3, '0')}000`;
    },
  ],
  ['$timestamp', () => Math.floor(Date.now() / 1000)],
]);

function parseRef(text: string, path: string): Ref {
  const system = SYSTEM_VARS.get(path) ?? null;
  let end = path.length;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 46 /* . */ || c === 91 /* [ */) {
      end = i;
      break;
    }
  }
  const root = path.slice(0, end);
  let segs: (string | number)[] | null = null;
  if (end < path.length) {
    segs = [];
    SEGMENT.lastIndex = end;
    for (let m = SEGMENT.exec(path); m !== null; m = SEGMENT.exec(path)) {
      segs.push(m[1] !== undefined ? m[1] : Number(m[2]));
    }
  }
  return { text, path, root, segs, system };
}

function getKey(container: unknown, seg: string | number): unknown {
  if (typeof seg === 'number') {
    if (Array.isArray(container)) return seg < container.length ? container[seg] : undefined;
    return undefined;
  }
  if (container === null || typeof container !== 'object' || Array.isArray(container)) {
    return undefined;
  }
  if (container instanceof Map) return container.get(seg);
  return Object.hasOwn(container, seg) ? (container as Record<string, unknown>)[seg] : undefined;
}

/** The value of a reference, `null` only for a direct key holding null, or NOT_FOUND. */
function lookup(ref: Ref, vars: VarLookup): Found | typeof NOT_FOUND {
  if (ref.system !== null) return ref.system();
  const direct = vars.get(ref.path);
  if (direct !== undefined) return direct;
  if (vars.has(ref.path)) return null;
  const segs = ref.segs;
  if (segs === null) return NOT_FOUND;
  let cur: unknown = vars.get(ref.root);
  for (let i = 0; i < segs.length && cur != null; i++) cur = getKey(cur, segs[i] as string | number);
  return cur == null ? NOT_FOUND : cur;
}

function staticTemplate(value: unknown): CompiledTemplate {
  return { isStatic: true, refs: [], resolve: () => value };
}

function rootsOf(refs: readonly Ref[]): string[] {
  if (refs.length === 1) return refs[0]!.system === null ? [refs[0]!.root] : [];
  const out: string[] = [];
  for (const r of refs) if (r.system === null && !out.includes(r.root)) out.push(r.root);
  return out;
}

/** A path that is one variable name: no `.`/`[` segments, not a `$system` variable. */
function isBareName(path: string): boolean {
  if (path.charCodeAt(0) === 36 /* $ */) return false;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 46 /* . */ || c === 91 /* [ */) return false;
  }
  return true;
}

/**
 * A template naming one variable plainly (the common shapes). Templates are made for every
 * templated config value at compile time (10k-node loads), so these are small class instances
 * rather than closures with their own contexts, and build their `refs` array only when asked.
 */
abstract class OneRootTemplate implements CompiledTemplate {
  #refs: readonly string[] | null = null;
  constructor(readonly root: string) {}

  get isStatic(): boolean {
    return false;
  }

  get refs(): readonly string[] {
    return (this.#refs ??= [this.root]);
  }

  abstract resolve(vars: VarLookup): unknown;
}

/** The whole value is `{{name}}` — the most common template: one Map lookup, the value's type kept. */
class NameTemplate extends OneRootTemplate {
  constructor(root: string, private readonly text: string) {
    super(root);
  }

  resolve(vars: VarLookup): unknown {
    const v = vars.get(this.root);
    if (v !== undefined) return v;
    return vars.has(this.root) ? null : this.text;
  }
}

/** Text around one `{{name}}` (the common interpolation, e.g. `{{base}}-7`): head + str(value) + tail. */
class OneNameInterpolation extends OneRootTemplate {
  constructor(root: string, private readonly head: string, private readonly refText: string, private readonly tail: string) {
    super(root);
  }

  resolve(vars: VarLookup): unknown {
    // As InterpolationTemplate for a bare name: found -> str(value) ('' for None), absent -> as written.
    const v = vars.get(this.root);
    if (v !== undefined) return this.head + (v === null ? '' : pyStr(v)) + this.tail;
    return this.head + (vars.has(this.root) ? '' : this.refText) + this.tail;
  }
}

/** Literal pieces joined with Python `str()` of each found reference (a missing one stays as written). */
class InterpolationTemplate implements CompiledTemplate {
  readonly isStatic = false;
  readonly refs: readonly string[];
  constructor(private readonly pieces: readonly string[], private readonly refList: readonly Ref[], private readonly tail: string) {
    this.refs = rootsOf(refList);
  }

  resolve(vars: VarLookup): unknown {
    const { pieces, refList } = this;
    let out = '';
    for (let i = 0; i < refList.length; i++) {
      const ref = refList[i]!;
      const v = lookup(ref, vars);
      out += pieces[i]! + (v === NOT_FOUND ? ref.text : v == null ? '' : pyStr(v));
    }
    return out + this.tail;
  }
}

/** Compiles one string; the parse happens here, never in `resolve`. */
export function compileStringTemplate(s: string): CompiledTemplate {
  if (!mayHoldTemplate(s)) return staticTemplate(s);
  const trimmed = s.trim();
  if (matchAt(trimmed, 0) && match.end === trimmed.length) {
    const path = trimmed.slice(match.pathStart, match.pathEnd);
    if (isBareName(path)) return new NameTemplate(path, s);
    const ref = parseRef(trimmed, path);
    const refs = rootsOf([ref]);
    return {
      isStatic: false,
      refs,
      resolve(vars) {
        const v = lookup(ref, vars);
        return v === NOT_FOUND ? s : v;
      },
    };
  }
  if (!findRef(s, 0)) return staticTemplate(s);
  const { start, end, pathStart, pathEnd } = match;
  const firstPath = s.slice(pathStart, pathEnd);
  if (!findRef(s, end) && isBareName(firstPath)) {
    return new OneNameInterpolation(firstPath, s.slice(0, start), s.slice(start, end), s.slice(end));
  }
  // One-element literals, sized exactly (a push onto [] reserves 16 slots).
  let pieces: string[] | null = null;
  let refList: Ref[] | null = null;
  let last = 0;
  while (findRef(s, last)) {
    const piece = s.slice(last, match.start);
    const ref = parseRef(s.slice(match.start, match.end), s.slice(match.pathStart, match.pathEnd));
    if (pieces === null || refList === null) { pieces = [piece]; refList = [ref]; } else { pieces.push(piece); refList.push(ref); }
    last = match.end;
  }
  if (pieces === null || refList === null) return staticTemplate(s);
  return new InterpolationTemplate(pieces, refList, s.slice(last));
}

/**
 * Compiles a config value: strings are parsed once, arrays and objects recursively (keys are
 * untouched). A value with no reference anywhere compiles to a static template that resolves to
 * the value itself; dynamic containers resolve to new containers sharing their static parts.
 */
export function compileTemplate(value: unknown): CompiledTemplate {
  try {
    return compileAny(value);
  } catch (err) {
    throw asRecursionError(err);
  }
}

function compileAny(value: unknown): CompiledTemplate {
  if (typeof value === 'string') return compileStringTemplate(value);
  if (value === null || typeof value !== 'object') return staticTemplate(value);
  if (Array.isArray(value)) {
    const parts = value.map(compileAny);
    if (parts.every((p) => p.isStatic)) return staticTemplate(value);
    const refs = mergeRefs(parts);
    const len = parts.length;
    return {
      isStatic: false,
      refs,
      resolve(vars) {
        const out = new Array<unknown>(len);
        for (let i = 0; i < len; i++) out[i] = (parts[i] as CompiledTemplate).resolve(vars);
        return out;
      },
    };
  }
  if (!isPlainObject(value)) return staticTemplate(value);
  const keys = Object.keys(value);
  const parts = keys.map((k) => compileAny((value as Record<string, unknown>)[k]));
  if (parts.every((p) => p.isStatic)) return staticTemplate(value);
  const refs = mergeRefs(parts);
  return {
    isStatic: false,
    refs,
    resolve(vars) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        out[keys[i] as string] = (parts[i] as CompiledTemplate).resolve(vars);
      }
      return out;
    },
  };
}

function mergeRefs(parts: readonly CompiledTemplate[]): string[] {
  const out: string[] = [];
  for (const p of parts) for (const r of p.refs) if (!out.includes(r)) out.push(r);
  return out;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const STRING_CACHE = new LruCache<string, CompiledTemplate>(4096);

function cachedString(s: string): CompiledTemplate {
  let t = STRING_CACHE.get(s);
  if (t === undefined) {
    t = compileStringTemplate(s);
    STRING_CACHE.set(s, t);
  }
  return t;
}

/**
 * Resolves templates inside a value that arrives at run time (a port value). Compiled string
 * templates are cached (bounded LRU); containers are copied only where something changed.
 */
export function resolveTemplates(value: unknown, vars: VarLookup): unknown {
  if (typeof value === 'string') {
    if (!mayHoldTemplate(value)) return value;
    return cachedString(value).resolve(vars);
  }
  if (value === null || typeof value !== 'object') return value;
  try {
    return resolveContainer(value, vars);
  } catch (err) {
    throw asRecursionError(err);
  }
}

function resolveContainer(value: object, vars: VarLookup): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const r = typeof item === 'object' && item !== null ? resolveContainer(item, vars) : resolveTemplates(item, vars);
      if (out === null && r !== item) out = value.slice(0, i);
      if (out !== null) out.push(r);
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  let out: Record<string, unknown> | null = null;
  const rec = value as Record<string, unknown>;
  for (const k of Object.keys(rec)) {
    const item = rec[k];
    const r = typeof item === 'object' && item !== null ? resolveContainer(item, vars) : resolveTemplates(item, vars);
    if (out === null && r !== item) out = { ...rec };
    if (out !== null) out[k] = r;
  }
  return out ?? value;
}

/** True when `s` contains at least one template reference (any of the three forms). */
export function hasTemplateSyntax(s: string): boolean {
  if (!mayHoldTemplate(s)) return false;
  return findRef(s, 0);
}

/** Root variable names referenced anywhere inside `value`. */
export function templateRefs(value: unknown): string[] {
  return [...compileTemplate(value).refs];
}

function asRecursionError(err: unknown): unknown {
  if (err instanceof RangeError) {
    return new PyError('RecursionError', 'maximum recursion depth exceeded');
  }
  return err;
}
