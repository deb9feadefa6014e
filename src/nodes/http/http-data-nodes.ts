/** SetHttpHeadersNode and ParseJsonResponseNode (nodes.md §14): pure data shaping, no I/O. */
import { defineNode, NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { toHeaderDict } from './http-common.js';

export const setHttpHeadersNode = defineNode({
  type: 'SetHttpHeadersNode',
  category: 'http',
  inputs: ['base_headers', 'header_name', 'header_value', 'headers_json'],
  outputs: ['headers'],
  config: { base_headers: {}, header_name: '', header_value: '', headers_json: {} },
  run(ctx) {
    const out = { ...toHeaderDict(ctx.param('base_headers')), ...toHeaderDict(ctx.param('headers_json')) };
    const name = pyStr(ctx.param('header_name') ?? '');
    if (name !== '') out[name] = pyStr(ctx.param('header_value') ?? '');
    ctx.out('headers', out);
  },
});

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/** Follow a dot path (`data.items[0].name`, `items.0`) into parsed JSON; undefined when missing. */
export function followPath(value: unknown, path: string): unknown {
  let cur = value;
  SEGMENT.lastIndex = 0;
  for (let m = SEGMENT.exec(path); m !== null; m = SEGMENT.exec(path)) {
    const key = m[1] ?? m[2]!;
    if (Array.isArray(cur)) {
      const i = Number(key);
      if (!Number.isInteger(i)) return undefined;
      cur = cur[i < 0 ? cur.length + i : i];
    } else if (typeof cur === 'object' && cur !== null && Object.prototype.hasOwnProperty.call(cur, key)) {
      cur = (cur as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

export const parseJsonResponseNode = defineNode({
  type: 'ParseJsonResponseNode',
  category: 'http',
  inputs: ['json_data', 'path', 'default'],
  outputs: ['value', 'success', 'error'],
  config: { json_data: null, path: '', default: null },
  run(ctx) {
    let data = ctx.param('json_data');
    if (data === null || data === undefined) {
      ctx.out('success', false);
      ctx.out('error', 'No JSON data provided');
      throw new NodeFailure('JSON parse error: No JSON data provided', 'ValueError');
    }
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch (e) {
        ctx.out('success', false);
        ctx.out('error', (e as Error).message);
        throw new NodeFailure(`JSON parse error: ${(e as Error).message}`, 'JSONDecodeError');
      }
    }
    const path = pyStr(ctx.param('path') ?? '');
    const found = path === '' ? data : followPath(data, path);
    ctx.out('value', found === undefined ? ctx.param('default') : found);
    ctx.out('success', true);
    ctx.out('error', '');
  },
});
