import { describe, expect, it } from 'vitest';
import {
  isPyWhitespace,
  pyCapitalize,
  pyCount,
  pyReplace,
  pySliceBounds,
  pySplit,
  pySplitlines,
  pyStrip,
  pySwapcase,
  pyTitle,
} from '../../../src/lib/py/string.js';

describe('Python str methods', () => {
  it('splits like str.split', () => {
    expect(pySplit('  a  b\tc\n ')).toEqual(['a', 'b', 'c']);
    expect(pySplit('a  b  c', null, 1)).toEqual(['a', 'b  c']);
    expect(pySplit('')).toEqual([]);
    expect(pySplit('a,b,,c', ',')).toEqual(['a', 'b', '', 'c']);
    expect(pySplit('a,b,c', ',', 1)).toEqual(['a', 'b,c']);
    expect(pySplit('', ',')).toEqual(['']);
    expect(() => pySplit('a', '')).toThrow('empty separator');
  });

  it('splits lines like str.splitlines', () => {
    expect(pySplitlines('a\nb\r\nc\rd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(pySplitlines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(pySplitlines('')).toEqual([]);
  });

  it('strips whitespace or given characters', () => {
    expect(pyStrip('  x \n', null, 'both')).toBe('x');
    expect(pyStrip('xxhixx', 'x', 'left')).toBe('hixx');
    expect(pyStrip('xxhixy', 'xy', 'right')).toBe('xxhi');
    expect(isPyWhitespace('\x1c')).toBe(true);
    expect(isPyWhitespace('a')).toBe(false);
  });

  it('changes case like Python', () => {
    expect(pyTitle("hello wORLD it's 3rd")).toBe("Hello World It'S 3Rd");
    expect(pyCapitalize('hELLO')).toBe('Hello');
    expect(pySwapcase('aBc')).toBe('AbC');
  });

  it('replaces and counts', () => {
    expect(pyReplace('aaa', 'a', 'b', 2)).toEqual({ result: 'bba', replacements: 2 });
    expect(pyReplace('ab', '', '-')).toEqual({ result: '-a-b-', replacements: 3 });
    expect(pyReplace('abc', 'x', 'y')).toEqual({ result: 'abc', replacements: 0 });
    expect(pyCount('aaaa', 'aa')).toBe(2);
    expect(pyCount('abc', '')).toBe(4);
  });

  it('computes slice bounds', () => {
    expect(pySliceBounds(5, -2)).toEqual([3, 5]);
    expect(pySliceBounds(5, 1, -1)).toEqual([1, 4]);
    expect(pySliceBounds(5, 10, 20)).toEqual([5, 5]);
    expect(pySliceBounds(5, 3, 1)).toEqual([3, 3]);
    expect(pySliceBounds(5, -10)).toEqual([0, 5]);
  });
});
