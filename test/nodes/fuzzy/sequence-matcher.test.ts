import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sequenceRatio } from '../../../src/nodes/fuzzy/sequence-matcher.js';
import { levenshteinDistance, levenshteinSimilarity, parseAlgorithm } from '../../../src/nodes/fuzzy/similarity.js';

// [a, b, ratio] computed by CPython 3.11 difflib.SequenceMatcher(None, a, b).ratio(): random strings
// over a small alphabet up to 400 chars (autojunk active from 200), non-ASCII and astral characters.
const cases = JSON.parse(readFileSync(new URL('./difflib-cases.json', import.meta.url), 'utf8')) as [string, string, number][];

describe('sequenceRatio (difflib SequenceMatcher ratio)', () => {
  it('reproduces the nodes.md §17.8 examples exactly', () => {
    expect(sequenceRatio('apple', 'appel')).toBe(0.8);
    expect(sequenceRatio('apple', 'Apple')).toBe(0.8);
    expect(sequenceRatio('kitten', 'sitting')).toBe(0.6153846153846154);
    expect(sequenceRatio('New York', 'new york city')).toBe(0.5714285714285714);
  });

  it('matches CPython on generated cases, including autojunk on candidates of 200+ characters', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(cases.some(([, b]) => b.length >= 200)).toBe(true);
    for (const [a, b, r] of cases) expect([a.slice(0, 20), b.length, sequenceRatio(a, b)]).toEqual([a.slice(0, 20), b.length, r]);
  });

  it('autojunk: popular characters of a 200+ candidate never anchor a match, but extend one (CPython values)', () => {
    const b = 'ab'.repeat(150); // 300 chars, every character popular
    const a = 'ab'.repeat(10);
    // The empty match at (0, 0) is extended over popular elements: 40/320 (CPython 0.125).
    expect(sequenceRatio(a, b)).toBe(0.125);
    // No anchor and no extension when the first characters differ (CPython 0.0).
    expect(sequenceRatio(`zz${a}`, `x${b}`)).toBe(0);
    // Below 200 characters autojunk is off (CPython 0.1834862385321101).
    expect(sequenceRatio(a, b.slice(0, 198))).toBe(40 / 218);
  });

  it('counts code points like Python str', () => {
    expect(sequenceRatio('😀', '😀')).toBe(1);
    expect(sequenceRatio('a😀', 'a')).toBe(2 / 3);
    expect(sequenceRatio('', '')).toBe(1);
  });
});

describe('levenshtein option', () => {
  it('gives distance and normalised similarity', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinSimilarity('kitten', 'sitting')).toBe(1 - 3 / 7);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(parseAlgorithm(null)).toBe('ratio');
    expect(() => parseAlgorithm('soundex')).toThrow(/algorithm/);
  });
});
