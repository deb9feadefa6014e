import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runNode } from '../../support/run-node.js';
import {
  getXmlAttributeNode, getXmlElementNode, jsonToXmlNode, parseXmlNode, xmlToJsonNode, xpathQueryNode,
} from '../../../src/nodes/xml/xml-nodes.js';
import { readXmlFileNode, writeXmlFileNode } from '../../../src/nodes/xml/xml-file-nodes.js';
import { specs } from '../../../src/nodes/xml/index.js';
import { parseXml } from '../../../src/nodes/xml/xml-parse.js';

describe('ParseXMLNode', () => {
  test('batch_7_4 corpus: parses {{xml}} and stores _xml_root', async () => {
    const r = await runNode(parseXmlNode, {
      config: { xml_string: '{{xml}}' }, variables: { xml: '<root><item id="1">Test</item></root>' },
    });
    expect(r.ok).toBe(true);
    expect(r.outputs).toEqual({ root_tag: 'root', root_text: '', child_count: 1, success: true });
    expect((r.variables.get('_xml_root') as { tag: string }).tag).toBe('root');
  });
  test('prefixes syntax errors with XML parse error', async () => {
    const r = await runNode(parseXmlNode, { inputs: { xml_string: '<a>' } });
    expect(r.error).toEqual({ message: 'XML parse error: no element found: line 1, column 3', errorType: 'ParseError' });
    expect(r.outputs.success).toBe(false);
  });
  test('refuses entity declarations without the prefix', async () => {
    const r = await runNode(parseXmlNode, { inputs: { xml_string: '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>' } });
    expect(r.error?.message).toBe("EntitiesForbidden(name='e', system_id=None, public_id=None)");
  });
  test('null xml_string fails the required check; "" fails xml_string is required', async () => {
    expect((await runNode(parseXmlNode)).error?.message).toBe("Required input port 'xml_string' has no value");
    expect((await runNode(parseXmlNode, { config: { xml_string: '' } })).error?.message).toBe('xml_string is required');
  });
});

describe('XPathQueryNode', () => {
  const xml = '<r><item id="1">a</item>t1<item id="2"><sub/></item><other>o</other></r>';
  test('batch_7_4 corpus: no xml_string configured fails the required check', async () => {
    const r = await runNode(xpathQueryNode, { config: { query: '//item' }, variables: { _xml_root: parseXml('<root/>') } });
    expect(r.error?.message).toBe("Required input port 'xml_string' has no value");
  });
  test('returns all matches with tag, text, attrib, tail', async () => {
    const r = await runNode(xpathQueryNode, { inputs: { xml_string: xml, xpath: './/item' } });
    expect(r.outputs).toEqual({
      results: [
        { tag: 'item', text: 'a', attrib: { id: '1' }, tail: 't1' },
        { tag: 'item', text: '', attrib: { id: '2' }, tail: '' },
      ],
      count: 2, first_text: 'a', success: true,
    });
  });
  test('falls back to _xml_root when xml_string is ""', async () => {
    const r = await runNode(xpathQueryNode, {
      config: { xml_string: '', xpath: "item[@id='2']" }, variables: { _xml_root: parseXml(xml) },
    });
    expect(r.outputs.count).toBe(1);
    const none = await runNode(xpathQueryNode, { config: { xml_string: '', xpath: 'item' } });
    expect(none.error?.message).toBe('No XML available. Parse XML first or provide xml_string.');
    expect(none.outputs).toEqual({ results: [], count: 0, first_text: '', success: false });
  });
  test('xpath is required; absolute paths fail', async () => {
    expect((await runNode(xpathQueryNode, { config: { xml_string: xml, xpath: '' } })).error?.message).toBe('xpath is required');
    const abs = await runNode(xpathQueryNode, { config: { xml_string: xml, xpath: '//item' } });
    expect(abs.error).toEqual({ message: 'cannot use absolute path on element', errorType: 'SyntaxError' });
  });
});

describe('GetXMLElementNode', () => {
  const xml = '<r><item a="x">one<c/></item><item>two</item></r>';
  test('finds descendants by tag with a 0-based index', async () => {
    const r = await runNode(getXmlElementNode, { config: { xml_string: xml, tag_name: 'item', index: 1 } });
    expect(r.outputs).toEqual({ tag: 'item', text: 'two', attributes: {}, child_count: 0, found: true });
    const first = await runNode(getXmlElementNode, { config: { xml_string: xml, tag_name: 'item' } });
    expect(first.outputs).toEqual({ tag: 'item', text: 'one', attributes: { a: 'x' }, child_count: 1, found: true });
  });
  test('does not match the root; missing -> success with found false and empty outputs', async () => {
    const r = await runNode(getXmlElementNode, { config: { xml_string: xml, tag_name: 'r' } });
    expect(r.ok).toBe(true);
    expect(r.outputs).toEqual({ tag: '', text: '', attributes: {}, child_count: 0, found: false });
  });
});

describe('GetXMLAttributeNode', () => {
  test('first match of xpath (default "."), missing attribute -> "" and found false', async () => {
    const xml = '<r v="0"><i id="1"/><i id="2"/></r>';
    expect((await runNode(getXmlAttributeNode, { config: { xml_string: xml, attribute_name: 'v' } })).outputs).toEqual({ value: '0', found: true });
    expect((await runNode(getXmlAttributeNode, { config: { xml_string: xml, xpath: 'i', attribute_name: 'id' } })).outputs).toEqual({ value: '1', found: true });
    expect((await runNode(getXmlAttributeNode, { config: { xml_string: xml, xpath: 'i', attribute_name: 'no' } })).outputs).toEqual({ value: '', found: false });
    expect((await runNode(getXmlAttributeNode, { config: { xml_string: xml, xpath: 'zz', attribute_name: 'id' } })).outputs).toEqual({ value: '', found: false });
  });
  test('the corpus key attribute is not read', async () => {
    const r = await runNode(getXmlAttributeNode, { config: { xml_string: '<r/>', attribute: 'id' } });
    expect(r.error?.message).toBe("Required input port 'attribute_name' has no value");
  });
});

describe('XMLToJsonNode', () => {
  test('the catalogue example', async () => {
    const r = await runNode(xmlToJsonNode, { config: { xml_string: '<r a="1"><i>1</i><i>2</i><e/></r>' } });
    expect(r.outputs.json_data).toEqual({ r: { '@attributes': { a: '1' }, i: ['1', '2'], e: '' } });
    expect(r.outputs.json_string).toBe('{\n  "r": {\n    "@attributes": {\n      "a": "1"\n    },\n    "i": [\n      "1",\n      "2"\n    ],\n    "e": ""\n  }\n}');
  });
  test('text beside children goes under text_key; non-ASCII kept; attributes optional', async () => {
    const r = await runNode(xmlToJsonNode, { config: { xml_string: '<r a="1"> é <c>x</c>tail</r>', text_key: '_t', include_attributes: false } });
    expect(r.outputs.json_data).toEqual({ r: { _t: 'é', c: 'x' } });
    expect(r.outputs.json_string).toContain('"é"');
  });
});

describe('JsonToXMLNode', () => {
  test('the catalogue example {"a":1}', async () => {
    const r = await runNode(jsonToXmlNode, { config: { json_data: '{"a":1}' } });
    expect(r.outputs.xml_string).toBe('<?xml version="1.0" ?>\n<root>\n  <a>1</a>\n</root>');
  });
  test('attributes, #text, lists, top-level list, null, booleans and D7 numbers', async () => {
    const r = await runNode(jsonToXmlNode, {
      inputs: { json_data: { '@attributes': { v: 2.0 }, t: { '#text': 'hi', '@attributes': { k: 'x' } }, l: [1, 2.5], n: null, b: true } },
      config: { pretty_print: false },
    });
    expect(r.outputs.xml_string).toBe('<root v="2"><t k="x">hi</t><l>1</l><l>2.5</l><n /><b>True</b></root>');
    const list = await runNode(jsonToXmlNode, { inputs: { json_data: [1, { x: 'y' }] }, config: { root_tag: 'items' } });
    expect(list.outputs.xml_string).toBe('<?xml version="1.0" ?>\n<items>\n  <item>1</item>\n  <item>\n    <x>y</x>\n  </item>\n</items>');
  });
  test('a tag that does not re-parse keeps the raw text', async () => {
    const r = await runNode(jsonToXmlNode, { inputs: { json_data: { 'a b': 1 } } });
    expect(r.outputs.xml_string).toBe('<root><a b>1</a b></root>');
  });
});

describe('XML file nodes', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), 'casare-xml-'));
    dirs.push(d);
    return d;
  };
  afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });
  test('WriteXMLFile pretty prints, creates parents; ReadXMLFile reads it back', async () => {
    const dir = await tempDir();
    const w = await runNode(writeXmlFileNode, { cwd: dir, config: { file_path: 'sub/out.xml', xml_string: '<r><i a="1">x</i></r>' } });
    expect(w.ok).toBe(true);
    expect(w.outputs.file_path).toBe(join(dir, 'sub', 'out.xml'));
    const text = await readFile(join(dir, 'sub', 'out.xml'), 'utf8');
    expect(text).toBe('<?xml version="1.0" ?>\n<r>\n  <i a="1">x</i>\n</r>\n');
    const r = await runNode(readXmlFileNode, { cwd: dir, config: { file_path: 'sub/out.xml' } });
    expect(r.outputs).toEqual({ root_tag: 'r', xml_string: text, success: true });
    expect(r.variables.has('_xml_root') && r.variables.has('_xml_tree')).toBe(true);
  });
  test('WriteXMLFile keeps unparseable text and prepends the declaration', async () => {
    const dir = await tempDir();
    await runNode(writeXmlFileNode, { cwd: dir, config: { file_path: 'o.xml', xml_string: '<a><b></a>', encoding: 'latin-1' } });
    expect(await readFile(join(dir, 'o.xml'), 'utf8')).toBe('<?xml version="1.0" encoding="latin-1"?>\n<a><b></a>');
  });
  test('ReadXMLFile: missing file and entity refusal', async () => {
    const dir = await tempDir();
    expect((await runNode(readXmlFileNode, { cwd: dir, config: { file_path: 'nope.xml' } })).error?.message).toBe('XML file not found: nope.xml');
    await writeFile(join(dir, 'e.xml'), '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>');
    const r = await runNode(readXmlFileNode, { cwd: dir, config: { file_path: 'e.xml' } });
    expect(r.error?.message).toBe("EntitiesForbidden(name='x', system_id='file:///etc/passwd', public_id=None)");
  });
});

test('index exports the eight node types', () => {
  expect(specs.map((s) => s.type).sort()).toEqual([
    'GetXMLAttributeNode', 'GetXMLElementNode', 'JsonToXMLNode', 'ParseXMLNode', 'ReadXMLFileNode',
    'WriteXMLFileNode', 'XMLToJsonNode', 'XPathQueryNode',
  ]);
});
