/**
 * Sheet directory of an .xlsx file: names in workbook order and the worksheet part number exceljs's
 * streaming reader reports as `id` (xl/worksheets/sheet<N>.xml). Only workbook.xml and its rels are
 * inflated. A file that is not a ZIP with xl/workbook.xml fails `File is not a valid .xlsx workbook`.
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { NodeFailure } from '../types.js';
import { toOsFailure } from '../file/os-error.js';

export interface SheetEntry { readonly name: string; readonly part: number }

const SHEET_TAG = /<(?:\w+:)?sheet\b[^>]*>/g;
const REL_TAG = /<(?:\w+:)?Relationship\b[^>]*>/g;
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m === null ? undefined : m[1];
};
const dec = new TextDecoder();

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&'
      : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

export function notXlsx(path: string): NodeFailure {
  return new NodeFailure(`File is not a valid .xlsx workbook: ${path}`, 'InvalidFileException');
}

export async function listSheets(path: string): Promise<SheetEntry[]> {
  let bytes: Buffer;
  try { bytes = await readFile(path); } catch (e) { throw toOsFailure(e, path); }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notXlsx(path);
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
  } catch { throw notXlsx(path); }
  const wb = parts['xl/workbook.xml'];
  if (wb === undefined) throw notXlsx(path);
  const targets = new Map<string, string>();
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (rels !== undefined) {
    for (const tag of dec.decode(rels).match(REL_TAG) ?? []) {
      const id = attr(tag, 'Id'); const target = attr(tag, 'Target');
      if (id !== undefined && target !== undefined) targets.set(id, target);
    }
  }
  const out: SheetEntry[] = [];
  for (const tag of dec.decode(wb).match(SHEET_TAG) ?? []) {
    const name = attr(tag, 'name');
    if (name === undefined) continue;
    const rid = attr(tag, 'r:id') ?? attr(tag, '[\\w]+:id');
    const m = /sheet(\d+)\.xml$/.exec(targets.get(rid ?? '') ?? '');
    out.push({ name: unescapeXml(name), part: m === null ? out.length + 1 : Number(m[1]) });
  }
  return out;
}
