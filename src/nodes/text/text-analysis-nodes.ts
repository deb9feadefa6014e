/** TextCount and TextJoin (nodes.md §9). */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyStr } from '../../lib/py/str.js';
import { pySplit, pySplitlines } from '../../lib/py/string.js';
import { defineNode } from '../types.js';
import { codePointLength, readText } from './text-input.js';

export const textCountNode = defineNode({
  type: 'TextCountNode',
  category: 'text',
  inputs: ['text'],
  outputs: ['count'],
  config: { text: '', mode: 'characters', exclude_whitespace: false },
  run(ctx) {
    const text = readText(ctx);
    const mode = ctx.param('mode');
    let count: number;
    if (mode === 'words') count = pySplit(text).length;
    else if (mode === 'lines') count = pySplitlines(text).length;
    else if (pyTruthy(ctx.param('exclude_whitespace'))) count = codePointLength(pySplit(text).join(''));
    else count = codePointLength(text);
    ctx.out('count', count);
  },
});

export const textJoinNode = defineNode({
  type: 'TextJoinNode',
  category: 'text',
  inputs: ['items'],
  required: ['items'],
  outputs: ['result'],
  config: { items: null, separator: '' },
  run(ctx) {
    const raw = ctx.param('items');
    const items: readonly unknown[] = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const sep = pyStr(ctx.param('separator') ?? '');
    let out = '';
    for (let i = 0; i < items.length; i++) out += (i > 0 ? sep : '') + pyStr(items[i]);
    ctx.out('result', out);
  },
});
