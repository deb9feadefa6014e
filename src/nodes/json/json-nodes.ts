/** JsonParseNode and DictToJsonNode (nodes.md §11). */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyInt } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';
import { pyJsonDumps, pyJsonLoads } from '../../lib/py/json.js';
import { pyTypeName } from '../../lib/py/str.js';
import { readDictValue } from '../dict/dict-input.js';
import { defineNode, NodeFailure } from '../types.js';

export const jsonParseNode = defineNode({
  type: 'JsonParseNode',
  category: 'data',
  inputs: ['json_string'],
  outputs: ['data'],
  config: { json_string: '' },
  run(ctx) {
    const text = ctx.param('json_string');
    if (!pyTruthy(text)) throw new NodeFailure('Empty JSON string', 'ValueError');
    if (typeof text !== 'string') {
      throw new PyError('TypeError', `the JSON object must be str, bytes or bytearray, not ${pyTypeName(text)}`);
    }
    ctx.out('data', pyJsonLoads(text));
  },
});

export const dictToJsonNode = defineNode({
  type: 'DictToJsonNode',
  category: 'data',
  inputs: ['dict', 'indent'],
  outputs: ['json_string'],
  config: { dict: null, indent: null, sort_keys: false, ensure_ascii: true },
  run(ctx) {
    // CasareRPA dumps whatever arrives (falsy -> {}); there is no dict check here.
    const d = readDictValue(ctx, 'dict');
    const indent = ctx.param('indent');
    ctx.out(
      'json_string',
      pyJsonDumps(d, {
        indent: indent === null || indent === undefined ? null : pyInt(indent),
        sortKeys: pyTruthy(ctx.param('sort_keys')),
        ensureAscii: pyTruthy(ctx.param('ensure_ascii')),
      }),
    );
  },
});
