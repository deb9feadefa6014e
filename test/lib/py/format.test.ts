import { describe, expect, it } from 'vitest';
import { PyError } from '../../../src/lib/py/errors.js';
import { pyFormat } from '../../../src/lib/py/format.js';
import { pyFormatValue } from '../../../src/lib/py/format-spec.js';

const kw = new Map<string, unknown>([
  ['name', 'Ann'],
  ['n', 42],
  ['f', 3.14159],
  ['d', { k: 'v', inner: { x: 1 } }],
  ['l', [10, 20]],
  ['none', null],
  ['b', true],
]);

describe('pyFormat', () => {
  it('substitutes names with str() and handles escapes', () => {
    expect(pyFormat('Hi {name}, n={n}, {{literal}} {none} {b}', kw)).toBe('Hi Ann, n=42, {literal} None True');
    expect(pyFormat('{l} {d}', kw)).toBe("[10, 20] {'k': 'v', 'inner': {'x': 1}}");
    expect(pyFormat('no fields', kw)).toBe('no fields');
  });

  it('supports attribute and index access, conversions and specs', () => {
    expect(pyFormat('{d.k} {d[k]} {d.inner.x} {l[1]}', kw)).toBe('v v 1 20');
    expect(pyFormat('{name!r} {n!s}', kw)).toBe("'Ann' 42");
    expect(pyFormat('[{name:>5}] [{name:*^7}] [{f:.2f}] [{n:05d}] [{n:,}]', kw)).toBe('[  Ann] [**Ann**] [3.14] [00042] [42]');
    expect(pyFormat('{f:{w}.{p}f}', new Map<string, unknown>([['f', 2.5], ['w', 6], ['p', 1]]))).toBe('   2.5');
  });

  it('raises KeyError with the quoted name and IndexError for positional fields', () => {
    for (const [tpl, type, msg] of [
      ['{missing}', 'KeyError', "'missing'"],
      ['{}', 'IndexError', 'Replacement index 0 out of range for positional args tuple'],
      ['{0}', 'IndexError', 'Replacement index 0 out of range for positional args tuple'],
      ['a } b', 'ValueError', "Single '}' encountered in format string"],
      ['{name', 'ValueError', "expected '}' before end of string"],
      ['{l[5]}', 'IndexError', 'list index out of range'],
      ['{n:d} {name:d}', 'ValueError', "Unknown format code 'd' for object of type 'str'"],
    ] as const) {
      try {
        pyFormat(tpl, kw);
        expect.unreachable(tpl);
      } catch (err) {
        expect(err).toBeInstanceOf(PyError);
        expect([(err as PyError).pyType, (err as PyError).message]).toEqual([type, msg]);
      }
    }
  });

  it('fills positional fields when arguments are given', () => {
    expect(pyFormat('{}-{}-{0}', new Map(), ['a', 'b'])).toBe('a-b-a');
  });
});

describe('pyFormatValue (format-spec mini-language)', () => {
  it('formats numbers like Python', () => {
    const cases: [unknown, string, string][] = [
      [1234567.891, ',.2f', '1,234,567.89'],
      [1234567, '_', '1_234_567'],
      [0.125, '.2f', '0.12'],
      [3.14159, 'e', '3.141590e+00'],
      [1e-5, 'g', '1e-05'],
      [123456789, 'g', '1.23457e+08'],
      [0.0001234, '.3g', '0.000123'],
      [0.1234, '.1%', '12.3%'],
      [255, 'x', 'ff'],
      [255, '#X', '0XFF'],
      [5, '#b', '0b101'],
      [8, 'o', '10'],
      [-2.5, '08.3f', '-002.500'],
      [42, '+d', '+42'],
      [42, ' d', ' 42'],
      [-42, '=+8', '-     42'],
      [65, 'c', 'A'],
      [2.0, '', '2'],
      [2.5, '.3', '2.5'],
      [Infinity, 'f', 'inf'],
      [NaN, 'F', 'NAN'],
      [true, '>6', '  True'],
      [true, 'd', '1'],
    ];
    for (const [v, spec, want] of cases) expect([spec, pyFormatValue(v, spec)]).toEqual([spec, want]);
  });

  it('formats strings and rejects numeric types for them', () => {
    expect(pyFormatValue('abc', '<5')).toBe('abc  ');
    expect(pyFormatValue('abc', '^7')).toBe('  abc  ');
    expect(pyFormatValue('abcdef', '.3')).toBe('abc');
    expect(() => pyFormatValue('a', '+')).toThrow('Sign not allowed in string format specifier');
    expect(() => pyFormatValue(2.5, 'd')).toThrow("Unknown format code 'd' for object of type 'float'");
    expect(() => pyFormatValue(null, '>5')).toThrow('unsupported format string passed to NoneType.__format__');
    expect(pyFormatValue(null, '')).toBe('None');
  });
});
