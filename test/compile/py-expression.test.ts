import { describe, expect, it } from 'vitest';
import { evaluatePythonExpression } from '../../src/compile/py-expression.js';
import { PyError } from '../../src/lib/py/errors.js';
import { pyStr } from '../../src/lib/py/str.js';

const names = new Map<string, unknown>([
  ['a', [1, 2, 3]],
  ['d', { x: 1, y: 2 }],
  ['s', 'héllo'],
]);
const ev = (text: string): unknown => evaluatePythonExpression(text, names);

function pyErr(text: string): [string, string] {
  try {
    ev(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PyError);
    return [(err as PyError).pyType, (err as PyError).message];
  }
  throw new Error(`expected ${text} to fail`);
}

describe('evaluatePythonExpression (nodes.md §12)', () => {
  it('evaluates arithmetic with Python precedence', () => {
    expect(ev('4 + 2 * 3')).toBe(10);
    expect(ev('2 ** 3 ** 2')).toBe(512);
    expect(ev('-2 ** 2')).toBe(-4);
    expect(ev('7 / 2')).toBe(3.5);
    expect(ev('-7 // 2')).toBe(-4);
    expect(ev('0x1f + 0o10 + 0b11 + 1_000')).toBe(1042);
    expect(ev('1e3')).toBe(1000);
    expect(ev('5 & 3 | 8 ^ 1')).toBe(9);
    expect(ev('~5')).toBe(-6);
  });

  it('builds containers and comprehensions', () => {
    expect(ev('[i * 2 for i in a if i > 1]')).toEqual([4, 6]);
    expect(ev('{k: v for k, v in zip(["x", "y"], a)}')).toEqual({ x: 1, y: 2 });
    expect(ev('sum(x for x in a)')).toBe(6);
    expect(ev('[[y for y in range(x)] for x in range(3)]')).toEqual([[], [0], [0, 1]]);
    expect(ev('[(i, c) for i, c in enumerate("ab")]')).toEqual([[0, 'a'], [1, 'b']]);
    expect(pyStr(ev('{1, 2, 2, True}'))).toBe('{1, 2}');
    expect(ev('{"a": [1, {"b": None}]}')).toEqual({ a: [1, { b: null }] });
    expect(ev('1, 2')).toEqual([1, 2]);
    expect(ev('[x for x in a][::-1]')).toEqual([3, 2, 1]);
    expect(ev('a[1:]')).toEqual([2, 3]);
    expect(ev('s[1]')).toBe('é');
  });

  it('provides the listed builtins', () => {
    expect(ev('abs(-2) + len(a) + pow(2, 3)')).toBe(13);
    expect(ev('[bin(5), hex(255), oct(8)]')).toEqual(['0b101', '0xff', '0o10']);
    expect(ev('chr(65) + str(ord("a"))')).toBe('A97');
    expect(ev('dict(a=1)')).toEqual({ a: 1 });
    expect(ev('list(filter(None, [0, 1, "", "x"]))')).toEqual([1, 'x']);
    expect(ev('list(map(str, a))')).toEqual(['1', '2', '3']);
    expect(ev('format(3.14159, ".2f")')).toBe('3.14');
    expect(ev('max(a) + min(a)')).toBe(4);
    expect(ev('repr("it\'s")')).toBe('"it\'s"');
    expect(ev('list(reversed(a))')).toEqual([3, 2, 1]);
    expect(ev('round(3.14159, 2)')).toBe(3.14);
    expect(ev('sorted(a, reverse=True)')).toEqual([3, 2, 1]);
    expect(ev('a[slice(1, None)]')).toEqual([2, 3]);
    expect(ev('tuple(a)')).toEqual([1, 2, 3]);
    expect(ev('any([0, 1]) and all(a)')).toBe(true);
    expect(ev('bool("") or float("1.5")')).toBe(1.5);
    expect(ev('int("ff", 16)')).toBe(255);
    expect(ev('type(1.5) == float and type(a) == list')).toBe(true);
    expect(String(ev('type(1)'))).toBe("<class 'int'>");
    expect(ev('"%s is %d" % ("x", 3)')).toBe('x is 3');
  });

  it('raises NameError for names outside the given map and builtins', () => {
    expect(pyErr('x + 1')).toEqual(['NameError', "name 'x' is not defined"]);
    expect(pyErr('rand()')).toEqual(['NameError', "name 'rand' is not defined"]);
    expect(pyErr('open("f")')).toEqual(['NameError', "name 'open' is not defined"]);
  });

  it('raises Python errors for bad operations', () => {
    expect(pyErr('1 / 0')).toEqual(['ZeroDivisionError', 'division by zero']);
    expect(pyErr('"a" + 1')).toEqual(['TypeError', 'can only concatenate str (not "int") to str']);
    expect(pyErr('a[5]')).toEqual(['IndexError', 'list index out of range']);
    expect(pyErr('d["z"]')).toEqual(['KeyError', "'z'"]);
    expect(pyErr('d.x')).toEqual(['AttributeError', "'dict' object has no attribute 'x'"]);
    expect(pyErr('d.x()')).toEqual(['AttributeError', "'dict' object has no attribute 'x'"]);
    expect(pyErr('(1).upper()')).toEqual(['AttributeError', "'int' object has no attribute 'upper'"]);
    expect(pyErr('min([])')).toEqual(['ValueError', 'min() iterable argument is empty']);
    expect(pyErr('int("3.5")')).toEqual(['ValueError', "invalid literal for int() with base 10: '3.5'"]);
    expect(pyErr('len(5)')).toEqual(['TypeError', "object of type 'int' has no len()"]);
    expect(pyErr('a(1)')).toEqual(['TypeError', "'list' object is not callable"]);
    expect(pyErr('lambda x: x')[0]).toBe('SyntaxError');
    expect(pyErr('x = 1')[0]).toBe('SyntaxError');
    expect(pyErr('f"{a}"')[0]).toBe('SyntaxError');
  });
});
