import { describe, expect, it } from 'vitest';
import { REF_PATTERN } from '../../src/compile/template.js';
import { findRef, match, matchAt } from '../../src/compile/template-scan.js';

/** Seeded strings over the characters the reference grammar cares about, plus a few others. */
function* strings(count: number, seed: number): Generator<string> {
  const alphabet = ['{', '{{', '}', '}}', '$', '${', '%', '.', '[', ']', 'a', 'Zb', '_', '0', '12', ' ', '\t', '\u00a0', '\u2028', 'x.y', '-', 'é'];
  let x = seed;
  const next = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  for (let k = 0; k < count; k++) {
    let s = '';
    const len = next() % 14;
    for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
    yield s;
  }
}

function regexMatches(s: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  const re = new RegExp(REF_PATTERN.source, 'g');
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push([m.index, m.index + m[0].length, (m[1] ?? m[2] ?? m[3])!]);
  return out;
}

function scanMatches(s: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (let from = 0; findRef(s, from); from = match.end) out.push([match.start, match.end, s.slice(match.pathStart, match.pathEnd)]);
  return out;
}

describe('template reference scanner', () => {
  it('finds exactly the matches of the reference RegExp on 200k generated strings', () => {
    let withRefs = 0;
    for (const s of strings(200_000, 7)) {
      const expected = regexMatches(s);
      if (expected.length > 0) withRefs++;
      expect(scanMatches(s), JSON.stringify(s)).toEqual(expected);
    }
    expect(withRefs).toBeGreaterThan(1000); // the generator really produces references
  });

  it('agrees with the anchored RegExp on whole-value references', () => {
    const whole = new RegExp(`^(?:${REF_PATTERN.source})$`);
    for (const s of strings(100_000, 11)) {
      expect(matchAt(s, 0) && match.end === s.length, JSON.stringify(s)).toBe(whole.test(s));
    }
  });

  it('reads the forms of the spec', () => {
    expect(scanMatches('a {{ x.y[0] }} b ${$z} c %p.q% {{1}} %%')).toEqual([[2, 14, 'x.y[0]'], [17, 22, '$z'], [25, 30, 'p.q']]);
  });
});
