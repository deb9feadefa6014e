/**
 * Streaming row access over exceljs (its in-memory Workbook model costs ~11 KB RSS per row, so
 * neither the reader nor the writer ever builds it): read one sheet's rows, write sheets row by row
 * to a temp file that is renamed into place.
 */
import { rename, rm } from 'node:fs/promises';
import { lazyRequire } from '../../lib/lazy-require.js';

const excel = lazyRequire<typeof import('exceljs')>('exceljs');
import { toOsFailure } from '../file/os-error.js';

export type CellValue = string | number | boolean | null;

/** A cell as plain data: rich text joined, formulas as their cached result, dates as ISO text. */
export function plainCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return plainCell(o.result);
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

/** Rows of worksheet part `part` (1-based values arrays → 0-based dense arrays), until `limit` rows. */
export async function* sheetRows(path: string, part: number): AsyncGenerator<CellValue[]> {
  const reader = new (excel().stream.xlsx.WorkbookReader)(path, {
    sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  for await (const ws of reader) {
    const id = (ws as unknown as { id: number | string }).id;
    if (Number(id) !== part) { for await (const _ of ws) { /* drain other sheets */ } continue; }
    let expected = 1;
    for await (const row of ws) {
      // The stream skips empty rows; keep the sheet's shape by yielding them as [].
      for (; expected < row.number; expected++) yield [];
      expected = row.number + 1;
      const vals = row.values as unknown[];
      const out: CellValue[] = new Array<CellValue>(Math.max(0, vals.length - 1)).fill(null);
      for (let c = 1; c < vals.length; c++) out[c - 1] = plainCell(vals[c]);
      yield out;
    }
    return;
  }
}

export interface SheetSource { readonly name: string; readonly rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]> }

/** Write sheets in order with the streaming writer to `path` (temp file, then rename). Returns rows written per sheet. */
export async function writeSheets(path: string, sheets: readonly SheetSource[]): Promise<number[]> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp.xlsx`;
  const counts: number[] = [];
  try {
    const wb = new (excel().stream.xlsx.WorkbookWriter)({ filename: tmp, useSharedStrings: false, useStyles: false });
    for (const s of sheets) {
      const ws = wb.addWorksheet(s.name);
      let n = 0;
      for await (const r of s.rows) { ws.addRow([...r]).commit(); n++; }
      ws.commit();
      counts.push(n);
    }
    await wb.commit();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw toOsFailure(e, path);
  }
  return counts;
}
