/** ConcatenateNode, FormatStringNode, RegexMatchNode, RegexReplaceNode (nodes.md §8). */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyInt } from '../../lib/py/convert.js';
import { PyError } from '../../lib/py/errors.js';
import { pyFormat } from '../../lib/py/format.js';
import type { PyRegexFlags } from '../../lib/py/regex.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { isDict } from '../dict/dict-input.js';
import { defineNode } from '../types.js';
import type { NodeContext } from '../types.js';
import { guardedRegexCall } from '../regex-guard/guarded-regex.js';
import type { RegexMatchResult, RegexReplaceResult } from './regex-kernels.js';

export const concatenateNode = defineNode({
  type: 'ConcatenateNode',
  category: 'data',
  inputs: ['string_1', 'string_2'],
  outputs: ['result'],
  config: { string_1: '', string_2: '', separator: '' },
  run(ctx) {
    const s1 = pyStr(ctx.param('string_1') ?? '');
    const sep = pyStr(ctx.param('separator') ?? '');
    ctx.out('result', s1 + sep + pyStr(ctx.param('string_2') ?? ''));
  },
});

export const formatStringNode = defineNode({
  type: 'FormatStringNode',
  category: 'data',
  inputs: ['template', 'variables'],
  outputs: ['result'],
  config: { template: '', variables: {} },
  run(ctx) {
    const template = ctx.param('template') ?? '';
    const variables = ctx.param('variables') ?? {};
    if (typeof template !== 'string') {
      throw new PyError('AttributeError', `'${pyTypeName(template)}' object has no attribute 'format'`);
    }
    if (!isDict(variables)) {
      throw new PyError('TypeError', `str.format() argument after ** must be a mapping, not ${pyTypeName(variables)}`);
    }
    ctx.out('result', pyFormat(template, new Map(Object.entries(variables))));
  },
});

function readFlags(ctx: NodeContext): PyRegexFlags {
  return {
    ignoreCase: pyTruthy(ctx.param('ignore_case')),
    multiline: pyTruthy(ctx.param('multiline')),
    dotall: pyTruthy(ctx.param('dotall')),
  };
}

const FLAG_DEFAULTS = { ignore_case: false, multiline: false, dotall: false } as const;

export const regexMatchNode = defineNode({
  type: 'RegexMatchNode',
  category: 'data',
  inputs: ['text', 'pattern'],
  outputs: ['match_found', 'first_match', 'all_matches', 'groups', 'match_count'],
  config: { text: '', pattern: '', ...FLAG_DEFAULTS },
  cost: 'cpu',
  run(ctx) {
    // Untrusted patterns never run unguarded on the main thread: inline only when provably cheap,
    // else in the worker pool under the node timeout (src/nodes/regex-guard).
    const apply = (r: RegexMatchResult): void => {
      ctx.out('match_found', r.matchFound);
      ctx.out('first_match', r.firstMatch);
      ctx.out('all_matches', r.allMatches);
      ctx.out('groups', r.groups);
      ctx.out('match_count', r.matchCount);
    };
    const r = guardedRegexCall(ctx, 'string.regexMatch', [ctx.param('text') ?? '', ctx.param('pattern') ?? '', readFlags(ctx)]);
    if (r instanceof Promise) return r.then(apply);
    apply(r);
  },
});

export const regexReplaceNode = defineNode({
  type: 'RegexReplaceNode',
  category: 'data',
  inputs: ['text', 'pattern', 'replacement'],
  outputs: ['result', 'count'],
  config: { text: '', pattern: '', replacement: '', ...FLAG_DEFAULTS, max_count: 0 },
  cost: 'cpu',
  run(ctx) {
    const replacement = ctx.param('replacement') ?? '';
    const apply = (r: RegexReplaceResult): void => {
      ctx.out('result', r.result);
      ctx.out('count', r.count);
    };
    const r = guardedRegexCall(ctx, 'string.regexReplace', [
      ctx.param('text') ?? '',
      ctx.param('pattern') ?? '',
      typeof replacement === 'string' ? replacement : pyStr(replacement),
      readFlags(ctx),
      pyInt(ctx.param('max_count') ?? 0),
    ]);
    if (r instanceof Promise) return r.then(apply);
    apply(r);
  },
});
