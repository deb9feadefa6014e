/**
 * ReadXMLFile / WriteXMLFile (nodes.md §17.7): paths go through the file nodes' resolveSafePath
 * (sandbox, refusals); reading parses the decoded text, writing pretty-prints like minidom.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { toOsFailure } from '../file/os-error.js';
import { resolveSafePath } from '../file/safe-path.js';
import { decodeText, encodeText, universalNewlines } from '../file/text-codec.js';
import { XmlTree } from './element.js';
import { XML_ROOT_VAR, XML_TREE_VAR, boolParam, strParam } from './xml-common.js';
import { parseDocument, parseXml } from './xml-parse.js';
import { toPrettyXml } from './serialize.js';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function failWithSuccessFalse(ctx: NodeContext, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    ctx.out('success', false);
    throw e;
  }
}

export const readXmlFileNode: NodeSpec = defineNode({
  type: 'ReadXMLFileNode',
  category: 'document',
  inputs: ['file_path'],
  required: ['file_path'],
  outputs: ['root_tag', 'xml_string', 'success'],
  config: { file_path: null, encoding: 'utf-8' },
  cost: 'io',
  resources: ['file'],
  pathKeys: ['file_path'],
  writes: ['any'],
  run: (ctx) => failWithSuccessFalse(ctx, async () => {
    const given = strParam(ctx, 'file_path');
    const encoding = strParam(ctx, 'encoding', 'utf-8');
    if (given === '') throw new NodeFailure('file_path is required', 'ValueError');
    const path = await resolveSafePath(ctx, given);
    if (!(await exists(path))) throw new NodeFailure(`XML file not found: ${given}`, 'FileNotFoundError');
    let bytes: Buffer;
    try {
      bytes = await readFile(path, { signal: ctx.signal });
    } catch (e) {
      throw toOsFailure(e, path);
    }
    const text = universalNewlines(decodeText(bytes, encoding, true));
    const root = parseXml(text);
    ctx.vars.set(XML_ROOT_VAR, root);
    ctx.vars.set(XML_TREE_VAR, new XmlTree(root));
    ctx.out('root_tag', root.tag);
    ctx.out('xml_string', text);
    ctx.out('success', true);
  }),
});

export const writeXmlFileNode: NodeSpec = defineNode({
  type: 'WriteXMLFileNode',
  category: 'document',
  inputs: ['file_path', 'xml_string'],
  required: ['file_path', 'xml_string'],
  outputs: ['file_path', 'success'],
  config: { file_path: null, xml_string: null, encoding: 'utf-8', pretty_print: true, xml_declaration: true },
  cost: 'io',
  resources: ['file'],
  pathKeys: ['file_path'],
  run: (ctx) => failWithSuccessFalse(ctx, async () => {
    const given = strParam(ctx, 'file_path');
    let xml = strParam(ctx, 'xml_string');
    const encoding = strParam(ctx, 'encoding', 'utf-8');
    const pretty = boolParam(ctx, 'pretty_print', true);
    const declaration = boolParam(ctx, 'xml_declaration', true);
    if (given === '') throw new NodeFailure('file_path is required', 'ValueError');
    if (xml === '') throw new NodeFailure('xml_string is required', 'ValueError');
    const path = await resolveSafePath(ctx, given);
    if (pretty) {
      try {
        xml = toPrettyXml(parseDocument(xml));
      } catch {
        // CasareRPA keeps the text as given when it does not parse.
      }
    }
    if (declaration && !xml.startsWith('<?xml')) xml = `<?xml version="1.0" encoding="${encoding}"?>\n` + xml;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, encodeText(xml, encoding), { signal: ctx.signal });
    } catch (e) {
      throw toOsFailure(e, path);
    }
    ctx.out('file_path', path);
    ctx.out('success', true);
  }),
});

export const xmlFileNodes: readonly NodeSpec[] = [readXmlFileNode, writeXmlFileNode];
