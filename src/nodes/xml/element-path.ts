/**
 * ElementPath: ElementTree's XPath subset (Python's xml.etree.ElementPath), evaluated from an
 * element: tag, `*`, `.`, `..`, `//`, `[@a]`, `[@a='v']`, `[@a!='v']`, `[tag]`, `[tag='v']`,
 * `[.='v']`, `[n]`, `[last()]`, `[last()-n]`; same tokenizer, same errors (`cannot use absolute path
 * on element`, `invalid predicate`, KeyError for an unknown operator such as `@` or `()`).
 * Compiled selectors are cached by path text like Python's (cleared past 100 entries).
 */
import { PyError } from '../../lib/py/errors.js';
import { pyRepr } from '../../lib/py/str.js';
import { hasOwn, iterElements, itertext } from './element.js';
import type { XmlElement } from './element.js';

type Token = readonly [op: string, tag: string];

/** Selection context: the element findall() was called on, with a lazily built parent map. */
class SelectorContext {
  readonly root: XmlElement;
  #parents: Map<XmlElement, XmlElement> | null = null;
  constructor(root: XmlElement) {
    this.root = root;
  }
  parentMap(): Map<XmlElement, XmlElement> {
    if (this.#parents === null) {
      const m = new Map<XmlElement, XmlElement>();
      iterElements(this.root, (e) => {
        for (const c of e.children) m.set(c, e);
      });
      this.#parents = m;
    }
    return this.#parents;
  }
}

type Select = (ctx: SelectorContext, result: XmlElement[]) => XmlElement[];

const TOKEN_RE = /('[^']*'|"[^"]*"|::|\/\/?|\.\.|\(\)|!=|[/.*:[\]()@=])|((?:\{[^}]+\})?[^/[\]()@!=\s]+)|\s+/g;
const INDEX_RE = /^-?\d+$/;

function syntaxError(msg: string): PyError {
  return new PyError('SyntaxError', msg);
}

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  for (const m of path.matchAll(TOKEN_RE)) {
    const op = m[1] ?? '';
    const tag = m[2] ?? '';
    if (tag !== '' && tag[0] !== '{' && tag.includes(':')) {
      throw syntaxError(`prefix ${pyRepr(tag.slice(0, tag.indexOf(':')))} not found in prefix map`);
    }
    out.push([op, tag]);
  }
  return out;
}

/** Tag test, with ElementTree's `{*}name` / `{}*` / `{ns}*` wildcards (no namespaces in our trees). */
function tagMatcher(tag: string): (e: XmlElement) => boolean {
  if (tag === '*' || tag === '{*}*' || tag === '{}*') return () => true;
  if (tag.startsWith('{*}')) {
    const local = tag.slice(3);
    return (e) => e.tag === local || e.tag.endsWith('}' + local);
  }
  if (tag.endsWith('}*')) {
    const ns = tag.slice(0, -1);
    return (e) => e.tag.startsWith(ns);
  }
  return (e) => e.tag === tag;
}

function prepareChild(tag: string): Select {
  const match = tagMatcher(tag);
  return (_ctx, result) => {
    const out: XmlElement[] = [];
    for (const e of result) for (const c of e.children) if (match(c)) out.push(c);
    return out;
  };
}

const selectStar: Select = (_ctx, result) => {
  const out: XmlElement[] = [];
  for (const e of result) for (const c of e.children) out.push(c);
  return out;
};

const selectSelf: Select = (_ctx, result) => result;

const selectParent: Select = (ctx, result) => {
  const parents = ctx.parentMap();
  const seen = new Set<XmlElement>();
  const out: XmlElement[] = [];
  for (const e of result) {
    const p = parents.get(e);
    if (p !== undefined && !seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  }
  return out;
};

function prepareDescendant(tag: string): Select {
  const match = tagMatcher(tag);
  return (_ctx, result) => {
    const out: XmlElement[] = [];
    for (const e of result) {
      iterElements(e, (d) => {
        if (d !== e && match(d)) out.push(d);
      });
    }
    return out;
  };
}

function prepareIndex(index: number): Select {
  return (ctx, result) => {
    const parents = ctx.parentMap();
    const out: XmlElement[] = [];
    for (const e of result) {
      const p = parents.get(e);
      if (p === undefined) continue;
      const same = p.children.filter((c) => c.tag === e.tag);
      const k = index < 0 ? same.length + index : index;
      if (same[k] === e) out.push(e);
    }
    return out;
  };
}

function preparePredicate(toks: readonly Token[]): Select {
  const sig: string[] = [];
  const pred: string[] = [];
  for (const t of toks) {
    if (t[0] === '' && t[1] === '') continue;
    let tok = t;
    if (tok[0] !== '' && (tok[0][0] === "'" || tok[0][0] === '"')) tok = ["'", tok[0].slice(1, -1)];
    sig.push(tok[0] === '' ? '-' : tok[0]);
    pred.push(tok[1]);
  }
  const signature = sig.join('');
  if (signature === '@-') {
    const key = pred[1]!;
    return (_c, result) => result.filter((e) => hasOwn(e.attrib, key));
  }
  if (signature === "@-='" || signature === "@-!='") {
    const key = pred[1]!;
    const value = pred[pred.length - 1]!;
    if (signature === "@-='") return (_c, result) => result.filter((e) => hasOwn(e.attrib, key) && e.attrib[key] === value);
    return (_c, result) => result.filter((e) => hasOwn(e.attrib, key) && e.attrib[key] !== value);
  }
  if (signature === '-' && !INDEX_RE.test(pred[0]!)) {
    const child = prepareChild(pred[0]!);
    return (c, result) => result.filter((e) => child(c, [e]).length > 0);
  }
  if (signature === ".='" || signature === ".!='" || ((signature === "-='" || signature === "-!='") && !INDEX_RE.test(pred[0]!))) {
    const tag = pred[0]!;
    const value = pred[pred.length - 1]!;
    const negated = signature.includes('!=');
    const test = (e: XmlElement): boolean => (itertext(e) === value) !== negated;
    if (tag === '') return (_c, result) => result.filter(test);
    return (_c, result) => result.filter((e) => findall(e, tag).some(test));
  }
  if (signature === '-' || signature === '-()' || signature === '-()-') {
    let index: number;
    if (signature === '-') {
      index = parseInt(pred[0]!, 10) - 1;
      if (index < 0) throw syntaxError('XPath position >= 1 expected');
    } else {
      if (pred[0] !== 'last') throw syntaxError('unsupported function');
      if (signature === '-()-') {
        if (!INDEX_RE.test(pred[2]!.trim())) throw syntaxError('unsupported expression');
        index = parseInt(pred[2]!, 10) - 1;
        if (index > -2) throw syntaxError('XPath offset from last() must be negative');
      } else {
        index = -1;
      }
    }
    return prepareIndex(index);
  }
  throw syntaxError('invalid predicate');
}

const notCallable: Select = () => {
  throw new PyError('TypeError', "'NoneType' object is not callable");
};

function compile(path: string): Select[] {
  const toks = tokenize(path);
  const selector: Select[] = [];
  let i = 0;
  while (i < toks.length) {
    const [op, tag] = toks[i++]!;
    switch (op) {
      case '':
        selector.push(prepareChild(tag));
        break;
      case '*':
        selector.push(selectStar);
        break;
      case '.':
        selector.push(selectSelf);
        break;
      case '..':
        selector.push(selectParent);
        break;
      case '//': {
        const next = toks[i++];
        if (next === undefined) {
          selector.push(notCallable);
          break;
        }
        if (next[0] === '*') selector.push(prepareDescendant('*'));
        else if (next[0] === '') selector.push(prepareDescendant(next[1]));
        else throw syntaxError('invalid descendant');
        break;
      }
      case '[': {
        const start = i;
        while (i < toks.length && toks[i]![0] !== ']') i++;
        if (i >= toks.length) {
          selector.push(notCallable); // Python's prepare_predicate returns None on a missing `]`
          break;
        }
        selector.push(preparePredicate(toks.slice(start, i)));
        i++;
        break;
      }
      default:
        throw new PyError('KeyError', pyRepr(op));
    }
    if (i < toks.length && toks[i]![0] === '/') i++;
  }
  return selector;
}

const cache = new Map<string, Select[]>();

function selectorFor(path: string): Select[] {
  let sel = cache.get(path);
  if (sel === undefined) {
    if (cache.size > 100) cache.clear();
    if (path.startsWith('/')) throw syntaxError('cannot use absolute path on element');
    sel = compile(path);
    cache.set(path, sel);
  }
  return sel;
}

/** `elem.findall(path)`. Throws PyError (SyntaxError, KeyError, TypeError) as Python does. */
export function findall(elem: XmlElement, path: string): XmlElement[] {
  const p = path.endsWith('/') ? path + '*' : path;
  const selector = selectorFor(p);
  if (selector.length === 0) return [];
  const ctx = new SelectorContext(elem);
  let result: XmlElement[] = [elem];
  for (const s of selector) result = s(ctx, result);
  return result;
}

/** `elem.find(path)`: the first match or null. */
export function find(elem: XmlElement, path: string): XmlElement | null {
  return findall(elem, path)[0] ?? null;
}
