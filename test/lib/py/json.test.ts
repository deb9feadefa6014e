import { describe, expect, it } from 'vitest';
import { PyError } from '../../../src/lib/py/errors.js';
import { pyJsonDumps, pyJsonLoads } from '../../../src/lib/py/json.js';

describe('pyJsonDumps', () => {
  it('uses Python separators, ensure_ascii and D7 numbers', () => {
    expect(pyJsonDumps({ b: 1, a: [1.0, null, true, 'é'] })).toBe('{"b": 1, "a": [1, null, true, "\\u00e9"]}');
    expect(pyJsonDumps('é', { ensureAscii: false })).toBe('"é"');
    expect(pyJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
    expect(pyJsonDumps('a"b\\c\n\x01\x7f')).toBe('"a\\"b\\\\c\\n\\u0001\\u007f"');
    expect(pyJsonDumps([NaN, Infinity, -Infinity, 2.5])).toBe('[NaN, Infinity, -Infinity, 2.5]');
    expect(pyJsonDumps({ b: 1, a: 2 }, { sortKeys: true })).toBe('{"a": 2, "b": 1}');
    expect(pyJsonDumps([])).toBe('[]');
    expect(pyJsonDumps({})).toBe('{}');
  });

  it('indents like Python', () => {
    expect(pyJsonDumps({ a: [1, 2], b: {} }, { indent: 2 })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
    expect(pyJsonDumps([1], { indent: '\t' })).toBe('[\n\t1\n]');
    expect(pyJsonDumps([1, 2], { indent: 0 })).toBe('[\n1,\n2\n]');
  });

  it('applies default=str to values JSON cannot hold and rejects cycles', () => {
    expect(pyJsonDumps({ s: new Set([1]) })).toBe('{"s": "{1}"}');
    const a: unknown[] = [];
    a.push(a);
    expect(() => pyJsonDumps(a)).toThrow('Circular reference detected');
  });
});

describe('pyJsonLoads', () => {
  it('parses JSON plus NaN and Infinity', () => {
    expect(pyJsonLoads(' {"a": [1, 2.5, "x\\u00e9\\n"], "b": null, "c": true} ')).toEqual({ a: [1, 2.5, 'xé\n'], b: null, c: true });
    const v = pyJsonLoads('[NaN, Infinity, -Infinity, -0.5e2]') as number[];
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([Infinity, -Infinity, -50]);
    expect(pyJsonLoads('"\\ud83d\\ude00"')).toBe('😀');
    expect(pyJsonLoads('{"a": 1, "a": 2}')).toEqual({ a: 2 });
    const proto = pyJsonLoads('{"__proto__": 1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
  });

  it("reports Python's error messages", () => {
    const cases: [string, string][] = [
      ['', 'Expecting value: line 1 column 1 (char 0)'],
      ['{a: 1}', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
      ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
      ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
      ['[1, ]', 'Expecting value: line 1 column 5 (char 4)'],
      ['{"a": 1} x', 'Extra data: line 1 column 10 (char 9)'],
      ['01', 'Extra data: line 1 column 2 (char 1)'],
      ['[1,\n  x]', 'Expecting value: line 2 column 3 (char 6)'],
      ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
      ['"a\\qb"', 'Invalid \\escape: line 1 column 3 (char 2)'],
    ];
    for (const [text, msg] of cases) {
      try {
        pyJsonLoads(text);
        expect.unreachable(text);
      } catch (err) {
        expect(err).toBeInstanceOf(PyError);
        expect((err as PyError).pyType).toBe('JSONDecodeError');
        expect((err as PyError).message).toBe(msg);
      }
    }
  });

  it('parses 100k-deep nesting without exhausting the stack', () => {
    const depth = 100_000;
    const v = pyJsonLoads('['.repeat(depth) + ']'.repeat(depth));
    let d = 0;
    for (let cur = v; Array.isArray(cur) && cur.length > 0; cur = cur[0]) d++;
    expect(d).toBe(depth - 1);
    expect(() => pyJsonLoads('{"a":'.repeat(depth))).toThrow(PyError);
  });
});
