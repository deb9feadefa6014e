import { describe, expect, test } from 'vitest';
import { find, findall } from '../../../src/nodes/xml/element-path.js';
import { parseXml } from '../../../src/nodes/xml/xml-parse.js';

const doc = parseXml(
  '<r><a id="1" k="v"><b>x</b></a><a id="2"><c/></a><a id="3">y<b>z</b></a><d><a id="4"/></d></r>',
);
const ids = (path: string): (string | undefined)[] => findall(doc, path).map((e) => e.attrib.id ?? e.tag);

describe('ElementPath', () => {
  test('tags, *, ., .., and //', () => {
    expect(ids('a')).toEqual(['1', '2', '3']);
    expect(ids('*')).toEqual(['1', '2', '3', 'd']);
    expect(ids('.')).toEqual(['r']);
    expect(ids('.//a')).toEqual(['1', '2', '3', '4']);
    expect(ids('d//a')).toEqual(['4']);
    expect(ids('a/b/..')).toEqual(['1', '3']);
    expect(ids('a/')).toEqual(['b', 'c', 'b']);
    expect(ids('..')).toEqual([]);
  });
  test('predicates [@a], [@a=v], [tag], [n], [last()]', () => {
    expect(ids('a[@k]')).toEqual(['1']);
    expect(ids("a[@id='2']")).toEqual(['2']);
    expect(ids('a[@id="3"]')).toEqual(['3']);
    expect(ids('a[b]')).toEqual(['1', '3']);
    expect(ids('a[2]')).toEqual(['2']);
    expect(ids('a[last()]')).toEqual(['3']);
    expect(ids('a[last()-1]')).toEqual(['2']);
    expect(ids(".//a[b='z']")).toEqual(['3']);
  });
  test('find returns the first match or null', () => {
    expect(find(doc, 'a')?.attrib.id).toBe('1');
    expect(find(doc, 'zz')).toBeNull();
  });
  test('errors as Python raises them', () => {
    const err = (p: string): string => {
      try {
        findall(doc, p);
        return 'no error';
      } catch (e) {
        return `${(e as { pyType: string }).pyType}: ${(e as Error).message}`;
      }
    };
    expect(err('/r')).toBe('SyntaxError: cannot use absolute path on element');
    expect(err('//a')).toBe('SyntaxError: cannot use absolute path on element');
    expect(err('a/text()')).toBe("KeyError: '()'");
    expect(err('count(a)')).toBe("KeyError: '('");
    expect(err('@id')).toBe("KeyError: '@'");
    expect(err('a[0]')).toBe('SyntaxError: XPath position >= 1 expected');
    expect(err('a[foo()]')).toBe('SyntaxError: unsupported function');
    expect(err('a[@id=1]')).toBe('SyntaxError: invalid predicate');
    expect(err('ns:a')).toBe("SyntaxError: prefix 'ns' not found in prefix map");
  });
});
