/**
 * XML text -> tree, over saxes (strict, namespaces off), behaving like defusedxml over expat:
 * any entity declaration in the DOCTYPE is refused (`EntitiesForbidden(name='e', system_id=None,
 * public_id=None)`), and syntax errors read like ElementTree's (`no element found: line 1, column 3`).
 * Two builders share one event driver: parseXml() gives an ElementTree element (queries,
 * conversion), parseDocument() a minidom-like node list (pretty printing keeps comments and PIs).
 */
import { lazyRequire } from '../../lib/lazy-require.js';
import { PyError } from '../../lib/py/errors.js';
import { pyRepr } from '../../lib/py/str.js';
import { XmlElement, setOwn } from './element.js';

// Loaded when XML is first parsed, not at every start-up.
const saxes = lazyRequire<typeof import('saxes')>('saxes');

/** minidom-like nodes for pretty printing. */
export type DomNode =
  | { readonly kind: 'element'; readonly tag: string; readonly attrs: readonly (readonly [string, string])[]; readonly children: DomNode[] }
  | { readonly kind: 'text'; data: string }
  | { readonly kind: 'cdata'; data: string }
  | { readonly kind: 'comment'; readonly data: string }
  | { readonly kind: 'pi'; readonly target: string; readonly data: string }
  | { readonly kind: 'doctype'; readonly name: string; readonly publicId: string | null; readonly systemId: string | null; readonly internalSubset: string | null };

type DomElement = Extract<DomNode, { kind: 'element' }>;

interface Handlers {
  open(name: string, attributes: Record<string, string>): void;
  close(): void;
  text(t: string): void;
  cdata(t: string): void;
  comment(t: string): void;
  pi(target: string, body: string): void;
  doctype(body: string): void;
}

const ENTITY_DECL =
  /<!ENTITY\s+(?:%\s+)?([^\s>]+)\s*(?:(SYSTEM)\s+("[^"]*"|'[^']*')|(PUBLIC)\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*'))?/;

/** defusedxml refuses entity declarations before anything uses them. */
function refuseEntities(doctype: string): void {
  if (!doctype.includes('<!ENTITY')) return;
  const m = ENTITY_DECL.exec(doctype);
  if (m === null) return;
  const unq = (q: string | undefined): string | null => (q === undefined ? null : q.slice(1, -1));
  const systemId = m[2] !== undefined ? unq(m[3]) : m[4] !== undefined ? unq(m[6]) : null;
  const publicId = m[4] !== undefined ? unq(m[5]) : null;
  throw new PyError(
    'EntitiesForbidden',
    `EntitiesForbidden(name='${m[1]!}', system_id=${pyRepr(systemId)}, public_id=${pyRepr(publicId)})`,
  );
}

class Abort extends Error {}

function lineCol(src: string, offset: number): string {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, src.length);
  for (let i = 0; i < end; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line}, column ${end - start}`;
}

function firstNonSpace(src: string, from: number): number {
  let i = from;
  while (i < src.length && /\s/.test(src[i]!)) i++;
  return i;
}

interface DriveState {
  depth: number;
  rootDone: boolean;
  rootStarted: boolean;
  rootEnd: number;
  closing: boolean;
}

/** Map a saxes error to expat's wording and position (ElementTree's ParseError text). */
function expatError(src: string, msg: string, pos: number, st: DriveState): PyError {
  const err = (text: string, at: number): PyError => new PyError('ParseError', `${text}: ${lineCol(src, Math.max(0, at))}`);
  if (msg.includes('undefined entity')) {
    const amp = src.lastIndexOf('&', pos - 1);
    const semi = src.indexOf(';', amp);
    return err(`undefined entity ${amp >= 0 && semi > amp ? src.slice(amp, semi + 1) : ''}`, amp);
  }
  if (msg.includes('unexpected close tag') || msg.includes('unmatched closing tag')) {
    return err('mismatched tag', src.lastIndexOf('</', pos - 1) + 2);
  }
  const dup = /duplicate attribute: (.*)\.$/.exec(msg);
  if (dup !== null) return err('duplicate attribute', src.lastIndexOf(dup[1]!, pos - 1));
  if (msg.includes('only one root') || msg.includes('outside of root')) {
    return st.rootDone ? err('junk after document element', firstNonSpace(src, st.rootEnd)) : err('syntax error', firstNonSpace(src, 0));
  }
  if (st.closing) {
    const lt = src.lastIndexOf('<');
    if (lt >= 0 && src.indexOf('>', lt) < 0) return err('unclosed token', lt);
    if (!st.rootStarted && firstNonSpace(src, 0) < src.length && src[firstNonSpace(src, 0)] !== '<') {
      return err('syntax error', firstNonSpace(src, 0));
    }
    return err('no element found', src.length);
  }
  return err('not well-formed (invalid token)', pos - 1);
}

function drive(src: string, h: Handlers): void {
  const p = new (saxes().SaxesParser)({ xmlns: false });
  const st: DriveState = { depth: 0, rootDone: false, rootStarted: false, rootEnd: 0, closing: false };
  let failure: Error | null = null;
  p.on('error', (e) => {
    if (failure === null) failure = expatError(src, e.message, p.position, st);
    throw new Abort();
  });
  p.on('doctype', (d) => {
    try {
      refuseEntities(d);
    } catch (e) {
      failure = e as Error;
      throw new Abort();
    }
    h.doctype(d);
  });
  p.on('opentag', (t) => {
    st.rootStarted = true;
    st.depth++;
    h.open(t.name, t.attributes as Record<string, string>);
  });
  p.on('closetag', () => {
    st.depth--;
    if (st.depth === 0) {
      st.rootDone = true;
      st.rootEnd = p.position;
    }
    h.close();
  });
  p.on('text', (t) => {
    if (st.depth > 0) h.text(t);
  });
  p.on('cdata', (t) => h.cdata(t));
  p.on('comment', (t) => h.comment(t));
  p.on('processinginstruction', (pi) => h.pi(pi.target ?? '', pi.body));
  try {
    p.write(src);
    st.closing = true;
    p.close();
  } catch (e) {
    if (failure !== null) throw failure;
    if (e instanceof Abort) throw new PyError('ParseError', 'XML parse error');
    throw e;
  }
  if (failure !== null) throw failure;
}

/** ElementTree.fromstring under defusedxml: the root element. Throws PyError ParseError / EntitiesForbidden. */
export function parseXml(src: string): XmlElement {
  let root: XmlElement | null = null;
  const stack: XmlElement[] = [];
  const addText = (t: string): void => {
    const cur = stack[stack.length - 1];
    if (cur === undefined) return;
    const last = cur.children[cur.children.length - 1];
    if (last === undefined) cur.text = cur.text === null ? t : cur.text + t;
    else last.tail = last.tail === null ? t : last.tail + t;
  };
  drive(src, {
    open(name, attributes) {
      const attrib: Record<string, string> = {};
      for (const k in attributes) setOwn(attrib, k, attributes[k]);
      const el = new XmlElement(name, attrib);
      const parent = stack[stack.length - 1];
      if (parent === undefined) root = el;
      else parent.children.push(el);
      stack.push(el);
    },
    close() {
      stack.pop();
    },
    text: addText,
    cdata: addText,
    comment() {},
    pi() {},
    doctype() {},
  });
  if (root === null) throw new PyError('ParseError', `no element found: ${lineCol(src, src.length)}`);
  return root;
}

const DOCTYPE_PARTS =
  /^\s*([^\s[>]+)(?:\s+(?:SYSTEM\s+("[^"]*"|'[^']*')|PUBLIC\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*')))?\s*(?:\[([\s\S]*)\])?\s*$/;

/** minidom.parseString under defusedxml: the document's child nodes (doctype, comments, PIs, root). */
export function parseDocument(src: string): DomNode[] {
  const top: DomNode[] = [];
  const stack: DomElement[] = [];
  const sink = (): DomNode[] => stack[stack.length - 1]?.children ?? top;
  drive(src, {
    open(name, attributes) {
      const attrs: (readonly [string, string])[] = [];
      for (const k in attributes) attrs.push([k, attributes[k]!]);
      const el: DomElement = { kind: 'element', tag: name, attrs, children: [] };
      sink().push(el);
      stack.push(el);
    },
    close() {
      stack.pop();
    },
    text(t) {
      if (stack.length === 0) return;
      const kids = sink();
      const last = kids[kids.length - 1];
      if (last !== undefined && last.kind === 'text') last.data += t;
      else kids.push({ kind: 'text', data: t });
    },
    cdata(t) {
      if (stack.length > 0) sink().push({ kind: 'cdata', data: t });
    },
    comment(t) {
      sink().push({ kind: 'comment', data: t });
    },
    pi(target, data) {
      sink().push({ kind: 'pi', target, data });
    },
    doctype(body) {
      const m = DOCTYPE_PARTS.exec(body);
      const unq = (q: string | undefined): string | null => (q === undefined ? null : q.slice(1, -1));
      top.push({
        kind: 'doctype',
        name: m?.[1] ?? body.trim(),
        publicId: unq(m?.[3]),
        systemId: m?.[2] !== undefined ? unq(m[2]) : unq(m?.[4]),
        internalSubset: m?.[5] ?? null,
      });
    },
  });
  return top;
}
