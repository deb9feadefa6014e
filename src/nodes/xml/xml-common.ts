/** Parameter reads and the `_xml_root` fallback shared by the XML nodes. */
import { pyTruthy } from '../../lib/py/compare.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { XmlElement } from './element.js';
import { parseXml } from './xml-parse.js';

/** Variable names CasareRPA's XML nodes use for the last parsed document. */
export const XML_ROOT_VAR = '_xml_root';
export const XML_TREE_VAR = '_xml_tree';

/** `str(self.get_parameter(name, dflt) or dflt)`. */
export function strParam(ctx: NodeContext, name: string, dflt = ''): string {
  const v = ctx.param(name);
  return pyTruthy(v) ? pyStr(v) : dflt;
}

/** Boolean config: absent/null -> default, else Python truthiness. */
export function boolParam(ctx: NodeContext, name: string, dflt: boolean): boolean {
  const v = ctx.param(name);
  return v === null || v === undefined ? dflt : pyTruthy(v);
}

/** CasareRPA's safe_int(value, default): int(value), else the default. */
export function safeInt(v: unknown, dflt: number): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : dflt;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+(?:_\d+)*\s*$/.test(v)) return parseInt(v.replace(/_/g, ''), 10);
  return dflt;
}

/**
 * The element a query node works on: xml_string parsed when truthy, else the `_xml_root` variable.
 * `method` names the ElementTree method Python would call (for the AttributeError on a non-element).
 */
export function queryRoot(ctx: NodeContext, missing: string, method: string): XmlElement {
  const xml = ctx.param('xml_string');
  if (pyTruthy(xml)) return parseXml(pyStr(xml));
  const root = ctx.vars.get(XML_ROOT_VAR);
  if (root === null || root === undefined) throw new NodeFailure(missing, 'ValueError');
  if (!(root instanceof XmlElement)) {
    throw new PyError('AttributeError', `'${pyTypeName(root)}' object has no attribute '${method}'`);
  }
  return root;
}
