/**
 * XML <-> JSON shapes of CasareRPA's XMLToJson / JsonToXML nodes. Both walk with explicit stacks.
 * xmlToJson: attributes under `@attributes`, stripped text alone -> plain string, else under the
 * text key, children by tag (repeats -> list), empty -> "", tails dropped.
 * jsonToElement: key -> child, `@attributes` -> attributes, `#text` -> text, list -> repeated
 * children (top-level list -> `<item>`s), scalars via Python str() with D7 numbers, null -> "".
 */
import { PyError } from '../../lib/py/errors.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { XmlElement, hasOwn, setOwn } from './element.js';

const PY_STRIP = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g;

function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

interface ConvFrame {
  readonly el: XmlElement;
  readonly result: Record<string, unknown>;
  next: number;
}

/** `{root.tag: conv(root)}`. */
export function xmlToJson(root: XmlElement, includeAttributes: boolean, textKey: string): Record<string, unknown> {
  let finished: unknown = null;
  const stack: ConvFrame[] = [];
  /** Starts conv(el); returns the value when it needs no children, else pushes a frame. */
  const begin = (el: XmlElement): unknown => {
    const result: Record<string, unknown> = {};
    if (includeAttributes && Object.keys(el.attrib).length > 0) setOwn(result, '@attributes', { ...el.attrib });
    const text = el.text === null ? '' : pyStrip(el.text);
    if (text !== '') {
      if (el.children.length === 0 && Object.keys(result).length === 0) return text;
      setOwn(result, textKey, text);
    }
    if (el.children.length === 0) return Object.keys(result).length > 0 ? result : '';
    stack.push({ el, result, next: 0 });
    return undefined;
  };
  const attach = (result: Record<string, unknown>, tag: string, value: unknown): void => {
    if (hasOwn(result, tag)) {
      const prev = result[tag];
      if (Array.isArray(prev)) prev.push(value);
      else setOwn(result, tag, [prev, value]);
    } else {
      setOwn(result, tag, value);
    }
  };
  const first = begin(root);
  if (first !== undefined) finished = first;
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.next < f.el.children.length) {
      const child = f.el.children[f.next++]!;
      const v = begin(child);
      if (v !== undefined) attach(f.result, child.tag, v);
      continue;
    }
    stack.pop();
    const value = Object.keys(f.result).length > 0 ? f.result : '';
    const parent = stack[stack.length - 1];
    if (parent === undefined) finished = value;
    else attach(parent.result, f.el.tag, value);
  }
  const out: Record<string, unknown> = {};
  setOwn(out, root.tag, finished);
  return out;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** ET.Element(root_tag) filled from `data` by CasareRPA's dict_to_xml. */
export function jsonToElement(data: unknown, rootTag: string): XmlElement {
  const root = new XmlElement(rootTag);
  const work: [unknown, XmlElement][] = [[data, root]];
  // Breadth-first: each element's children are appended in key order when it is processed, so the
  // tree equals Python's depth-first one; only which of two bad `@attributes` fails first may differ.
  for (let w = 0; w < work.length; w++) {
    const [value, parent] = work[w]!;
    if (isDict(value)) {
      for (const key of Object.keys(value)) {
        const v = value[key];
        if (key === '@attributes') {
          if (!isDict(v)) throw new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'items'`);
          for (const an of Object.keys(v)) setOwn(parent.attrib, an, pyStr(v[an]));
        } else if (key === '#text') {
          parent.text = pyStr(v);
        } else if (Array.isArray(v)) {
          for (const item of v) {
            const child = new XmlElement(key);
            parent.children.push(child);
            work.push([item, child]);
          }
        } else {
          const child = new XmlElement(key);
          parent.children.push(child);
          work.push([v, child]);
        }
      }
    } else if (Array.isArray(value)) {
      for (const item of value) {
        const child = new XmlElement('item');
        parent.children.push(child);
        work.push([item, child]);
      }
    } else {
      parent.text = value === null || value === undefined ? '' : pyStr(value);
    }
  }
  return root;
}
