import { describe, expect, it } from 'vitest';
import type { PyRegexFlags } from '../../../src/lib/py/regex.js';
import { regexKernel } from '../../../src/nodes/regex-guard/regex-kernel.js';
import type { RegexTask } from '../../../src/nodes/regex-guard/regex-kernel.js';
import { NOT_RE2, regexExtractOnRe2, regexMatchOnRe2, regexOnRe2, regexReplaceOnRe2 } from '../../../src/nodes/regex-guard/re2-kernels.js';
import { re2Accepts, re2For } from '../../../src/nodes/regex-guard/re2-regex.js';
import { regexExtractKernel, regexMatchKernel, regexReplaceKernel } from '../../../src/nodes/string/regex-kernels.js';

const OPS = ['finditer', 'match', 'subn'] as const;

/** [pattern, flags, texts, replacement] — every pattern here must run on RE2 for these texts. */
const TABLE: [string, PyRegexFlags, string[], string][] = [
  ['\\d+', {}, ['a1b22c333', '', 'x٣٤y'], '<\\g<0>>'],
  ['(?P<y>\\d{4})-(?P<m>\\d{2})', {}, ['on 2024-05 and 1999-12', 'none'], '\\g<m>/\\g<y>'],
  ['(?P<n>a)|(?P<m>b)', {}, ['ab', 'ba', 'c'], '[\\g<n>|\\g<m>]'],
  ['(a)|(b)', {}, ['abc'], '\\2\\1'],
  ['^\\w+', { multiline: true }, ['foo bar\nbaz qux\n', 'héllo wörld'], '#'],
  ['\\w+$', { multiline: true }, ['foo bar\nbaz qux\nend'], '<\\g<0>>'],
  ['^abc$', {}, ['abc', 'abcd', 'xabc'], 'X'],
  ['\\Aab', {}, ['abab'], 'X'],
  ['ab\\Z', {}, ['abab', 'ab\n'], 'X'],
  ['x*', {}, ['aéxx😀x', ''], '-'],
  ['', {}, ['abc', '😀'], '|'],
  ['\\bfoo\\b', {}, ['foo food foo_ (foo)', 'afoo foo'], 'bar'],
  ['\\Bo\\B', {}, ['foo boot'], '0'],
  ['HELLO', { ignoreCase: true }, ['hello HeLLo hellö'], 'hi'],
  ['[a-z]+', { ignoreCase: true }, ['ABC déf'], '_'],
  ['straße', { ignoreCase: true }, ['STRASSE Straße STRAẞE'], 'x'],
  ['.+', {}, ['line1\nline2\r\nline3\u2028x'], '[\\g<0>]'],
  ['.+', { dotall: true }, ['line1\nline2'], '[\\g<0>]'],
  ['\\s+', {}, ['a \t\u00a0\u3000\ufeff\u000bb\u2028c'], '_'],
  ['\\S+', {}, ['a \t\u00a0bc\u3000d'], '<\\g<0>>'],
  ['[\\s,]+', {}, ['a, b,\u00a0c'], ';'],
  ['[^\\s]+', {}, ['a\u00a0b c'], '.'],
  ['(\\w+)@(\\w+)\\.com', {}, ['me@example.com, you@test.com'], '\\2 at \\1'],
  ['(a+)+$', {}, ['aaaa', 'aaab'], '<\\1>'],
  ['(a|b)*c', {}, ['abac', 'c'], '\\1'],
  ['(?:ab)+?', {}, ['ababab'], '-'],
  ['a{2,3}?', {}, ['aaaaa'], '-'],
  ['\\x41\\u00e9\\U0001F600', {}, ['Aé😀'], 'ok'],
  ['(?i)k', {}, ['K k \u212a'], '*'],
  ['(?x) a  b # comment', {}, ['ab a b'], '*'],
  ['\\d', { ascii: true }, ['1٣'], '#'],
  ['[\\w.-]+', { ascii: true }, ['a.b-c é'], '#'],
  ['\\$\\d+(?:\\.\\d\\d)?', {}, ['cost $12.50 or $3'], '€'],
  ['(\\d)(\\d)?', {}, ['1 23'], '[\\1\\2]'],
  ['\\n', {}, ['a\nb\n'], '\\\\n'],
];

function same(t: RegexTask): void {
  const r2 = regexOnRe2(t);
  expect(r2, `RE2 declined ${JSON.stringify(t)}`).not.toBe(NOT_RE2);
  expect(r2).toEqual(regexKernel(t));
}

describe('RE2 path gives the JS-RegExp path\'s exact results', () => {
  it('on a table of patterns: positions, groups, named groups and replacements', () => {
    for (const [pattern, flags, texts, repl] of TABLE) {
      for (const text of texts) for (const op of OPS) same({ op, pattern, flags, text, repl });
    }
  });

  it('in the string nodes\' kernels (RegexMatch, RegexReplace, TextExtract), with their limits and errors', () => {
    for (const [pattern, flags, texts, repl] of TABLE) {
      for (const text of texts) {
        expect(regexMatchOnRe2(text, pattern, flags)).toEqual(regexMatchKernel(text, pattern, flags));
        expect(regexReplaceOnRe2(text, pattern, repl, flags, 1)).toEqual(regexReplaceKernel(text, pattern, repl, flags, 1));
        expect(regexExtractOnRe2(text, pattern, flags, true)).toEqual(regexExtractKernel(text, pattern, flags, true));
        expect(regexExtractOnRe2(text, pattern, flags, false)).toEqual(regexExtractKernel(text, pattern, flags, false));
      }
    }
    const big = 'a'.repeat(100_001);
    expect(() => regexMatchOnRe2(big, 'a', {})).toThrow(/exceeds maximum allowed/);
    expect(() => regexMatchOnRe2(5, 'a', {})).toThrow("object of type 'int' has no len()");
    expect(() => regexReplaceOnRe2('a', 'a', '\\3', {}, 0)).toThrow('invalid group reference 3 at position 1');
    expect(() => regexReplaceOnRe2('a', '(?P<x>a)', '\\g<y>', {}, 0)).toThrow("unknown group name 'y'");
  });

  it('keeps Python\'s error messages for invalid patterns', () => {
    for (const bad of ['(', 'a)', '*a', '[a', 'a{3,1}', '\\q', '(?P<1x>a)']) {
      let js = '';
      let re2 = '';
      try { regexKernel({ op: 'finditer', pattern: bad, flags: {}, text: 'a' }); } catch (e) { js = `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`; }
      try { regexOnRe2({ op: 'finditer', pattern: bad, flags: {}, text: 'a' }); } catch (e) { re2 = `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`; }
      expect(js).toMatch(/^error: /);
      expect(re2).toBe(js);
    }
  });

  it('declines what RE2 cannot do or would answer differently, so the guard falls back', () => {
    for (const p of ['(a)\\1', '(?P<x>a)(?P=x)', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', 'a{1001}',
      '(a*)?', '(?:|a)*', '(?:(a)|b)+', '(?:a(b)?)+', '((a)|b){2}']) {
      expect([p, re2Accepts(p)]).toEqual([p, false]);
    }
    for (const p of ['(a+)+$', '(a|b)*', '(?:ab)+', '(\\w+\\s?)+$', '(a)?', '(?:(a)|b)?']) expect([p, re2Accepts(p)]).toEqual([p, true]);
    // Text-dependent mappings: `$` before a final "\n", Unicode \b on non-ASCII text, lone surrogates.
    expect(re2For('a$', {}, 'ba')).not.toBeNull();
    expect(re2For('a$', {}, 'ba\n')).toBeNull();
    expect(re2For('\\bé', {}, 'x é')).toBeNull();
    expect(re2For('\\bx', {}, 'a x')).not.toBeNull();
    expect(re2For('a', {}, 'a\ud800')).toBeNull();
  });

  it('agrees with the JS path on seeded random patterns and texts', () => {
    let seed = 20240501;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const atoms = ['a', 'b', '.', '\\w', '\\s', '\\S', '\\d', '[ab]', '[^a]', '\\b', '^', '$', '\\A', '\\Z', 'é', 'k', ' ', '\\n', '\\B', '\\W'];
    const quants = ['*', '+', '?', '{2}', '{1,3}', '*?', '+?', '??', '', ''];
    const gen = (d: number): string => {
      const k = rnd(d > 2 ? 3 : 7);
      const s = k <= 2 ? atoms[rnd(atoms.length)]! : k === 3 ? `(${gen(d + 1)}${gen(d + 1)})` : k === 4 ? `(?:${gen(d + 1)}|${gen(d + 1)})`
        : k === 5 ? `(?P<g${rnd(1000)}>${gen(d + 1)})` : `(${gen(d + 1)}|${gen(d + 1)})`;
      return /^(?:\\[bBAZ]|\^|\$)$/.test(s) ? s : s + quants[rnd(quants.length)]!;
    };
    const chars = ['a', 'b', ' ', '\n', 'é', 'K', 'k', '1', '_', 'ſ', '\u00a0', '\t'];
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      const pattern = gen(0) + gen(0);
      const text = Array.from({ length: rnd(10) }, () => chars[rnd(chars.length)]!).join('');
      const flags = { ignoreCase: rnd(3) === 0, multiline: rnd(3) === 0, dotall: rnd(3) === 0 };
      for (const op of OPS) {
        const t: RegexTask = { op, pattern, flags, text, repl: '<\\g<0>>' };
        let expected: unknown;
        try { expected = regexKernel(t); } catch { continue; }
        const got = regexOnRe2(t);
        if (got === NOT_RE2) continue;
        compared++;
        expect([pattern, text, flags, op, got]).toEqual([pattern, text, flags, op, expected]);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
