import { describe, expect, it } from 'vitest';
import { pyNumberStr, pyRepr, pyStr, pyTypeName } from '../../../src/lib/py/str.js';
import { PyError } from '../../../src/lib/py/errors.js';

describe('pyStr / pyRepr', () => {
  it('renders scalars like Python str()', () => {
    expect(pyStr(null)).toBe('None');
    expect(pyStr(undefined)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr('abc')).toBe('abc');
    expect(pyStr(5)).toBe('5');
    expect(pyStr(2.5)).toBe('2.5');
  });

  it('renders numbers per D7 (integral floats without .0, inf/nan Python-style)', () => {
    expect(pyNumberStr(52.0)).toBe('52');
    expect(pyNumberStr(1e15)).toBe('1000000000000000');
    expect(pyNumberStr(0.0001)).toBe('0.0001');
    expect(pyNumberStr(Infinity)).toBe('inf');
    expect(pyNumberStr(-Infinity)).toBe('-inf');
    expect(pyNumberStr(NaN)).toBe('nan');
    expect(pyStr([1.0, 2])).toBe('[1, 2]');
  });

  it('renders containers with item repr', () => {
    expect(pyStr([1, 'a', null, 2.0])).toBe("[1, 'a', None, 2]");
    expect(pyStr({ k: 1, b: false })).toBe("{'k': 1, 'b': False}");
    expect(pyStr([])).toBe('[]');
    expect(pyStr({})).toBe('{}');
    expect(pyStr({ a: [{ b: 'x' }] })).toBe("{'a': [{'b': 'x'}]}");
  });

  it('quotes strings like Python repr', () => {
    expect(pyRepr('abc')).toBe("'abc'");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('say "hi"')).toBe("'say \"hi\"'");
    expect(pyRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pyRepr('a\nb\t\\')).toBe("'a\\nb\\t\\\\'");
    expect(pyRepr('\x00\x7f')).toBe("'\\x00\\x7f'");
    expect(pyRepr('é漢😀')).toBe("'é漢😀'");
    expect(pyRepr('\u200b')).toBe("'\\u200b'");
    expect(pyStr(['é'])).toBe("['é']");
  });

  it('marks self-references like Python', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(pyStr(a)).toBe('[1, [...]]');
  });

  it('turns stack exhaustion into a RecursionError', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    try {
      pyStr(deep);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PyError);
      expect((err as PyError).pyType).toBe('RecursionError');
    }
  });

  it('names Python types', () => {
    expect(pyTypeName(null)).toBe('NoneType');
    expect(pyTypeName(true)).toBe('bool');
    expect(pyTypeName(3)).toBe('int');
    expect(pyTypeName(3.5)).toBe('float');
    expect(pyTypeName('x')).toBe('str');
    expect(pyTypeName([])).toBe('list');
    expect(pyTypeName({})).toBe('dict');
  });
});
