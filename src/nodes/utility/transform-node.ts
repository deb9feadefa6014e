/** TransformNode (nodes.md §6): converts `value` by `transform_type`; result also stored in a variable. */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFloat, pyInt } from '../../lib/py/convert.js';
import { pyJsonDumps, pyJsonLoads } from '../../lib/py/json.js';
import { pySplit, pyStrip } from '../../lib/py/string.js';
import { compilePyRegex } from '../../lib/py/regex.js';

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sepOf(p: unknown): string {
  return pyTruthy(p) ? pyStr(p) : ',';
}

/** Apply one transform; throws (PyError or Error) on failure, the node prefixes `Transform error: `. */
export function applyTransform(v: unknown, type: string, p: unknown): unknown {
  switch (type) {
    case 'to_string': return v === null || v === undefined ? '' : pyStr(v);
    case 'to_integer': return typeof v === 'boolean' ? (v ? 1 : 0) : pyInt(v);
    case 'to_float': return pyFloat(v);
    case 'to_boolean': return typeof v === 'string' ? TRUE_WORDS.has(v.toLowerCase()) : pyTruthy(v);
    case 'to_list':
      if (typeof v === 'string') return [...v];
      if (Array.isArray(v)) return [...v];
      if (isDict(v)) return Object.entries(v).map(([k, x]) => [k, x]);
      return [v];
    case 'to_json': return pyJsonDumps(v);
    case 'from_json': return pyJsonLoads(pyStr(v));
    case 'uppercase': return pyStr(v).toUpperCase();
    case 'lowercase': return pyStr(v).toLowerCase();
    case 'trim': return pyStrip(pyStr(v), null, 'both');
    case 'split': return pySplit(pyStr(v), sepOf(p));
    case 'join': {
      if (!Array.isArray(v)) throw new Error(`can only join an iterable`);
      return v.map((x) => pyStr(x)).join(sepOf(p));
    }
    case 'replace': {
      if (!isDict(p) || !('old' in p)) throw new Error("replace requires param {'old': ..., 'new': ...}");
      return pyStr(v).split(pyStr(p['old'])).join(pyStr(p['new'] ?? ''));
    }
    case 'regex_extract': {
      if (!pyTruthy(p)) return null;
      const re = compilePyRegex(pyStr(p));
      re.lastIndex = 0;
      const m = re.exec(pyStr(v));
      return m === null ? null : m[0];
    }
    case 'get_key': return isDict(v) ? (v[pyStr(p)] ?? null) : null;
    case 'get_index': {
      if (!Array.isArray(v) && typeof v !== 'string') return null;
      const i = pyInt(p);
      const len = Array.isArray(v) ? v.length : v.length;
      if (Math.abs(i) >= len) return null;
      const k = i < 0 ? len + i : i;
      return Array.isArray(v) ? v[k] : v[k];
    }
    case 'map_values': {
      if (!Array.isArray(v) || !pyTruthy(p)) return v;
      const key = pyStr(p);
      return v.map((item) => (isDict(item) ? (item[key] ?? null) : item));
    }
    case 'filter_values': return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined && x !== '') : v;
    default: throw new Error(`Unknown transform type: ${type}`);
  }
}

export const transformNode: NodeSpec = defineNode({
  type: 'TransformNode',
  category: 'utility',
  inputs: ['value', 'param'],
  required: ['value'],
  outputs: ['result', 'success', 'error'],
  config: { value: null, param: null, transform_type: 'to_string', transform_param: null, variable_name: 'transformed' },
  writes: ['config:variable_name'],
  run(ctx) {
    const type = pyStr(ctx.param('transform_type') ?? 'to_string');
    const p = ctx.param('param') ?? ctx.param('transform_param');
    let result: unknown;
    try {
      result = applyTransform(ctx.param('value'), type, p);
    } catch (e) {
      const err = e as Error & { pyType?: string };
      throw new NodeFailure(`Transform error: ${err.message}`, err.pyType ?? 'TransformError');
    }
    const name = ctx.param('variable_name');
    if (pyTruthy(name)) ctx.vars.set(pyStr(name), result);
    ctx.out('result', result);
    ctx.out('success', true);
  },
});
