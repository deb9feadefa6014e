/**
 * Python `csv` module semantics (excel dialect, doublequote, strict=False) for whole-file CSV nodes:
 * a reader state machine mirroring _csv.c (blank line -> [], stray quote in an unquoted field kept,
 * text after a closing quote appended) and a QUOTE_MINIMAL writer with `\r\n` terminators.
 */
import { NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';

export interface CsvDialect {
  readonly delimiter: string;
  readonly quotechar: string;
  readonly strict?: boolean;
}

const enum S { StartRecord, StartField, InField, InQuoted, QuoteInQuoted, EatCrnl }

/** Parse CSV text into rows of strings; a blank line yields []. */
export function parseCsv(text: string, d: CsvDialect): string[][] {
  const rows: string[][] = [];
  const delim = d.delimiter;
  const quote = d.quotechar;
  let row: string[] = [];
  let field = '';
  let state = S.StartRecord;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    switch (state) {
      case S.StartRecord:
        if (c === '\n' || c === '\r') {
          rows.push([]);
          state = c === '\r' ? S.EatCrnl : S.StartRecord;
          break;
        }
        state = S.StartField;
        i--;
        break;
      case S.StartField:
        if (c === '\n' || c === '\r') {
          row.push(field); field = '';
          rows.push(row); row = [];
          state = c === '\r' ? S.EatCrnl : S.StartRecord;
        } else if (c === quote) state = S.InQuoted;
        else if (c === delim) { row.push(field); field = ''; }
        else { field += c; state = S.InField; }
        break;
      case S.InField:
        if (c === '\n' || c === '\r') {
          row.push(field); field = '';
          rows.push(row); row = [];
          state = c === '\r' ? S.EatCrnl : S.StartRecord;
        } else if (c === delim) { row.push(field); field = ''; state = S.StartField; }
        else field += c;
        break;
      case S.InQuoted:
        if (c === quote) state = S.QuoteInQuoted;
        else field += c;
        break;
      case S.QuoteInQuoted:
        if (c === quote) { field += c; state = S.InQuoted; }
        else if (c === delim) { row.push(field); field = ''; state = S.StartField; }
        else if (c === '\n' || c === '\r') {
          row.push(field); field = '';
          rows.push(row); row = [];
          state = c === '\r' ? S.EatCrnl : S.StartRecord;
        } else if (d.strict === true) {
          throw new NodeFailure(`'${delim}' expected after '${quote}'`, 'Error');
        } else { field += c; state = S.InField; }
        break;
      case S.EatCrnl:
        if (c === '\n') { state = S.StartRecord; break; }
        state = S.StartRecord;
        i--;
        break;
    }
  }
  if (state === S.InQuoted && d.strict === true) throw new NodeFailure('unexpected end of data', 'Error');
  if (state !== S.StartRecord && state !== S.EatCrnl) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Python `str()` of a CSV cell value (None -> ""). */
function cellText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : pyStr(v);
}

/** One CSV line (QUOTE_MINIMAL), without terminator. */
export function formatCsvRow(values: readonly unknown[], d: CsvDialect): string {
  if (values.length === 1 && cellText(values[0]) === '') return d.quotechar + d.quotechar;
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const s = cellText(values[i]);
    if (i > 0) out += d.delimiter;
    if (s.includes(d.delimiter) || s.includes(d.quotechar) || s.includes('\n') || s.includes('\r')) {
      out += d.quotechar + s.split(d.quotechar).join(d.quotechar + d.quotechar) + d.quotechar;
    } else out += s;
  }
  return out;
}

/** csv.writer.writerow's acceptance of a row: lists as is, strings as characters, else TypeError. */
export function rowValues(row: unknown): readonly unknown[] {
  if (Array.isArray(row)) return row;
  if (typeof row === 'string') return [...row];
  if (row !== null && typeof row === 'object') return Object.keys(row);
  throw new NodeFailure(`iterable expected, not ${row === null || row === undefined ? 'NoneType' : typeof row === 'number' ? (Number.isInteger(row) ? 'int' : 'float') : 'bool'}`, 'Error');
}
