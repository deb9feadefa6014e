/**
 * Serialisers: ElementTree's `tostring(elem, encoding="unicode")` and minidom's
 * `toprettyxml(indent)` (Python 3.8-3.12 output: `<?xml version="1.0" ?>` first line, a lone text
 * child inline, `<e/>` for empty elements, `"` escaped in text too). Both walk the tree with an
 * explicit stack, so nesting depth is bounded by memory only.
 */
import type { XmlElement } from './element.js';
import type { DomNode } from './xml-parse.js';

const CDATA_SPECIAL = /[&<>]/;
const ATTRIB_SPECIAL = /[&<>"\r\n\t]/;
const DOM_SPECIAL = /[&<>"]/;

function escapeCdata(s: string): string {
  if (!CDATA_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttrib(s: string): string {
  if (!ATTRIB_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#09;');
}

/** minidom's _write_data. */
function escapeDom(s: string): string {
  if (!DOM_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

/** ElementTree.tostring(elem, encoding="unicode"): `<a x="1">t<b />tail</a>`. */
export function elementToString(root: XmlElement): string {
  const parts: string[] = [];
  const stack: (XmlElement | string)[] = [root];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      parts.push(top);
      continue;
    }
    let open = '<' + top.tag;
    for (const k of Object.keys(top.attrib)) open += ` ${k}="${escapeAttrib(top.attrib[k]!)}"`;
    const tail = top !== root && top.tail ? escapeCdata(top.tail) : '';
    if (top.text || top.children.length > 0) {
      parts.push(open + '>' + (top.text ? escapeCdata(top.text) : ''));
      stack.push(`</${top.tag}>` + tail);
      for (let i = top.children.length - 1; i >= 0; i--) stack.push(top.children[i]!);
    } else {
      parts.push(open + ' />' + tail);
    }
  }
  return parts.join('');
}

type Frame = { readonly node: DomNode; readonly indent: string } | { readonly close: string };

/** minidom Document.toprettyxml(indent=addindent, newl="\n") of parsed document nodes. */
export function toPrettyXml(doc: readonly DomNode[], addindent = '  ', newl = '\n'): string {
  const parts: string[] = [`<?xml version="1.0" ?>${newl}`];
  const stack: Frame[] = [];
  for (let i = doc.length - 1; i >= 0; i--) stack.push({ node: doc[i]!, indent: '' });
  while (stack.length > 0) {
    const f = stack.pop()!;
    if ('close' in f) {
      parts.push(f.close);
      continue;
    }
    const { node, indent } = f;
    switch (node.kind) {
      case 'text':
        parts.push(escapeDom(indent + node.data + newl));
        break;
      case 'cdata':
        parts.push(`<![CDATA[${node.data}]]>`);
        break;
      case 'comment':
        parts.push(`${indent}<!--${node.data}-->${newl}`);
        break;
      case 'pi':
        parts.push(`${indent}<?${node.target} ${node.data}?>${newl}`);
        break;
      case 'doctype': {
        let s = '<!DOCTYPE ' + node.name;
        if (node.publicId) s += `${newl}  PUBLIC '${node.publicId}'${newl}  '${node.systemId ?? ''}'`;
        else if (node.systemId) s += `${newl}  SYSTEM '${node.systemId}'`;
        if (node.internalSubset !== null) s += ` [${node.internalSubset}]`;
        parts.push(s + '>' + newl);
        break;
      }
      case 'element': {
        let open = indent + '<' + node.tag;
        for (const [k, v] of node.attrs) open += ` ${k}="${escapeDom(v)}"`;
        const kids = node.children;
        if (kids.length === 0) {
          parts.push(open + '/>' + newl);
        } else if (kids.length === 1 && (kids[0]!.kind === 'text' || kids[0]!.kind === 'cdata')) {
          const only = kids[0]!;
          parts.push(open + '>' + (only.kind === 'text' ? escapeDom(only.data) : `<![CDATA[${only.data}]]>`) + `</${node.tag}>${newl}`);
        } else {
          parts.push(open + '>' + newl);
          stack.push({ close: `${indent}</${node.tag}>${newl}` });
          const inner = indent + addindent;
          for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, indent: inner });
        }
        break;
      }
    }
  }
  return parts.join('');
}
