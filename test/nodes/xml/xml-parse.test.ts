import { describe, expect, test } from 'vitest';
import { parseDocument, parseXml } from '../../../src/nodes/xml/xml-parse.js';
import { elementToString, toPrettyXml } from '../../../src/nodes/xml/serialize.js';
import { xmlToJson } from '../../../src/nodes/xml/xml-json.js';
import { findall } from '../../../src/nodes/xml/element-path.js';

const parseError = (s: string): string => {
  try {
    parseXml(s);
    return 'parsed';
  } catch (e) {
    return `${(e as { pyType: string }).pyType}: ${(e as Error).message}`;
  }
};

describe('parseXml', () => {
  test('text and tail follow ElementTree; comments and PIs are dropped; entities and CDATA decoded', () => {
    const r = parseXml('<?xml version="1.0"?><r>a<!--c-->b<i x="&amp;">t</i>tail<?pi d?><j/>&lt;<![CDATA[<x>]]></r>');
    expect(r.text).toBe('ab');
    expect(r.children.map((c) => [c.tag, c.text, c.tail, c.attrib])).toEqual([
      ['i', 't', 'tail', { x: '&' }],
      ['j', null, '<<x>', {}],
    ]);
  });
  test('syntax errors read like expat', () => {
    expect(parseError('<a>')).toBe('ParseError: no element found: line 1, column 3');
    expect(parseError('')).toBe('ParseError: no element found: line 1, column 0');
    expect(parseError('<a></b>')).toBe('ParseError: mismatched tag: line 1, column 5');
    expect(parseError('<a/><b/>')).toBe('ParseError: junk after document element: line 1, column 4');
    expect(parseError('<a>\n&foo;</a>')).toBe('ParseError: undefined entity &foo;: line 2, column 0');
  });
  test('refuses any entity declaration, general or parameter, before use', () => {
    expect(parseError('<!DOCTYPE r [<!ENTITY e "x">]><r/>')).toBe("EntitiesForbidden: EntitiesForbidden(name='e', system_id=None, public_id=None)");
    expect(parseError('<!DOCTYPE r [<!ENTITY % p PUBLIC "pub" "sys">]><r/>')).toBe("EntitiesForbidden: EntitiesForbidden(name='p', system_id='sys', public_id='pub')");
    expect(parseError('<!DOCTYPE r><r/>')).toBe('parsed');
  });
  test('deep nesting does not overflow the stack', () => {
    const depth = 100_000;
    const xml = '<e>'.repeat(depth) + 'x' + '</e>'.repeat(depth);
    const root = parseXml(xml);
    expect(findall(root, './/e').length).toBe(depth - 1);
    expect(elementToString(root).length).toBe(xml.length);
    let node: unknown = xmlToJson(root, true, '#text');
    let levels = 0;
    while (typeof node === 'object' && node !== null) {
      node = (node as Record<string, unknown>).e;
      levels++;
    }
    expect([levels, node]).toEqual([depth, 'x']);
    // indent '' keeps the output linear in depth (2-space indent would be quadratic)
    const pretty = toPrettyXml(parseDocument(xml), '');
    expect(pretty.split('\n').length).toBe(2 * depth + 1);
  });
});
