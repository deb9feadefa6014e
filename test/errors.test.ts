import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');

interface Row {
  code: string;
  meaning: string;
  fix: string;
}

// Table rows look like: | `CASARE_E_X` | meaning | usual fix |
function tableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*`(CASARE_E_[A-Z0-9_]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split('|').map((c) => c.trim());
    rows.push({ code: m[1]!, meaning: cells[0] ?? '', fix: cells[1] ?? '' });
  }
  return rows;
}

describe('docs/errors.md', () => {
  const rows = tableRows(doc);
  const documented = rows.map((r) => r.code);

  it('has a row for every code in ERROR_CODES', () => {
    const missing = ERROR_CODES.filter((c) => !documented.includes(c));
    expect(missing).toEqual([]);
  });

  it('has no row for a code that is not in ERROR_CODES', () => {
    const known = new Set<string>(ERROR_CODES);
    expect(documented.filter((c) => !known.has(c))).toEqual([]);
  });

  it('documents each code once, with a meaning and a usual fix', () => {
    expect(new Set(documented).size).toBe(documented.length);
    for (const row of rows) {
      expect(row.meaning, row.code).not.toBe('');
      expect(row.fix, row.code).not.toBe('');
    }
  });

  it('parses table rows and ignores prose that mentions codes', () => {
    const sample = [
      'See `CASARE_E_INTERNAL` for bugs.',
      '| Code | Meaning | Usual fix |',
      '|---|---|---|',
      '| `CASARE_E_A` | one | two |',
      '| `CASARE_E_B` | three |  |',
    ].join('\n');
    expect(tableRows(sample)).toEqual([
      { code: 'CASARE_E_A', meaning: 'one', fix: 'two' },
      { code: 'CASARE_E_B', meaning: 'three', fix: '' },
    ]);
  });
});
