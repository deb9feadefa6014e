/**
 * Pure XML kernels (parse + query / convert in one step) so a large document never blocks the main
 * loop: the XPath and XML→JSON nodes send the text to the worker pool when it is big enough, and get
 * back only plain results. Cost estimate: saxes + tree building measured at roughly 20-40 ns per
 * byte here, so ~50 KB of XML is about a millisecond — the pool's break-even (src/pool/offload.ts).
 */
import { pyJsonDumps, pyJsonLoads } from '../../lib/py/json.js';
import { findall } from './element-path.js';
import { parseXml } from './xml-parse.js';
import { jsonToElement, xmlToJson } from './xml-json.js';
import { elementToString, toPrettyXml } from './serialize.js';
import { parseDocument } from './xml-parse.js';

export const XML_NS_PER_BYTE = 0.03;

export interface XPathResult {
  readonly results: { tag: string; text: string; attrib: Record<string, string>; tail: string }[];
  readonly firstText: string;
}

export function xpathQueryKernel(input: { xml: string; xpath: string }): XPathResult {
  const elements = findall(parseXml(input.xml), input.xpath);
  return {
    results: elements.map((e) => ({ tag: e.tag, text: e.text ?? '', attrib: { ...e.attrib }, tail: e.tail ?? '' })),
    firstText: elements[0]?.text || '',
  };
}

export function xmlToJsonKernel(input: { xml: string; includeAttributes: boolean; textKey: string }): { data: unknown; json: string } {
  const data = xmlToJson(parseXml(input.xml), input.includeAttributes, input.textKey);
  return { data, json: pyJsonDumps(data, { indent: 2, ensureAscii: false }) };
}

/** JsonToXMLNode's work: JSON text or a value -> XML text, pretty-printed like minidom when asked. */
export function jsonToXmlKernel(input: { data: unknown; rootTag: string; pretty: boolean }): string {
  const data = typeof input.data === 'string' ? pyJsonLoads(input.data) : input.data;
  const xml = elementToString(jsonToElement(data, input.rootTag));
  return input.pretty ? prettyOrRaw(xml) : xml;
}

/** Pretty-print through minidom-style output with blank lines removed; text that does not parse is kept. */
function prettyOrRaw(xml: string): string {
  let doc;
  try {
    doc = parseDocument(xml);
  } catch {
    return xml;
  }
  return toPrettyXml(doc).split('\n').filter((line) => line.trim() !== '').join('\n');
}

