/** TextSplit, TextReplace, TextTrim, TextCase, TextPad, TextReverse, TextLines (nodes.md §9). */
import { pyTruthy } from '../../lib/py/compare.js';
import { PyError } from '../../lib/py/errors.js';
import { guardedRegex } from '../regex-guard/guarded-regex.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { pyCapitalize, pyReplace, pySplit, pySplitlines, pyStrip, pySwapcase, pyTitle } from '../../lib/py/string.js';
import { defineNode } from '../types.js';
import { codePointLength, isBmpOnly, readText, safeInt } from './text-input.js';

export const textSplitNode = defineNode({
  type: 'TextSplitNode',
  category: 'text',
  inputs: ['text', 'separator'],
  outputs: ['result', 'count'],
  config: { text: '', separator: null, max_split: -1 },
  run(ctx) {
    const text = readText(ctx);
    const sep = ctx.param('separator');
    const maxSplit = safeInt(ctx.param('max_split'), -1);
    if (sep !== null && sep !== undefined && sep !== '' && typeof sep !== 'string') {
      throw new PyError('TypeError', `must be str or None, not ${pyTypeName(sep)}`);
    }
    const result = pySplit(text, sep === '' ? null : (sep ?? null), maxSplit >= 0 ? maxSplit : -1);
    ctx.out('result', result);
    ctx.out('count', result.length);
  },
});

const REGEX_FLAG_DEFAULTS = { ignore_case: false, multiline: false, dotall: false } as const;

export const textReplaceNode = defineNode({
  type: 'TextReplaceNode',
  category: 'text',
  inputs: ['text', 'old_value', 'new_value'],
  outputs: ['result', 'replacements'],
  config: { text: '', old_value: '', new_value: '', count: -1, use_regex: false, ...REGEX_FLAG_DEFAULTS },
  run(ctx) {
    const text = readText(ctx);
    const oldValue = readText(ctx, 'old_value');
    const newValue = readText(ctx, 'new_value');
    const count = safeInt(ctx.param('count'), -1);
    if (pyTruthy(ctx.param('use_regex'))) {
      const flags = {
        ignoreCase: pyTruthy(ctx.param('ignore_case')),
        multiline: pyTruthy(ctx.param('multiline')),
        dotall: pyTruthy(ctx.param('dotall')),
      };
      const apply = (r: { result: string; count: number }): void => {
        ctx.out('result', r.result);
        ctx.out('replacements', r.count);
      };
      // re.subn's count=0 means "all", so a count of 0 replaces everything, as in CasareRPA.
      const r = guardedRegex(ctx, 'subn', { pattern: oldValue, flags, text, repl: newValue, count: count >= 0 ? count : 0 });
      if (r instanceof Promise) return r.then(apply);
      apply(r);
      return;
    }
    const r = pyReplace(text, oldValue, newValue, count >= 0 ? count : -1);
    ctx.out('result', r.result);
    ctx.out('replacements', r.replacements);
  },
});

const TRIM_MODES: ReadonlyMap<unknown, 'both' | 'left' | 'right'> = new Map([['left', 'left'], ['right', 'right']]);

export const textTrimNode = defineNode({
  type: 'TextTrimNode',
  category: 'text',
  inputs: ['text'],
  outputs: ['result'],
  config: { text: '', mode: 'both', characters: '' },
  run(ctx) {
    const chars = ctx.param('characters');
    const mode = TRIM_MODES.get(ctx.param('mode')) ?? 'both';
    ctx.out('result', pyStrip(readText(ctx), pyTruthy(chars) ? pyStr(chars) : null, mode));
  },
});

const CASES: ReadonlyMap<unknown, (s: string) => string> = new Map<unknown, (s: string) => string>([
  ['upper', (s) => s.toUpperCase()],
  ['lower', (s) => s.toLowerCase()],
  ['title', pyTitle],
  ['capitalize', pyCapitalize],
  ['swapcase', pySwapcase],
]);

export const textCaseNode = defineNode({
  type: 'TextCaseNode',
  category: 'text',
  inputs: ['text'],
  outputs: ['result'],
  config: { text: '', case: 'lower' },
  run(ctx) {
    const text = readText(ctx);
    const fn = CASES.get(ctx.param('case'));
    ctx.out('result', fn === undefined ? text : fn(text));
  },
});

export const textPadNode = defineNode({
  type: 'TextPadNode',
  category: 'text',
  inputs: ['text', 'length'],
  outputs: ['result'],
  config: { text: '', length: 0, mode: 'left', fill_char: ' ' },
  run(ctx) {
    const text = readText(ctx);
    const length = safeInt(ctx.param('length'), 0);
    const fc = ctx.param('fill_char');
    const fill = typeof fc === 'string' && codePointLength(fc) === 1 ? fc : ' ';
    const pad = length - codePointLength(text);
    if (pad <= 0) {
      ctx.out('result', text);
      return;
    }
    const mode = ctx.param('mode');
    let left: number;
    if (mode === 'right') left = 0;
    else if (mode === 'center') left = Math.floor(pad / 2) + (pad & length & 1); // CPython's str.center
    else left = pad;
    ctx.out('result', fill.repeat(left) + text + fill.repeat(pad - left));
  },
});

export const textReverseNode = defineNode({
  type: 'TextReverseNode',
  category: 'text',
  inputs: ['text'],
  outputs: ['result'],
  config: { text: '' },
  run(ctx) {
    const text = readText(ctx);
    const chars = isBmpOnly(text) ? text.split('') : Array.from(text);
    ctx.out('result', chars.reverse().join(''));
  },
});

const LINE_SEPARATORS: ReadonlyMap<unknown, string> = new Map([['newline', '\n'], ['crlf', '\r\n'], ['comma', ',']]);

export const textLinesNode = defineNode({
  type: 'TextLinesNode',
  category: 'text',
  inputs: ['text', 'lines'],
  outputs: ['text', 'lines', 'count'],
  config: { text: '', lines: null, mode: 'split', line_separator: 'newline', remove_empty: false },
  run(ctx) {
    if (ctx.param('mode') === 'split') {
      let lines = pySplitlines(readText(ctx));
      if (pyTruthy(ctx.param('remove_empty'))) lines = lines.filter((l) => l !== '');
      ctx.out('lines', lines);
      ctx.out('count', lines.length);
      return;
    }
    const sep = LINE_SEPARATORS.get(ctx.param('line_separator')) ?? '\n';
    const input = ctx.param('lines');
    const lines: readonly unknown[] = Array.isArray(input) ? input : [];
    ctx.out('text', lines.map((x) => pyStr(x)).join(sep));
    ctx.out('count', lines.length);
  },
});
