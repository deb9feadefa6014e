import { describe, expect, it } from 'vitest';
import { pyFloat, pyInt, pyRound, toFixedHalfEven } from '../../../src/lib/py/convert.js';

describe('pyFloat', () => {
  it('parses like Python float()', () => {
    expect(pyFloat('  2.5\n')).toBe(2.5);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('1_000.5')).toBe(1000.5);
    expect(pyFloat('.5')).toBe(0.5);
    expect(pyFloat('5.')).toBe(5);
    expect(pyFloat('-inf')).toBe(-Infinity);
    expect(pyFloat('Infinity')).toBe(Infinity);
    expect(Number.isNaN(pyFloat('nan'))).toBe(true);
    expect(pyFloat(true)).toBe(1);
    expect(pyFloat(7)).toBe(7);
  });

  it('raises Python errors', () => {
    expect(() => pyFloat('abc')).toThrow("could not convert string to float: 'abc'");
    expect(() => pyFloat('1__0')).toThrow('could not convert string to float');
    expect(() => pyFloat('')).toThrow("could not convert string to float: ''");
    expect(() => pyFloat('0x10')).toThrow('could not convert string to float');
    expect(() => pyFloat([])).toThrow("float() argument must be a string or a real number, not 'list'");
    expect(() => pyFloat(null)).toThrow("not 'NoneType'");
  });
});

describe('pyInt', () => {
  it('converts like Python int()', () => {
    expect(pyInt(' 42 ')).toBe(42);
    expect(pyInt('-1_000')).toBe(-1000);
    expect(pyInt(3.9)).toBe(3);
    expect(pyInt(-3.9)).toBe(-3);
    expect(pyInt(true)).toBe(1);
    expect(pyInt(false)).toBe(0);
  });

  it('raises Python errors', () => {
    expect(() => pyInt('3.5')).toThrow("invalid literal for int() with base 10: '3.5'");
    expect(() => pyInt('')).toThrow("invalid literal for int() with base 10: ''");
    expect(() => pyInt(NaN)).toThrow('cannot convert float NaN to integer');
    expect(() => pyInt(Infinity)).toThrow('cannot convert float infinity to integer');
    expect(() => pyInt(null)).toThrow("not 'NoneType'");
  });
});

describe('pyRound', () => {
  it("uses banker's rounding without ndigits", () => {
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(3.5)).toBe(4);
    expect(pyRound(-2.5)).toBe(-2);
    expect(Object.is(pyRound(-0.4), 0)).toBe(true);
    expect(pyRound(2.6)).toBe(3);
  });

  it('rounds the exact binary value with ndigits', () => {
    expect(pyRound(2.675, 2)).toBe(2.67);
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(1.005, 2)).toBe(1);
    expect(pyRound(3.14159, 3)).toBe(3.142);
    expect(pyRound(1250, -2)).toBe(1200);
    expect(pyRound(1350, -2)).toBe(1400);
    expect(pyRound(5, 2)).toBe(5);
  });

  it('formats fixed-point with ties to even', () => {
    expect(toFixedHalfEven(0.125, 2)).toBe('0.12');
    expect(toFixedHalfEven(2.5, 0)).toBe('2');
    expect(toFixedHalfEven(1.5, 0)).toBe('2');
    expect(toFixedHalfEven(2.675, 2)).toBe('2.67');
  });
});
