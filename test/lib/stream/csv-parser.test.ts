import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../../src/lib/stream/csv-parser.js';
import { StreamError } from '../../../src/lib/stream/stream-error.js';

function parseChunks(chunks: readonly string[], opts = {}): string[][] {
  const p = new CsvParser(opts);
  const out: string[][] = [];
  for (const c of chunks) p.push(c, out);
  p.finish(out);
  return out;
}

const TRICKY = 'a,b,c\r\n"x, y","say ""hi""","multi\nline"\n,,\nlast,"",end';
const EXPECTED = [['a', 'b', 'c'], ['x, y', 'say "hi"', 'multi\nline'], ['', '', ''], ['last', '', 'end']];

describe('CsvParser', () => {
  it('parses quotes, doubled quotes, embedded delimiters and newlines, empty fields, CRLF', () => {
    expect(parseChunks([TRICKY])).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries (every split point, and char by char)', () => {
    for (let i = 0; i <= TRICKY.length; i++) expect(parseChunks([TRICKY.slice(0, i), TRICKY.slice(i)])).toEqual(EXPECTED);
    expect(parseChunks(Array.from(TRICKY))).toEqual(EXPECTED);
  });

  it('handles a CR/LF pair split across chunks and bare CR line ends', () => {
    expect(parseChunks(['a,b\r', '\nc,d\r', 'e,f'])).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
  });

  it('skips blank lines and supports another delimiter and quote char', () => {
    expect(parseChunks(["x;'a;b'\n\n\ny;z\n"], { delimiter: ';', quote: "'" })).toEqual([['x', 'a;b'], ['y', 'z']]);
  });

  it('records the start line of each record (a quoted newline counts)', () => {
    const p = new CsvParser();
    const out: string[][] = [];
    p.push('h1,h2\n"a\nb",c\nd,e\n', out);
    p.finish(out);
    expect(p.recordLines).toEqual([1, 2, 4]);
  });

  it('rejects an unterminated quoted field with a bad_csv StreamError naming its line', () => {
    let err: unknown;
    try { parseChunks(['a,b\n1,"open\n']); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).reason).toBe('bad_csv');
    expect((err as StreamError).line).toBe(2);
  });
});
