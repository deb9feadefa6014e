import { describe, expect, it } from 'vitest';
import { PyError } from '../../../src/lib/py/errors.js';
import { compilePyRegex, pyFinditer, pyReFullmatch, pyReMatchAtStart, pyReSearch, pySubn } from '../../../src/lib/py/regex.js';

function pyErr(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PyError);
    return [(err as PyError).pyType, (err as PyError).message];
  }
  throw new Error('expected a PyError');
}

describe('compilePyRegex', () => {
  it('translates Python-only syntax', () => {
    const re = compilePyRegex('(?P<y>\\d{4})-(?P<m>\\d\\d)-(?P=m)');
    expect(pyReSearch(re, 'x 2024-05-05')?.named).toEqual({ y: '2024', m: '05' });
    expect(pySubn(compilePyRegex('\\Aa'), 'X', 'aa\na').result).toBe('Xa\na');
    expect(pySubn(compilePyRegex('a\\Z'), 'X', 'a\na').result).toBe('a\nX');
    expect(pySubn(compilePyRegex('(?i)abc'), 'x', 'ABC abc').result).toBe('x x');
    expect(pySubn(compilePyRegex('(?x) a  b # comment\n c'), '-', 'abc').result).toBe('-');
    expect(pySubn(compilePyRegex('a{,2}'), '-', 'aaa').result).toBe('---');
    expect(pySubn(compilePyRegex('{x}'), '-', 'a{x}').result).toBe('a-');
    expect(pySubn(compilePyRegex('\\-\\#\\ '), '!', 'a-# b').result).toBe('a!b');
  });

  it('uses Unicode \\w, \\d and \\b like Python str patterns', () => {
    expect([...pyFinditer(compilePyRegex('\\w+'), 'héllo wörld_1')].map((m) => m.match)).toEqual(['héllo', 'wörld_1']);
    expect(pySubn(compilePyRegex('\\bw'), 'W', 'wörld éw').result).toBe('Wörld éw');
    expect(pyReMatchAtStart(compilePyRegex('\\d+'), '١٢3x')?.match).toBe('١٢3');
    expect(pyReMatchAtStart(compilePyRegex('(?a)\\w+'), 'héllo')?.match).toBe('h');
  });

  it('treats only \\n as a line break for ., ^ and $', () => {
    expect(pySubn(compilePyRegex('.'), 'x', 'a\rb\n').result).toBe('xxx\n');
    expect(pySubn(compilePyRegex('^a$', { multiline: true }), 'X', 'a\nb\na').result).toBe('X\nb\nX');
    expect(pySubn(compilePyRegex('a$'), 'X', 'aa\n').result).toBe('aX\n');
    expect(pySubn(compilePyRegex('a.b', { dotall: true }), 'X', 'a\nb').result).toBe('X');
  });

  it("reports Python's error messages", () => {
    expect(pyErr(() => compilePyRegex('('))).toEqual(['error', 'missing ), unterminated subpattern at position 0']);
    expect(pyErr(() => compilePyRegex('(a(b)'))).toEqual(['error', 'missing ), unterminated subpattern at position 0']);
    expect(pyErr(() => compilePyRegex('*a'))).toEqual(['error', 'nothing to repeat at position 0']);
    expect(pyErr(() => compilePyRegex('a)'))).toEqual(['error', 'unbalanced parenthesis at position 1']);
    expect(pyErr(() => compilePyRegex('a**'))).toEqual(['error', 'multiple repeat at position 2']);
    expect(pyErr(() => compilePyRegex('[ab'))).toEqual(['error', 'unterminated character set at position 0']);
    expect(pyErr(() => compilePyRegex('\\q'))).toEqual(['error', 'bad escape \\q at position 0']);
    expect(compilePyRegex('a*?').source).toContain('*?');
  });
});

describe('matching', () => {
  it('iterates with None for unmatched groups', () => {
    const ms = [...pyFinditer(compilePyRegex('(a)|(b)'), 'ab')];
    expect(ms.map((m) => [m.match, m.index, m.groups])).toEqual([
      ['a', 0, ['a', null]],
      ['b', 1, [null, 'b']],
    ]);
  });

  it('follows Python empty-match rules in sub', () => {
    expect(pySubn(compilePyRegex('x*'), '-', 'abxd')).toEqual({ result: '-a-b--d-', count: 5 });
  });

  it('implements re.match and re.fullmatch', () => {
    const re = compilePyRegex('\\d+');
    expect(pyReMatchAtStart(re, 'a12')).toBeNull();
    expect(pyReMatchAtStart(re, '12a')?.match).toBe('12');
    expect(pyReFullmatch(re, '12a')).toBeNull();
    expect(pyReFullmatch(re, '123')?.match).toBe('123');
  });
});

describe('pySubn replacement syntax', () => {
  const re = compilePyRegex('(?P<y>\\d{4})-(\\d\\d)');
  it('supports \\1, \\g<n>, \\g<name>, escapes and keeps $1 literal', () => {
    expect(pySubn(re, '\\2/\\g<y> $1', 'on 2024-05 and 1999-12')).toEqual({ result: 'on 05/2024 $1 and 12/1999 $1', count: 2 });
    expect(pySubn(re, '\\g<0>!\\n\\t\\\\', '2024-05').result).toBe('2024-05!\n\t\\');
    expect(pySubn(re, '[\\g<2>]', '2024-05 2025-06', 1).result).toBe('[05] 2025-06');
    expect(pySubn(compilePyRegex('(a)|b'), '[\\1]', 'ab').result).toBe('[a][]');
  });

  it('rejects bad references', () => {
    expect(pyErr(() => pySubn(re, '\\3', 'x'))[0]).toBe('error');
    expect(pyErr(() => pySubn(re, '\\g<zz>', '2024-05'))).toEqual(['IndexError', "unknown group name 'zz'"]);
    expect(pyErr(() => pySubn(re, '\\q', 'x'))).toEqual(['error', 'bad escape \\q at position 0']);
  });
});
