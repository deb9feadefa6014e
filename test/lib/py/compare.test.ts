import { describe, expect, it } from 'vitest';
import { pyCompare, pyEq, pyHashKey, pyLt, pySorted, pyTruthy } from '../../../src/lib/py/compare.js';
import { PyError } from '../../../src/lib/py/errors.js';

describe('pyEq', () => {
  it('follows Python equality', () => {
    expect(pyEq(1, 1.0)).toBe(true);
    expect(pyEq(1, true)).toBe(true);
    expect(pyEq(0, false)).toBe(true);
    expect(pyEq('1', 1)).toBe(false);
    expect(pyEq(null, null)).toBe(true);
    expect(pyEq(null, 0)).toBe(false);
    expect(pyEq(NaN, NaN)).toBe(false);
    expect(pyEq([1, [2, 'a']], [true, [2, 'a']])).toBe(true);
    expect(pyEq([1], [1, 2])).toBe(false);
    expect(pyEq({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pyEq({ a: 1 }, { a: 2 })).toBe(false);
    expect(pyEq([], {})).toBe(false);
  });
});

describe('pyLt / pyCompare', () => {
  it('orders numbers, bools, strings and lists', () => {
    expect(pyLt(1, 2)).toBe(true);
    expect(pyLt(false, 0.5)).toBe(true);
    expect(pyLt('B', 'a')).toBe(true);
    expect(pyLt('\uffff', '😀')).toBe(true); // code points, not UTF-16 units
    expect(pyLt([1, 2], [1, 3])).toBe(true);
    expect(pyLt([1, 2], [1, 2, 0])).toBe(true);
    expect(pyCompare('>=', 2, 2)).toBe(true);
    expect(pyCompare('!=', 'a', 'b')).toBe(true);
    expect(pyCompare('<', NaN, 1)).toBe(false);
    expect(pyCompare('>=', NaN, 1)).toBe(false);
  });

  it('raises TypeError naming the operator and both types', () => {
    const cases: [Parameters<typeof pyCompare>[0], unknown, unknown, string][] = [
      ['<', 'a', 1, "'<' not supported between instances of 'str' and 'int'"],
      ['>', null, 1, "'>' not supported between instances of 'NoneType' and 'int'"],
      ['<=', {}, {}, "'<=' not supported between instances of 'dict' and 'dict'"],
      ['>=', 1.5, 'x', "'>=' not supported between instances of 'float' and 'str'"],
    ];
    for (const [op, a, b, msg] of cases) {
      try {
        pyCompare(op, a, b);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(PyError);
        expect((err as PyError).pyType).toBe('TypeError');
        expect((err as PyError).message).toBe(msg);
      }
    }
  });
});

describe('pyTruthy', () => {
  it('follows Python bool()', () => {
    expect([null, false, 0, '', [], {}].map(pyTruthy)).toEqual([false, false, false, false, false, false]);
    expect([true, 1, -1, NaN, 'a', [0], { a: 0 }].map(pyTruthy)).toEqual([true, true, true, true, true, true, true]);
  });
});

describe('pySorted', () => {
  it('sorts stably, and reverse keeps equal items in order', () => {
    const items = [
      { k: 2, id: 'a' },
      { k: 1, id: 'b' },
      { k: 2, id: 'c' },
      { k: 1, id: 'd' },
    ];
    expect(pySorted(items, { key: (x) => x.k }).map((x) => x.id)).toEqual(['b', 'd', 'a', 'c']);
    expect(pySorted(items, { key: (x) => x.k, reverse: true }).map((x) => x.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(pySorted([3, true, 0.5, 2])).toEqual([0.5, true, 2, 3]);
    expect(pySorted(['b', 'B', 'a'])).toEqual(['B', 'a', 'b']);
  });

  it('raises TypeError for unorderable mixes', () => {
    expect(() => pySorted([1, 'a'])).toThrow("'<' not supported between instances of");
  });
});

describe('pyHashKey', () => {
  it('collapses Python-equal hashables and keeps strings apart from numbers', () => {
    expect(pyHashKey(1)).toBe(pyHashKey(1.0));
    expect(pyHashKey(1)).toBe(pyHashKey(true));
    expect(pyHashKey(0)).toBe(pyHashKey(-0));
    expect(pyHashKey('1')).not.toBe(pyHashKey(1));
    expect(pyHashKey(null)).toBeNull();
    expect(pyHashKey([1, 'a'])).toBe("[1, 'a']");
    expect(pyHashKey({ a: 1 })).toBe("{'a': 1}");
  });
});
