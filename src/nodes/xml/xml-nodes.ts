/**
 * The in-memory XML nodes (nodes.md §17.7): ParseXML, XPathQuery, GetXMLElement, GetXMLAttribute,
 * XMLToJson, JsonToXML. On failure each sets the outputs CasareRPA sets, then throws.
 */
import { PyError } from '../../lib/py/errors.js';
import { pyStr } from '../../lib/py/str.js';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { find, findall } from './element-path.js';
import { XML_ROOT_VAR, boolParam, queryRoot, safeInt, strParam } from './xml-common.js';
import { parseXml } from './xml-parse.js';
import { runKernel } from '../../pool/offload.js';
import { XML_NS_PER_BYTE, type XPathResult } from './xml-kernels.js';

/** Run `body`; on any error (thrown, or a rejected promise from the pool) set the failure outputs first. */
function withFailureOutputs(ctx: NodeContext, onFail: Readonly<Record<string, unknown>>, body: () => void | Promise<void>): void | Promise<void> {
  const fail = (e: unknown): never => {
    for (const k of Object.keys(onFail)) ctx.out(k, onFail[k]);
    throw e;
  };
  try {
    const r = body();
    return r instanceof Promise ? r.catch(fail) : r;
  } catch (e) {
    return fail(e);
  }
}

function required(name: string): NodeFailure {
  return new NodeFailure(`${name} is required`, 'ValueError');
}

export const parseXmlNode: NodeSpec = defineNode({
  type: 'ParseXMLNode',
  category: 'document',
  inputs: ['xml_string'],
  required: ['xml_string'],
  outputs: ['root_tag', 'root_text', 'child_count', 'success'],
  config: { xml_string: null },
  cost: 'inline',
  writes: ['any'],
  run(ctx) {
    withFailureOutputs(ctx, { success: false }, () => {
      const xml = strParam(ctx, 'xml_string');
      if (xml === '') throw required('xml_string');
      let root;
      try {
        root = parseXml(xml);
      } catch (e) {
        if (e instanceof PyError && e.pyType === 'ParseError') throw new NodeFailure(`XML parse error: ${e.message}`, 'ParseError');
        throw e;
      }
      ctx.vars.set(XML_ROOT_VAR, root);
      ctx.out('root_tag', root.tag);
      ctx.out('root_text', root.text ?? '');
      ctx.out('child_count', root.children.length);
      ctx.out('success', true);
    });
  },
});

export const xpathQueryNode: NodeSpec = defineNode({
  type: 'XPathQueryNode',
  category: 'document',
  inputs: ['xml_string', 'xpath'],
  required: ['xml_string', 'xpath'],
  outputs: ['results', 'count', 'first_text', 'success'],
  config: { xml_string: null, xpath: null },
  cost: 'cpu',
  readsAnyVariable: true,
  run(ctx) {
    return withFailureOutputs(ctx, { results: [], count: 0, first_text: '', success: false }, () => {
      const xpath = strParam(ctx, 'xpath');
      if (xpath === '') throw required('xpath');
      const apply = (r: XPathResult): void => {
        ctx.out('results', r.results);
        ctx.out('count', r.results.length);
        ctx.out('first_text', r.firstText);
        ctx.out('success', true);
      };
      const xml = ctx.param('xml_string');
      if (typeof xml === 'string' && xml !== '') {
        // A document given as text: parse + query as one kernel, in the pool when it is large.
        const r = runKernel<XPathResult>(ctx, 'xml.xpath', { xml, xpath }, xml.length * XML_NS_PER_BYTE);
        return r instanceof Promise ? r.then(apply) : apply(r);
      }
      const root = queryRoot(ctx, 'No XML available. Parse XML first or provide xml_string.', 'findall');
      const elements = findall(root, xpath);
      apply({ results: elements.map((e) => ({ tag: e.tag, text: e.text ?? '', attrib: { ...e.attrib }, tail: e.tail ?? '' })), firstText: elements[0]?.text || '' });
    });
  },
});

export const getXmlElementNode: NodeSpec = defineNode({
  type: 'GetXMLElementNode',
  category: 'document',
  inputs: ['xml_string', 'tag_name', 'index'],
  required: ['xml_string', 'tag_name'],
  outputs: ['tag', 'text', 'attributes', 'child_count', 'found'],
  config: { xml_string: null, tag_name: null, index: 0 },
  cost: 'inline',
  readsAnyVariable: true,
  run(ctx) {
    withFailureOutputs(ctx, { found: false }, () => {
      const tagName = strParam(ctx, 'tag_name');
      const index = safeInt(ctx.param('index'), 0);
      if (tagName === '') throw required('tag_name');
      const root = queryRoot(ctx, 'No XML available', 'findall');
      const elements = findall(root, `.//${tagName}`);
      const el = index >= 0 && index < elements.length ? elements[index]! : null;
      ctx.out('tag', el === null ? '' : el.tag);
      ctx.out('text', el?.text ?? '');
      ctx.out('attributes', el === null ? {} : { ...el.attrib });
      ctx.out('child_count', el === null ? 0 : el.children.length);
      ctx.out('found', el !== null);
    });
  },
});

export const getXmlAttributeNode: NodeSpec = defineNode({
  type: 'GetXMLAttributeNode',
  category: 'document',
  inputs: ['xml_string', 'xpath', 'attribute_name'],
  required: ['xml_string', 'attribute_name'],
  outputs: ['value', 'found'],
  config: { xml_string: null, xpath: '.', attribute_name: null },
  cost: 'inline',
  readsAnyVariable: true,
  run(ctx) {
    withFailureOutputs(ctx, { found: false }, () => {
      const xpath = strParam(ctx, 'xpath', '.');
      const name = strParam(ctx, 'attribute_name');
      if (name === '') throw required('attribute_name');
      const root = queryRoot(ctx, 'No XML available', 'find');
      const el = find(root, xpath);
      const found = el !== null && Object.prototype.hasOwnProperty.call(el.attrib, name);
      ctx.out('value', found ? el.attrib[name] : '');
      ctx.out('found', found);
    });
  },
});

export const xmlToJsonNode: NodeSpec = defineNode({
  type: 'XMLToJsonNode',
  category: 'document',
  inputs: ['xml_string'],
  required: ['xml_string'],
  outputs: ['json_data', 'json_string', 'success'],
  config: { xml_string: null, include_attributes: true, text_key: '#text' },
  cost: 'cpu',
  run(ctx) {
    return withFailureOutputs(ctx, { json_data: {}, json_string: '', success: false }, () => {
      const xml = strParam(ctx, 'xml_string');
      const includeAttributes = boolParam(ctx, 'include_attributes', true);
      const tk = ctx.param('text_key');
      const textKey = tk === null || tk === undefined ? '#text' : pyStr(tk);
      if (xml === '') throw required('xml_string');
      const apply = (r: { data: unknown; json: string }): void => {
        ctx.out('json_data', r.data);
        ctx.out('json_string', r.json);
        ctx.out('success', true);
      };
      const r = runKernel<{ data: unknown; json: string }>(ctx, 'xml.toJson', { xml, includeAttributes, textKey }, xml.length * XML_NS_PER_BYTE);
      return r instanceof Promise ? r.then(apply) : apply(r);
    });
  },
});

/** minidom pretty print with blank lines removed; the raw text when it does not re-parse. */
export const jsonToXmlNode: NodeSpec = defineNode({
  type: 'JsonToXMLNode',
  category: 'document',
  inputs: ['json_data'],
  required: ['json_data'],
  outputs: ['xml_string', 'success'],
  config: { json_data: null, root_tag: 'root', pretty_print: true },
  cost: 'cpu',
  run(ctx) {
    return withFailureOutputs(ctx, { xml_string: '', success: false }, () => {
      const data = ctx.param('json_data');
      const rt = ctx.param('root_tag');
      const rootTag = rt === null || rt === undefined ? 'root' : pyStr(rt);
      const pretty = boolParam(ctx, 'pretty_print', true);
      if (data === null || data === undefined) throw required('json_data');
      const apply = (xml: string): void => {
        ctx.out('xml_string', xml);
        ctx.out('success', true);
      };
      // JSON text is sized by its length; other values run inline (sizing them would cost a walk).
      const cost = typeof data === 'string' ? data.length * XML_NS_PER_BYTE : 0;
      const r = runKernel<string>(ctx, 'xml.fromJson', { data, rootTag, pretty }, cost);
      return r instanceof Promise ? r.then(apply) : apply(r);
    });
  },
});

export const xmlNodes: readonly NodeSpec[] = [
  parseXmlNode, xpathQueryNode, getXmlElementNode, getXmlAttributeNode, xmlToJsonNode, jsonToXmlNode,
];
