import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import {
  textCaseNode, textLinesNode, textPadNode, textReplaceNode, textReverseNode, textSplitNode, textTrimNode,
} from '../../../src/nodes/text/text-manipulation-nodes.js';
import {
  textContainsNode, textEndsWithNode, textExtractNode, textStartsWithNode, textSubstringNode,
} from '../../../src/nodes/text/text-search-nodes.js';
import { textCountNode, textJoinNode } from '../../../src/nodes/text/text-analysis-nodes.js';
import { safeInt, textOf } from '../../../src/nodes/text/text-input.js';

describe('text input rules', () => {
  it('str(value or "") and safe_int', () => {
    expect([null, '', 0, false, []].map(textOf)).toEqual(['', '', '', '', '']);
    expect(textOf(2.5)).toBe('2.5');
    expect([safeInt(null, 7), safeInt('', 7), safeInt('x', 7), safeInt(3.9, 7), safeInt('4', 7)]).toEqual([7, 7, 7, 3, 4]);
  });
});

describe('batch_1_3 strings chain (D2 reads config keys)', () => {
  it('trim, case, replace with legacy keys, contains, starts/ends, substring, count', async () => {
    const vars = { text: '  Hello World!  ' };
    const trim = await runNode(textTrimNode, { config: { text: '{{text}}' }, variables: vars });
    expect(trim.outputs.result).toBe('Hello World!');
    const t = 'Hello World!';
    expect((await runNode(textCaseNode, { config: { text: t, case: 'upper' } })).outputs.result).toBe('HELLO WORLD!');
    expect((await runNode(textCaseNode, { config: { text: t, case: 'lower' } })).outputs.result).toBe('hello world!');
    const rep = await runNode(textReplaceNode, { config: { text: t, old: 'World', new: 'CasareRPA' } });
    expect(rep.outputs).toEqual({ result: 'Hello World!', replacements: 13 });
    expect((await runNode(textContainsNode, { config: { text: t, search: 'CasareRPA' } })).outputs)
      .toEqual({ contains: false, position: -1, count: 0 });
    expect((await runNode(textStartsWithNode, { config: { text: t, prefix: 'Hello' } })).outputs.result).toBe(true);
    expect((await runNode(textEndsWithNode, { config: { text: t, suffix: '!' } })).outputs.result).toBe(true);
    expect((await runNode(textSubstringNode, { config: { text: t, start: 0, end: 5 } })).outputs).toEqual({ result: 'Hello', length: 5 });
    expect((await runNode(textCountNode, { config: { text: t, search: 'a' } })).outputs.count).toBe(12);
  });

  it('split with a legacy delimiter key splits on whitespace; join wraps a scalar', async () => {
    expect((await runNode(textSplitNode, { config: { text: 'apple,banana,cherry', delimiter: ',' } })).outputs)
      .toEqual({ result: ['apple,banana,cherry'], count: 1 });
    expect((await runNode(textJoinNode, { config: { items: '{{text_split.parts}}', separator: ' | ' } })).outputs.result)
      .toBe('{{text_split.parts}}');
  });

  it('lines, pad with legacy keys, reverse, extract', async () => {
    const lines = await runNode(textLinesNode, { config: { text: '{{multiline}}' }, variables: { multiline: 'line1\nline2\nline3' } });
    expect(lines.outputs).toEqual({ lines: ['line1', 'line2', 'line3'], count: 3 });
    expect((await runNode(textPadNode, { config: { text: '42', width: 5, pad_char: '0', side: 'left' } })).outputs.result).toBe('42');
    expect((await runNode(textReverseNode, { config: { text: 'Hello' } })).outputs.result).toBe('olleH');
    const ex = await runNode(textExtractNode, {
      config: { text: 'Email: test@example.com', pattern: '[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}' },
    });
    expect(ex.outputs).toEqual({ match: 'test@example.com', groups: [], found: true });
  });
});

describe('TextSplitNode', () => {
  it('splits on a separator with max_split', async () => {
    expect((await runNode(textSplitNode, { inputs: { text: 'a,b,,c', separator: ',' } })).outputs.result).toEqual(['a', 'b', '', 'c']);
    expect((await runNode(textSplitNode, { inputs: { text: 'a,b,c', separator: ',' }, config: { max_split: 1 } })).outputs.result)
      .toEqual(['a', 'b,c']);
    expect((await runNode(textSplitNode, { inputs: { text: '  a \t b\n' } })).outputs.result).toEqual(['a', 'b']);
  });
});

describe('TextReplaceNode', () => {
  it('plain replace honours count; replacements = min(count, occurrences)', async () => {
    const r = await runNode(textReplaceNode, { inputs: { text: 'aaa', old_value: 'a', new_value: 'b' }, config: { count: 2 } });
    expect(r.outputs).toEqual({ result: 'bba', replacements: 2 });
    const e = await runNode(textReplaceNode, { inputs: { text: 'ab', old_value: '', new_value: '-' } });
    expect(e.outputs).toEqual({ result: '-a-b-', replacements: 3 });
  });

  it('regex replace with Python syntax and flags', async () => {
    const r = await runNode(textReplaceNode, {
      inputs: { text: 'Ab aB', old_value: '(a)(b)', new_value: '\\2\\1' },
      config: { use_regex: true, ignore_case: true },
    });
    expect(r.outputs).toEqual({ result: 'bA Ba', replacements: 2 });
  });
});

describe('TextTrimNode / TextCaseNode', () => {
  it('trims by mode and character set', async () => {
    expect((await runNode(textTrimNode, { inputs: { text: 'xxhixx' }, config: { characters: 'x', mode: 'left' } })).outputs.result).toBe('hixx');
    expect((await runNode(textTrimNode, { inputs: { text: ' hi ' }, config: { mode: 'right' } })).outputs.result).toBe(' hi');
  });

  it('title, capitalize, swapcase follow Python; unknown case leaves text unchanged', async () => {
    const c = (text: string, kase: string) => runNode(textCaseNode, { inputs: { text }, config: { case: kase } });
    expect((await c("it's mY", 'title')).outputs.result).toBe("It'S My");
    expect((await c('hELLO World', 'capitalize')).outputs.result).toBe('Hello world');
    expect((await c('aB', 'swapcase')).outputs.result).toBe('Ab');
    expect((await c('aB', 'weird')).outputs.result).toBe('aB');
  });
});

describe('TextPadNode', () => {
  it.each([
    ['42', 7, 'center', ' ', '   42  '],
    ['4', 4, 'center', ' ', ' 4  '],
    ['42', 5, 'left', '0', '00042'],
    ['42', 5, 'right', '*', '42***'],
    ['42', 5, 'left', 'ab', '   42'],
    ['hello', 3, 'left', ' ', 'hello'],
  ])('pad %j to %d (%s, %j)', async (text, length, mode, fill_char, expected) => {
    const r = await runNode(textPadNode, { inputs: { text, length }, config: { mode, fill_char } });
    expect(r.outputs.result).toBe(expected);
  });
});

describe('TextReverseNode / TextSubstringNode', () => {
  it('reverse and slice by code point', async () => {
    expect((await runNode(textReverseNode, { inputs: { text: 'a😀b' } })).outputs.result).toBe('b😀a');
    expect((await runNode(textSubstringNode, { inputs: { text: '😀bcd', start: 1, end: -1 } })).outputs).toEqual({ result: 'bc', length: 2 });
    expect((await runNode(textSubstringNode, { inputs: { text: 'hello', start: -3 } })).outputs.result).toBe('llo');
  });
});

describe('TextLinesNode', () => {
  it('splits Python splitlines style and removes empties on request', async () => {
    const r = await runNode(textLinesNode, { inputs: { text: 'a\r\nb\rc\n\nd\n' }, config: { remove_empty: true } });
    expect(r.outputs).toEqual({ lines: ['a', 'b', 'c', 'd'], count: 4 });
  });

  it('joins a list with the chosen separator; a non-list joins nothing', async () => {
    const r = await runNode(textLinesNode, { inputs: { lines: ['a', 1, null] }, config: { mode: 'join', line_separator: 'crlf' } });
    expect(r.outputs).toEqual({ text: 'a\r\n1\r\nNone', count: 3 });
    const n = await runNode(textLinesNode, { inputs: { lines: 'abc' }, config: { mode: 'join' } });
    expect(n.outputs).toEqual({ text: '', count: 0 });
  });
});

describe('TextContains / StartsWith / EndsWith', () => {
  it('case-insensitive search, positions and counts', async () => {
    const r = await runNode(textContainsNode, { inputs: { text: 'Banana', search: 'AN' }, config: { case_sensitive: false } });
    expect(r.outputs).toEqual({ contains: true, position: 1, count: 2 });
    const e = await runNode(textContainsNode, { inputs: { text: 'abc', search: '' } });
    expect(e.outputs).toEqual({ contains: true, position: 0, count: 4 });
    const cp = await runNode(textContainsNode, { inputs: { text: '😀x', search: 'x' } });
    expect(cp.outputs.position).toBe(1);
    const s = await runNode(textStartsWithNode, { inputs: { text: 'Hello', prefix: 'he' }, config: { case_sensitive: false } });
    expect(s.outputs.result).toBe(true);
    const se = await runNode(textEndsWithNode, { inputs: { text: 'Hello', suffix: 'LO' } });
    expect(se.outputs.result).toBe(false);
  });
});

describe('TextExtractNode', () => {
  it('returns all matches and per-match groups with null for unmatched', async () => {
    const r = await runNode(textExtractNode, { inputs: { text: 'a1 b c3', pattern: '([a-z])(\\d)?' }, config: { all_matches: true } });
    expect(r.outputs).toEqual({ match: ['a1', 'b', 'c3'], groups: [['a', '1'], ['b', null], ['c', '3']], found: true });
  });

  it('no match gives "" and []; an empty pattern fails', async () => {
    const r = await runNode(textExtractNode, { inputs: { text: 'abc', pattern: '\\d' } });
    expect(r.outputs).toEqual({ match: '', groups: [], found: false });
    const e = await runNode(textExtractNode, { inputs: { text: 'abc', pattern: '' } });
    expect(e.error?.message).toBe('Regex pattern is required');
    const req = await runNode(textExtractNode, { inputs: { text: 'abc' } });
    expect(req.error?.message).toBe("Required input port 'pattern' has no value");
  });
});

describe('TextCountNode / TextJoinNode', () => {
  it('counts characters, words and lines', async () => {
    const c = (config: Record<string, unknown>) => runNode(textCountNode, { inputs: { text: 'a b\n c😀' }, config });
    expect((await c({})).outputs.count).toBe(7);
    expect((await c({ exclude_whitespace: true })).outputs.count).toBe(4);
    expect((await c({ mode: 'words' })).outputs.count).toBe(3);
    expect((await c({ mode: 'lines' })).outputs.count).toBe(2);
  });

  it('joins Python str of items; null gives ""', async () => {
    const r = await runNode(textJoinNode, { inputs: { items: ['a', null, 1, true] }, config: { separator: ',' } });
    expect(r.outputs.result).toBe('a,None,1,True');
    const cfg = await runNode(textJoinNode, { config: { items: ['x', 'y'], separator: '-' } });
    expect(cfg.outputs.result).toBe('x-y');
  });
});
