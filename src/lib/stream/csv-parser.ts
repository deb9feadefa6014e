/**
 * A streaming CSV record parser (RFC 4180 plus Python csv's lenient defaults): text arrives in
 * chunks of any size, completed records come out as string arrays. Quoted fields may hold the
 * delimiter, doubled quotes and newlines; CRLF, LF and CR end records; a blank line yields no
 * record; a character after a closing quote is kept (Python's strict=False). The BOM is the text
 * decoder's job.
 *
 * States: FIELD_START -> UNQUOTED | QUOTED; QUOTED -> AFTER_QUOTE on a quote; AFTER_QUOTE ->
 * QUOTED on a second quote, FIELD_START on a delimiter, record end on a newline. Field text is
 * sliced from the chunk (not appended char by char); only a field split across chunks is carried.
 */
import { StreamError } from './stream-error.js';

const enum S { FieldStart, Unquoted, Quoted, AfterQuote }

export interface CsvParserOptions {
  /** One character. @default ',' */
  readonly delimiter?: string;
  /** One character. @default '"' */
  readonly quote?: string;
}

const LF = 10;
const CR = 13;

export class CsvParser {
  #delim: number;
  #quote: number;
  #quoteStr: string;
  #state = S.FieldStart;
  #carry = '';
  #record: string[] = [];
  #skipLf = false;
  /** Physical lines finished so far (a newline inside a quoted field counts). */
  line = 0;
  /** Line where the current record started (1-based). */
  recordLine = 1;
  /** Start line of each record emitted since the caller last cleared this array. */
  readonly recordLines: number[] = [];

  constructor(opts: CsvParserOptions = {}) {
    const d = opts.delimiter ?? ',';
    const q = opts.quote ?? '"';
    if (d.length !== 1) throw new StreamError('TypeError', 'bad_csv', `"delimiter" must be a 1-character string, got ${JSON.stringify(d)}`);
    if (q.length !== 1) throw new StreamError('TypeError', 'bad_csv', `"quotechar" must be a 1-character string, got ${JSON.stringify(q)}`);
    this.#delim = d.charCodeAt(0);
    this.#quote = q.charCodeAt(0);
    this.#quoteStr = q;
  }

  /** Parse a chunk; complete records are appended to `out`. */
  push(text: string, out: string[][]): void {
    const n = text.length;
    const delim = this.#delim;
    const quote = this.#quote;
    let state = this.#state;
    let start = 0;
    let i = 0;
    if (this.#skipLf && n > 0) {
      this.#skipLf = false;
      if (text.charCodeAt(0) === LF) { i = 1; start = 1; }
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case S.FieldStart:
          if (c === quote) { state = S.Quoted; start = i + 1; }
          else if (c === delim) this.#record.push('');
          else if (c === LF || c === CR) {
            if (this.#record.length > 0) this.#record.push('');
            i = this.#endRecord(text, i, c, out);
            start = i + 1;
          } else { state = S.Unquoted; start = i; }
          break;
        case S.Unquoted:
          if (c === delim) {
            this.#record.push(this.#take(text, start, i));
            state = S.FieldStart;
          } else if (c === LF || c === CR) {
            this.#record.push(this.#take(text, start, i));
            i = this.#endRecord(text, i, c, out);
            start = i + 1;
            state = S.FieldStart;
          }
          break;
        case S.Quoted:
          if (c === quote) {
            this.#carry += text.slice(start, i);
            state = S.AfterQuote;
          } else if (c === LF) this.line++;
          break;
        case S.AfterQuote:
          if (c === quote) { this.#carry += this.#quoteStr; start = i + 1; state = S.Quoted; }
          else if (c === delim) { this.#record.push(this.#carry); this.#carry = ''; state = S.FieldStart; }
          else if (c === LF || c === CR) {
            this.#record.push(this.#carry);
            this.#carry = '';
            i = this.#endRecord(text, i, c, out);
            start = i + 1;
            state = S.FieldStart;
          } else { start = i; state = S.Unquoted; }
          break;
      }
    }
    if (state === S.Unquoted || state === S.Quoted) this.#carry += text.slice(start, n);
    this.#state = state;
  }

  /** End of input: emit the last record; an open quoted field is an error. */
  finish(out: string[][]): void {
    if (this.#state === S.Quoted) {
      throw new StreamError('ValueError', 'bad_csv', `unexpected end of data: quoted field starting on line ${this.recordLine} is not closed`, { line: this.recordLine });
    }
    if (this.#state === S.Unquoted || this.#state === S.AfterQuote) { this.#record.push(this.#carry); this.#carry = ''; }
    else if (this.#record.length > 0) this.#record.push('');
    if (this.#record.length > 0) { out.push(this.#record); this.recordLines.push(this.recordLine); this.#record = []; }
    this.#state = S.FieldStart;
  }

  #take(text: string, start: number, end: number): string {
    if (this.#carry === '') return text.slice(start, end);
    const s = this.#carry + text.slice(start, end);
    this.#carry = '';
    return s;
  }

  /** Emit the record ended by newline char `c` at `i`; returns the index of the last char consumed. */
  #endRecord(text: string, i: number, c: number, out: string[][]): number {
    if (this.#record.length > 0) { out.push(this.#record); this.recordLines.push(this.recordLine); this.#record = []; }
    this.line++;
    this.recordLine = this.line + 1;
    if (c === CR) {
      if (i + 1 < text.length) { if (text.charCodeAt(i + 1) === LF) return i + 1; }
      else this.#skipLf = true;
    }
    return i;
  }
}
