/**
 * Whole-file CSV and JSON actions (nodes.md §13 ReadCSV/WriteCSV/ReadJSONFile/WriteJSONFile, and
 * StructuredDataSuperNode's Read/Write CSV/JSON, §17.10).
 */
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { pyRepr, pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { pyJsonDumps, pyJsonLoads } from '../../lib/py/json.js';
import { boolParam, intParam, readWholeFile, safePath, strParam, writeWholeFile } from './file-actions.js';
import { formatCsvRow, parseCsv, rowValues } from './csv.js';
import type { CsvDialect } from './csv.js';
import { decodeText, encodeText } from './text-codec.js';

export interface CsvVariant {
  /** Standalone ReadCSV: `quotechar` and `strict` are read. */
  readonly fullDialect?: boolean;
  /** Standalone writers report attachment_file. */
  readonly attachment?: boolean;
  /** Super node Write CSV: headers `[]` means the first row's keys. */
  readonly emptyHeadersMeanKeys?: boolean;
}

function dialect(ctx: NodeContext, full: boolean): CsvDialect {
  return {
    delimiter: strParam(ctx, 'delimiter', ','),
    quotechar: full ? strParam(ctx, 'quotechar', '"') : '"',
    strict: full ? boolParam(ctx, 'strict', false) : false,
  };
}

/** Drop the first `n` physical lines (each with its terminator). */
function skipLines(text: string, n: number): string {
  let pos = 0;
  for (let k = 0; k < n && pos < text.length; k++) {
    const nl = text.indexOf('\n', pos);
    const cr = text.indexOf('\r', pos);
    if (nl < 0 && cr < 0) return '';
    if (cr >= 0 && (nl < 0 || cr < nl)) pos = text[cr + 1] === '\n' ? cr + 2 : cr + 1;
    else pos = nl + 1;
  }
  return text.slice(pos);
}

export async function readCsvAction(ctx: NodeContext, v: CsvVariant = {}): Promise<void> {
  const { bytes } = await readWholeFile(ctx, 'CSV file');
  let text = decodeText(bytes, strParam(ctx, 'encoding', 'utf-8'));
  if (text.charCodeAt(0) === 0xfeff && strParam(ctx, 'encoding', 'utf-8').toLowerCase() === 'utf-8-sig') text = text.slice(1);
  const skip = intParam(ctx, 'skip_rows', 0);
  if (skip > 0) text = skipLines(text, skip);
  const maxRows = intParam(ctx, 'max_rows', 0);
  const rows = parseCsv(text, dialect(ctx, v.fullDialect === true));
  const data: unknown[] = [];
  let headers: string[] = [];
  if (boolParam(ctx, 'has_header', true)) {
    let i = 0;
    while (i < rows.length && rows[i]!.length === 0) i++;
    headers = i < rows.length ? rows[i]! : [];
    for (i++; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.length === 0) continue;
      if (maxRows > 0 && data.length >= maxRows) break;
      const obj: Record<string, unknown> = {};
      for (let k = 0; k < headers.length; k++) obj[headers[k]!] = k < r.length ? r[k] : null;
      if (r.length > headers.length) obj['null'] = r.slice(headers.length);
      data.push(obj);
    }
  } else {
    for (const r of rows) {
      if (maxRows > 0 && data.length >= maxRows) break;
      data.push(r);
    }
  }
  ctx.out('data', data);
  ctx.out('headers', headers);
  ctx.out('row_count', data.length);
  ctx.out('success', true);
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export async function writeCsvAction(ctx: NodeContext, v: CsvVariant = {}): Promise<void> {
  const { path } = await safePath(ctx, 'file_path');
  const raw = ctx.param('data');
  const data: unknown[] = pyTruthy(raw) ? (Array.isArray(raw) ? raw : [raw]) : [];
  const hdrParam = ctx.param('headers');
  let headers: unknown[] | null = Array.isArray(hdrParam) ? hdrParam : null;
  if (v.emptyHeadersMeanKeys === true && headers !== null && headers.length === 0) headers = null;
  const d = dialect(ctx, false);
  const writeHeader = boolParam(ctx, 'write_header', true);
  const lines: string[] = [];
  if (data.length > 0 && isDict(data[0])) {
    const fields = (headers ?? Object.keys(data[0])).map((h) => (typeof h === 'string' ? h : pyStr(h)));
    const known = new Set(fields);
    if (writeHeader) lines.push(formatCsvRow(fields, d));
    for (const row of data) {
      if (!isDict(row)) throw new NodeFailure(`'${typeof row === 'string' ? 'str' : 'list'}' object has no attribute 'keys'`, 'AttributeError');
      const extra = Object.keys(row).filter((k) => !known.has(k));
      if (extra.length > 0) {
        throw new NodeFailure(`dict contains fields not in fieldnames: ${extra.map((k) => pyRepr(k)).join(', ')}`, 'ValueError');
      }
      lines.push(formatCsvRow(fields.map((f) => (f in row ? row[f] : '')), d));
    }
  } else {
    if (headers !== null && writeHeader) lines.push(formatCsvRow(headers, d));
    for (const row of data) lines.push(formatCsvRow(rowValues(row), d));
  }
  const text = lines.length === 0 ? '' : lines.join('\r\n') + '\r\n';
  await writeWholeFile(path, encodeText(text, strParam(ctx, 'encoding', 'utf-8')));
  ctx.out('file_path', path);
  if (v.attachment === true) ctx.out('attachment_file', [path]);
  ctx.out('row_count', data.length);
  ctx.out('success', true);
}

export async function readJsonAction(ctx: NodeContext): Promise<void> {
  const { bytes } = await readWholeFile(ctx, 'JSON file');
  const text = decodeText(bytes, strParam(ctx, 'encoding', 'utf-8'));
  let data: unknown;
  try {
    data = pyJsonLoads(text);
  } catch (e) {
    throw new NodeFailure(`Invalid JSON: ${(e as Error).message}`, 'JSONDecodeError');
  }
  ctx.out('data', data);
  ctx.out('success', true);
}

export async function writeJsonAction(ctx: NodeContext, v: CsvVariant = {}): Promise<void> {
  const { path } = await safePath(ctx, 'file_path');
  const data = ctx.param('data');
  const indentRaw = ctx.param('indent');
  const indent = indentRaw === null || indentRaw === undefined ? 2 : Number(indentRaw);
  const ensureAscii = boolParam(ctx, 'ensure_ascii', false);
  const text = pyJsonDumps(data, { indent: Number.isFinite(indent) ? indent : 2, ensureAscii });
  await writeWholeFile(path, encodeText(text, strParam(ctx, 'encoding', 'utf-8')));
  ctx.out('file_path', path);
  if (v.attachment === true) ctx.out('attachment_file', [path]);
  ctx.out('success', true);
}
