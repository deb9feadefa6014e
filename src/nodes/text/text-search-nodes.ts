/** TextSubstring, TextContains, TextStartsWith, TextEndsWith, TextExtract (nodes.md §9). */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyCount, pySliceBounds } from '../../lib/py/string.js';
import { guardedRegexCall } from '../regex-guard/guarded-regex.js';
import type { RegexExtractResult } from '../string/regex-kernels.js';
import { defineNode, NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { codePointLength, isBmpOnly, readText, safeInt } from './text-input.js';

export const textSubstringNode = defineNode({
  type: 'TextSubstringNode',
  category: 'text',
  inputs: ['text', 'start', 'end'],
  outputs: ['result', 'length'],
  config: { text: '', start: null, end: null },
  run(ctx) {
    const text = readText(ctx);
    const rawStart = ctx.param('start');
    const rawEnd = ctx.param('end');
    const start = rawStart === null || rawStart === undefined ? 0 : safeInt(rawStart, 0);
    const end = rawEnd === null || rawEnd === undefined ? null : safeInt(rawEnd, 0);
    let result: string;
    if (isBmpOnly(text)) {
      const [a, b] = pySliceBounds(text.length, start, end);
      result = text.slice(a, b);
    } else {
      const chars = Array.from(text);
      const [a, b] = pySliceBounds(chars.length, start, end);
      result = chars.slice(a, b).join('');
    }
    ctx.out('result', result);
    ctx.out('length', codePointLength(result));
  },
});

function caseFold(ctx: NodeContext, s: string): string {
  return pyTruthy(ctx.param('case_sensitive')) ? s : s.toLowerCase();
}

export const textContainsNode = defineNode({
  type: 'TextContainsNode',
  category: 'text',
  inputs: ['text', 'search'],
  outputs: ['contains', 'position', 'count'],
  config: { text: '', search: '', case_sensitive: true },
  run(ctx) {
    const text = caseFold(ctx, readText(ctx));
    const search = caseFold(ctx, readText(ctx, 'search'));
    const unit = text.indexOf(search);
    // Python positions count code points.
    const position = unit <= 0 || isBmpOnly(text) ? unit : codePointLength(text.slice(0, unit));
    ctx.out('contains', position >= 0);
    ctx.out('position', position);
    ctx.out('count', pyCount(text, search));
  },
});

export const textStartsWithNode = defineNode({
  type: 'TextStartsWithNode',
  category: 'text',
  inputs: ['text', 'prefix'],
  outputs: ['result'],
  config: { text: '', prefix: '', case_sensitive: true },
  run(ctx) {
    ctx.out('result', caseFold(ctx, readText(ctx)).startsWith(caseFold(ctx, readText(ctx, 'prefix'))));
  },
});

export const textEndsWithNode = defineNode({
  type: 'TextEndsWithNode',
  category: 'text',
  inputs: ['text', 'suffix'],
  outputs: ['result'],
  config: { text: '', suffix: '', case_sensitive: true },
  run(ctx) {
    ctx.out('result', caseFold(ctx, readText(ctx)).endsWith(caseFold(ctx, readText(ctx, 'suffix'))));
  },
});

export const textExtractNode = defineNode({
  type: 'TextExtractNode',
  category: 'text',
  inputs: ['text', 'pattern'],
  required: ['pattern'],
  outputs: ['match', 'groups', 'found'],
  config: { text: '', pattern: null, all_matches: false, ignore_case: false, multiline: false, dotall: false },
  cost: 'cpu',
  run(ctx) {
    const text = readText(ctx);
    const pattern = readText(ctx, 'pattern');
    const all = pyTruthy(ctx.param('all_matches'));
    const flags = {
      ignoreCase: pyTruthy(ctx.param('ignore_case')),
      multiline: pyTruthy(ctx.param('multiline')),
      dotall: pyTruthy(ctx.param('dotall')),
    };
    if (pattern === '') throw new NodeFailure('Regex pattern is required', 'ValueError');
    const apply = (r: RegexExtractResult): void => {
      ctx.out('match', r.match);
      ctx.out('groups', r.groups);
      ctx.out('found', r.found);
    };
    const r = guardedRegexCall(ctx, 'string.regexExtract', [text, pattern, flags, all]);
    if (r instanceof Promise) return r.then(apply);
    apply(r);
  },
});
