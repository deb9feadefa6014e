/**
 * Casare's .xlsx node types (CasareRPA reaches Excel only through Windows COM, nodes.md §17.4).
 * Streamed with exceljs's reader/writer; never the in-memory workbook model.
 * - ExcelReadSheetNode: `file_path`!, `sheet`=1 (name, or 1-based index), `has_header`=true,
 *   `as_objects`=true (header rows → dicts keyed by header text; else lists), `max_rows`=0 (0 = all).
 *   Out: data, headers, row_count, sheet_name, success. Stops reading once max_rows is reached.
 * - ExcelWriteRowsNode: `file_path`!, `data`! (list of dicts or lists), `sheet_name`="Sheet1",
 *   `headers`=null (dict rows: default the first row's keys), `write_header`=true. Replaces the file.
 *   Out: file_path, row_count, success.
 * - ExcelAppendRowsNode: as Write, `sheet_name`="" (= first sheet; created when missing). Existing
 *   sheets are copied row by row as values (styles and formulas are not kept) into a temp file that
 *   replaces the original. A missing file is created. Out: file_path, row_count (appended), total_rows, success.
 * - ExcelListSheetsNode: `file_path`! → sheets (names in workbook order), count, success.
 * A file that is not an .xlsx fails `File is not a valid .xlsx workbook: <p>` (InvalidFileException).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { boolParam, intParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { listSheets, notXlsx } from './xlsx-sheets.js';
import type { SheetEntry } from './xlsx-sheets.js';
import { sheetRows, writeSheets } from './excel-rows.js';
import { withXlsxTempScope } from './xlsx-temp.js';
import type { CellValue, SheetSource } from './excel-rows.js';

const DANGER = { allow_dangerous_paths: false };

async function existingXlsx(ctx: NodeContext): Promise<{ path: string; sheets: SheetEntry[] }> {
  const { given, path } = await safePath(ctx, 'file_path');
  const st = await statOrNull(path);
  if (st === null || !st.isFile()) throw new NodeFailure(`File not found: ${given}`, 'FileNotFoundError');
  return { path, sheets: await listSheets(path) };
}

function pickSheet(sheets: readonly SheetEntry[], sel: unknown): SheetEntry {
  const asNum = typeof sel === 'number' ? sel : typeof sel === 'string' && /^\d+$/.test(sel.trim()) ? Number(sel) : NaN;
  const byName = typeof sel === 'string' ? sheets.find((s) => s.name === sel) : undefined;
  const hit = byName ?? (Number.isInteger(asNum) ? sheets[asNum - 1] : undefined);
  if (hit === undefined) throw new NodeFailure(`Worksheet ${pyStr(sel)} does not exist.`, 'KeyError');
  return hit;
}

/** One sheet's rows as objects keyed by the header row (or as arrays), up to `maxRows` (0: all). */
async function readSheet(path: string, part: number, hasHeader: boolean, asObjects: boolean, maxRows: number): Promise<{ headers: string[] | null; data: unknown[] }> {
  let headers: string[] | null = null;
  const data: unknown[] = [];
  for await (const row of sheetRows(path, part)) {
    if (headers === null && hasHeader) {
      if (row.length === 0) continue;
      headers = row.map((h) => (h === null ? '' : typeof h === 'string' ? h : pyStr(h)));
      continue;
    }
    if (maxRows > 0 && data.length >= maxRows) break;
    if (asObjects) {
      const obj: Record<string, CellValue> = {};
      for (let k = 0; k < headers!.length; k++) {
        const key = headers![k]!;
        if (key === '__proto__') Object.defineProperty(obj, key, { value: row[k] ?? null, enumerable: true, writable: true, configurable: true });
        else obj[key] = row[k] ?? null;
      }
      data.push(obj);
    } else data.push(row);
  }
  return { headers, data };
}

export const excelReadSheetNode: NodeSpec = defineNode({
  type: 'ExcelReadSheetNode', category: 'excel', inputs: ['file_path', 'sheet'], required: ['file_path'],
  outputs: ['data', 'headers', 'row_count', 'sheet_name', 'success'],
  config: { file_path: null, sheet: 1, has_header: true, as_objects: true, max_rows: 0, ...DANGER },
  cost: 'cpu', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const { path, sheets } = await existingXlsx(ctx);
    const sheet = pickSheet(sheets, ctx.param('sheet') ?? 1);
    const hasHeader = boolParam(ctx, 'has_header', true);
    const asObjects = hasHeader && boolParam(ctx, 'as_objects', true);
    const maxRows = intParam(ctx, 'max_rows', 0);
    let read: { headers: string[] | null; data: unknown[] };
    try {
      read = await withXlsxTempScope(() => readSheet(path, sheet.part, hasHeader, asObjects, maxRows));
    } catch (e) {
      if (e instanceof NodeFailure) throw e;
      throw notXlsx(path);
    }
    const { headers, data } = read;
    ctx.out('data', data);
    ctx.out('headers', headers ?? []);
    ctx.out('row_count', data.length);
    ctx.out('sheet_name', sheet.name);
    ctx.out('success', true);
  },
});

/** data + headers → rows to write (header row first when wanted). */
function rowsToWrite(ctx: NodeContext, includeHeader: boolean): unknown[][] {
  const raw = ctx.param('data');
  const data: unknown[] = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
  const hdr = ctx.param('headers');
  const first = data[0];
  const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
  const out: unknown[][] = [];
  if (isDict(first)) {
    const fields = (Array.isArray(hdr) && hdr.length > 0 ? hdr : Object.keys(first)).map((h) => (typeof h === 'string' ? h : pyStr(h)));
    if (includeHeader) out.push(fields);
    for (const r of data) {
      if (!isDict(r)) throw new NodeFailure('data rows must all be dicts or all be lists', 'TypeError');
      out.push(fields.map((f) => r[f] ?? null));
    }
  } else {
    if (includeHeader && Array.isArray(hdr) && hdr.length > 0) out.push(hdr);
    for (const r of data) out.push(Array.isArray(r) ? r : [r]);
  }
  return out;
}

export const excelWriteRowsNode: NodeSpec = defineNode({
  type: 'ExcelWriteRowsNode', category: 'excel', inputs: ['file_path', 'data', 'headers'], required: ['file_path', 'data'],
  outputs: ['file_path', 'row_count', 'success'],
  config: { file_path: null, data: null, headers: null, sheet_name: 'Sheet1', write_header: true, ...DANGER },
  cost: 'cpu', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const { path } = await safePath(ctx, 'file_path');
    const rows = rowsToWrite(ctx, boolParam(ctx, 'write_header', true));
    await mkdir(dirname(path), { recursive: true });
    await writeSheets(path, [{ name: strParam(ctx, 'sheet_name', 'Sheet1'), rows }]);
    const raw = ctx.param('data');
    ctx.out('file_path', path);
    ctx.out('row_count', Array.isArray(raw) ? raw.length : raw === null ? 0 : 1);
    ctx.out('success', true);
  },
});

export const excelAppendRowsNode: NodeSpec = defineNode({
  type: 'ExcelAppendRowsNode', category: 'excel', inputs: ['file_path', 'data', 'headers'], required: ['file_path', 'data'],
  outputs: ['file_path', 'row_count', 'total_rows', 'success'],
  config: { file_path: null, data: null, headers: null, sheet_name: '', ...DANGER },
  cost: 'cpu', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const { path } = await safePath(ctx, 'file_path');
    const exists = (await statOrNull(path)) !== null;
    const sheets = exists ? await listSheets(path) : [];
    const wanted = strParam(ctx, 'sheet_name', '');
    const target = wanted === '' ? (sheets[0]?.name ?? 'Sheet1') : wanted;
    const fresh = !sheets.some((s) => s.name === target);
    const added = rowsToWrite(ctx, fresh);
    const sources: SheetSource[] = sheets.map((s) => ({
      name: s.name,
      rows: s.name === target ? (async function* () { yield* sheetRows(path, s.part); yield* added; })() : sheetRows(path, s.part),
    }));
    if (fresh) sources.push({ name: target, rows: added });
    await mkdir(dirname(path), { recursive: true });
    const counts = await withXlsxTempScope(() => writeSheets(path, sources));
    const raw = ctx.param('data');
    ctx.out('file_path', path);
    ctx.out('row_count', Array.isArray(raw) ? raw.length : 1);
    ctx.out('total_rows', counts[sources.findIndex((s) => s.name === target)]);
    ctx.out('success', true);
  },
});

export const excelListSheetsNode: NodeSpec = defineNode({
  type: 'ExcelListSheetsNode', category: 'excel', inputs: ['file_path'], required: ['file_path'],
  outputs: ['sheets', 'count', 'success'], config: { file_path: null, ...DANGER },
  cost: 'io', resources: ['file'], pathKeys: ['file_path'],
  async run(ctx) {
    const { sheets } = await existingXlsx(ctx);
    ctx.out('sheets', sheets.map((s) => s.name));
    ctx.out('count', sheets.length);
    ctx.out('success', true);
  },
});
