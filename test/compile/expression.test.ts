import { describe, expect, it } from 'vitest';
import { compileCondition, evaluateCondition } from '../../src/compile/expression.js';
import { PyError } from '../../src/lib/py/errors.js';

const vars = new Map<string, unknown>([
  ['x', 5],
  ['f', 2.5],
  ['name', 'Bob'],
  ['flag', true],
  ['n', null],
  ['l', [3, 1, 2]],
  ['d', { k: { m: 3 }, items: 1 }],
  ['s', 'Hello World'],
]);
const ev = (text: string): unknown => evaluateCondition(text, vars);

function failure(text: string): PyError {
  try {
    ev(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PyError);
    return err as PyError;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('evaluateCondition (§11.2)', () => {
  it('evaluates comparisons, boolean operators and arithmetic with Python semantics', () => {
    expect(ev('x > 3')).toBe(true);
    expect(ev('x > 3 and f < 2')).toBe(false);
    expect(ev('not flag or x')).toBe(5);
    expect(ev('true and null')).toBeNull();
    expect(ev('x / 2')).toBe(2.5);
    expect(ev('x // 2')).toBe(2);
    expect(ev('-7 % 3')).toBe(2);
    expect(ev('7 % -3')).toBe(-2);
    expect(ev('2 ** 10')).toBe(1024);
    expect(ev('x << 2')).toBe(20);
    expect(ev("'a' * 3")).toBe('aaa');
    expect(ev('-x + +f')).toBe(-2.5);
    expect(ev('x if flag else 0')).toBe(5);
    expect(ev('1.0 == 1 == True')).toBe(true);
    expect(ev("'1' == 1")).toBe(false);
    expect(ev('x is not None')).toBe(true);
    expect(ev('n is None')).toBe(true);
  });

  it('chains comparisons like Python', () => {
    expect(ev('1 < x < 10')).toBe(true);
    expect(ev('1 < x > 10')).toBe(false);
    expect(ev('1 < 2 < 3 < 2')).toBe(false);
    expect(ev('3 > 2 == 2')).toBe(true);
  });

  it('supports in, subscripts, attributes on dicts, methods and functions', () => {
    expect(ev('3 in l')).toBe(true);
    expect(ev('x not in l')).toBe(true);
    expect(ev("'ell' in s")).toBe(true);
    expect(ev("'k' in d")).toBe(true);
    expect(ev("d['k']['m'] + 1")).toBe(4);
    expect(ev('d.k.m')).toBe(3);
    expect(ev('l[-1]')).toBe(2);
    expect(ev('s[0:5]')).toBe('Hello');
    expect(ev('s.upper()')).toBe('HELLO WORLD');
    expect(ev("s.startswith('He') and s.endswith('ld')")).toBe(true);
    expect(ev("s.replace('World', 'X').lower()")).toBe('hello x');
    expect(ev("d.get('zz', 4)")).toBe(4);
    expect(ev("'-'.join(s.split())")).toBe('Hello-World');
    expect(ev("'{}-{}'.format(1, 2)")).toBe('1-2');
    expect(ev('len(l) == 3 and sum(l) == 6 and max(l) == 3 and min(l) == 1')).toBe(true);
    expect(ev('sorted(l)')).toEqual([1, 2, 3]);
    expect(ev("int('3') + float('2.5')")).toBe(5.5);
    expect(ev('round(2.5)')).toBe(2);
    expect(ev('abs(-3) + len(str(x))')).toBe(4);
    expect(ev('range(3)')).toEqual([0, 1, 2]);
    expect(ev('any(l) and all(l)')).toBe(true);
    const r = ev('rand()') as number;
    expect(r >= 0 && r < 1).toBe(true);
    expect([1, 2]).toContain(ev('randint(1, 2)'));
  });

  it('tries a Python literal first', () => {
    expect(ev('True')).toBe(true);
    expect(ev('5')).toBe(5);
    expect(ev("'abc'")).toBe('abc');
    expect(ev('[]')).toEqual([]);
    expect(ev('{"a":1}')).toEqual({ a: 1 });
    expect(ev('(1,2)')).toEqual([1, 2]);
    expect(ev('-3')).toBe(-3);
    expect(ev('')).toBeNull();
    expect(ev('   ')).toBeNull();
  });

  it('runs the template pre-pass: values interpolate as str, leftovers become bare names', () => {
    expect(ev('{{x}} > 3')).toBe(true);
    expect(ev('{{flag}}')).toBe(true);
    expect(ev('{{l}}')).toEqual([3, 1, 2]);
    expect(ev('{{n}}')).toBeNull();
    expect(failure("{{name}} == 'Bob'").message).toBe("Invalid or unsafe expression: Bob == 'Bob'");
    expect(ev("name == 'Bob'")).toBe(true);
    expect(failure('{{missing}} == 1').message).toBe('Invalid or unsafe expression: missing == 1');
    const withVar = new Map<string, unknown>([['v', 'b'], ['b', 7]]);
    expect(evaluateCondition('{{v}} == 7', withVar)).toBe(true);
  });

  it('rejects blacklisted substrings case-insensitively', () => {
    for (const text of ['__import__("os")', 'profile', 'directory', 'x.__class__', 'Lambda', 'EVAL(1)', 'vars']) {
      const err = failure(text);
      expect(err.message).toBe(`Invalid or unsafe expression: ${text}`);
      expect((err.cause as PyError).message).toContain('blocked');
    }
  });

  it('calls methods directly and reads dict keys as attributes', () => {
    expect(ev("s.upper() == 'HELLO WORLD'")).toBe(true);
    expect(ev("s.replace('World', name).lower() == 'hello bob'")).toBe(true);
    expect(ev('d.k.m == 3')).toBe(true);
    expect(ev('d.get("k").get("m") == 3')).toBe(true);
    expect(ev('len(l.copy()) == 3')).toBe(true);
  });

  it('reports unknown names, type errors and division by zero as failures with a cause', () => {
    const cases: [string, string][] = [
      ['unknown_var', 'NameNotDefined'],
      ['foo(1)', 'FunctionNotDefined'],
      ['x / 0', 'ZeroDivisionError'],
      ['x // 0', 'ZeroDivisionError'],
      ['None < 1', 'TypeError'],
      ["'a' + 1", 'TypeError'],
      ['l[10]', 'IndexError'],
      ["d['zz']", 'KeyError'],
      ['d.zz', 'AttributeDoesNotExist'],
      ['d.zz()', 'AttributeDoesNotExist'],
      ['x.upper()', 'AttributeDoesNotExist'],
      ['x = 1', 'SyntaxError'],
      ['len(', 'SyntaxError'],
      ['l + [1]', 'FeatureNotAvailable'],
      ['[i for i in l]', 'FeatureNotAvailable'],
      ['x & 1', 'FeatureNotAvailable'],
      ['~x', 'FeatureNotAvailable'],
      ['9 ** 9999999', 'NumberTooHigh'],
    ];
    for (const [text, type] of cases) {
      const err = failure(text);
      expect([text, err.pyType, (err.cause as PyError).pyType]).toEqual([text, 'ValueError', type]);
    }
    expect((failure('x / 0').cause as PyError).message).toBe('division by zero');
    expect((failure('unknown_var').cause as PyError).message).toBe("'unknown_var' is not defined for expression 'unknown_var'");
  });

  it('survives deeply nested input', () => {
    expect(failure('('.repeat(100_000) + '1' + ')'.repeat(100_000)).pyType).toBe('ValueError');
    expect(failure('1' + '+1'.repeat(100_000)).pyType).toBe('ValueError');
  });
});

describe('compileCondition', () => {
  it('reports the variables a static condition reads', () => {
    expect(compileCondition('x > y and len(z) > 0').refs).toEqual(['x', 'y', 'z']);
    expect(compileCondition("d.k == 'a'").refs).toEqual(['d']);
    expect(compileCondition('{{x}} > 1').refs).toBe('any');
  });

  it('evaluates against fresh values each time', () => {
    const c = compileCondition('{{x}} > 1 and y');
    expect(c.evaluate(new Map<string, unknown>([['x', 2], ['y', true]]))).toBe(true);
    expect(c.evaluate(new Map<string, unknown>([['x', 0], ['y', true]]))).toBe(false);
    const s = compileCondition('count < 3');
    expect(s.evaluate(new Map([['count', 1]]))).toBe(true);
    expect(s.evaluate(new Map([['count', 5]]))).toBe(false);
  });

  it('defers compile errors to evaluation', () => {
    const c = compileCondition('x ==');
    expect(() => c.evaluate(vars)).toThrow('Invalid or unsafe expression: x ==');
  });
});
