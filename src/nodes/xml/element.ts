/**
 * A small ElementTree: elements with Python ElementTree's `text` (before the first child) and
 * `tail` (after the element, before the next sibling) semantics. Comments and PIs are not kept,
 * so text around them is joined, as with ElementTree's default TreeBuilder.
 */

export class XmlElement {
  readonly tag: string;
  /** Attributes in document order (plain object; see setOwn for odd names). */
  readonly attrib: Record<string, string>;
  text: string | null = null;
  tail: string | null = null;
  readonly children: XmlElement[] = [];

  constructor(tag: string, attrib: Record<string, string> = {}) {
    this.tag = tag;
    this.attrib = attrib;
  }
}

/** ElementTree's tree object (what ReadXMLFile stores as `_xml_tree`). */
export class XmlTree {
  readonly root: XmlElement;
  constructor(root: XmlElement) {
    this.root = root;
  }
}

/** Set an own enumerable key, also for `__proto__` (an ordinary XML name). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** `elem.iter()`: the element and its descendants in document order (iterative: deep trees are fine). */
export function iterElements(root: XmlElement, visit: (e: XmlElement) => void): void {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    visit(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
}

/** `"".join(elem.itertext())`: text and tails of descendants, not the element's own tail. */
export function itertext(root: XmlElement): string {
  let out = '';
  const stack: (XmlElement | string)[] = [root];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out += top;
      continue;
    }
    if (top.text !== null) out += top.text;
    for (let i = top.children.length - 1; i >= 0; i--) {
      const c = top.children[i]!;
      if (c.tail !== null) stack.push(c.tail);
      stack.push(c);
    }
  }
  return out;
}
