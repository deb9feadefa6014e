import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/load/parse-json.js';
import { findJsonErrorOffset } from '../../src/load/json-error-offset.js';

function fail(text: string): { code: string; where: { line: number; column: number; file?: string } } {
  try {
    parseJson(text, 'w.json');
  } catch (e) {
    return e as ReturnType<typeof fail>;
  }
  throw new Error('parsed');
}

describe('parseJson', () => {
  it('reports bad JSON with line and column, for positioned and snippet-only V8 messages', () => {
    const a = fail('{\n  "a": 1,\n  "b": 2,\n}');
    expect(a.code).toBe('CASARE_E_LOAD_BAD_JSON');
    expect(a.where).toMatchObject({ file: 'w.json', line: 4, column: 1 });
    const b = fail('{\n  "a": 1,\n  "b": x\n}');
    expect(b.where).toMatchObject({ line: 3, column: 8 });
    const c = fail('{\n  "a": tru }');
    expect(c.where).toMatchObject({ line: 2, column: 11 });
    const d = fail('{"a": 1');
    expect(d.where).toMatchObject({ line: 1, column: 8 });
  });

  it('finds error offsets like a JSON parser does', () => {
    expect(findJsonErrorOffset('{"a":[1,2,{"b":null}]}')).toBe(-1);
    expect(findJsonErrorOffset('[01]')).toBe(2);
    expect(findJsonErrorOffset('{"a" 1}')).toBe(5);
    expect(findJsonErrorOffset('["\\x"]')).toBe(3);
    expect(findJsonErrorOffset('[1,]')).toBe(3);
  });

  it('survives 100k-deep nesting: parses it or fails with a typed error', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    let v: unknown;
    try {
      v = parseJson(deep);
    } catch (e) {
      expect((e as { code: string }).code).toBe('CASARE_E_LOAD_BAD_JSON');
      return;
    }
    expect(Array.isArray(v)).toBe(true);
    const broken = '['.repeat(100_000) + ']'.repeat(99_999) + '}';
    expect(fail(broken).code).toBe('CASARE_E_LOAD_BAD_JSON');
  });

  it('parses multi-megabyte strings', () => {
    const s = 'x'.repeat(8 * 1024 * 1024);
    expect((parseJson(JSON.stringify({ s })) as { s: string }).s.length).toBe(s.length);
  });
});
