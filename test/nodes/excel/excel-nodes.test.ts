import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { runNode } from '../../support/run-node.js';
import { excelAppendRowsNode, excelListSheetsNode, excelReadSheetNode, excelWriteRowsNode } from '../../../src/nodes/excel/excel-nodes.js';

let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-xlsx-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** A real workbook written by exceljs: two sheets, shared strings, a formula, a gap row. */
async function workbook(name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const people = wb.addWorksheet('People');
  people.addRow(['name', 'age', 'city']);
  people.addRow(['Ann', 31, 'Oslo']);
  people.addRow(['Bob', 42, 'Rome']);
  people.getCell('A5').value = 'Cy';
  people.getCell('B5').value = { formula: 'B2+1', result: 32 };
  const other = wb.addWorksheet('Other & more');
  other.addRow([1, 2]);
  const p = join(dir, name);
  await wb.xlsx.writeFile(p);
  return p;
}

describe('ExcelReadSheetNode', () => {
  it('reads rows as dicts by header, keeping empty rows and formula results', async () => {
    await workbook('a.xlsx');
    const r = await runNode(excelReadSheetNode, { config: { file_path: 'a.xlsx' }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      data: [
        { name: 'Ann', age: 31, city: 'Oslo' }, { name: 'Bob', age: 42, city: 'Rome' },
        { name: null, age: null, city: null }, { name: 'Cy', age: 32, city: null },
      ],
      headers: ['name', 'age', 'city'], row_count: 4, sheet_name: 'People', success: true,
    });
  });

  it('selects sheets by name or index, returns lists without a header, honours max_rows', async () => {
    await workbook('a.xlsx');
    const byName = await runNode(excelReadSheetNode, { config: { file_path: 'a.xlsx', sheet: 'Other & more', has_header: false } , cwd: dir });
    expect(byName.outputs['data']).toEqual([[1, 2]]);
    const lists = await runNode(excelReadSheetNode, { config: { file_path: 'a.xlsx', sheet: '1', as_objects: false, max_rows: 1 }, cwd: dir });
    expect(lists.outputs['data']).toEqual([['Ann', 31, 'Oslo']]);
    const missing = await runNode(excelReadSheetNode, { config: { file_path: 'a.xlsx', sheet: 'Nope' }, cwd: dir });
    expect(missing.error).toEqual({ message: 'Worksheet Nope does not exist.', errorType: 'KeyError' });
  });

  it('leaves none of exceljs\'s sheet buffers behind, stopping early or not, with a temp dir several levels deep', async () => {
    // exceljs buffers sheets that precede sharedStrings.xml in temp files and removes them only
    // after parsing them to the end; from a deep temp dir its own temp files came too late and
    // the read failed (src/nodes/excel/xlsx-temp.ts).
    const wb = new ExcelJS.Workbook();
    for (const name of ['S1', 'S2', 'S3']) {
      const ws = wb.addWorksheet(name);
      for (let i = 0; i < 40; i++) ws.addRow([`${name}-${i}`, i]);
    }
    await wb.xlsx.writeFile(join(dir, 'three.xlsx'));
    const deep = join(dir, 'a', 'b', 'c', 'tmp');
    await mkdir(deep, { recursive: true });
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = deep;
    try {
      const first = await runNode(excelReadSheetNode, { config: { file_path: 'three.xlsx', has_header: false, max_rows: 2 }, cwd: dir });
      expect(first.outputs['data']).toEqual([['S1-0', 0], ['S1-1', 1]]);
      const last = await runNode(excelReadSheetNode, { config: { file_path: 'three.xlsx', sheet: 'S3', has_header: false }, cwd: dir });
      expect((last.outputs['data'] as unknown[]).length).toBe(40);
      const appended = await runNode(excelAppendRowsNode, { config: { file_path: 'three.xlsx', sheet_name: 'S2' }, inputs: { data: [['new', 1]] }, cwd: dir });
      expect(appended.outputs['total_rows']).toBe(41);
      expect(await readdir(deep)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
  });

  it('refuses a file that is not an xlsx', async () => {
    await writeFile(join(dir, 'fake.xlsx'), 'name,age\nAnn,31\n');
    await writeFile(join(dir, 'zip.xlsx'), zipSync({ 'hello.txt': strToU8('hi') }));
    for (const f of ['fake.xlsx', 'zip.xlsx']) {
      const r = await runNode(excelReadSheetNode, { config: { file_path: f }, cwd: dir });
      expect(r.error).toEqual({ message: `File is not a valid .xlsx workbook: ${join(dir, f)}`, errorType: 'InvalidFileException' });
    }
  });
});

describe('ExcelWriteRowsNode / ExcelAppendRowsNode / ExcelListSheetsNode', () => {
  it('writes dict rows with a header, appends to a sheet, keeps other sheets and lists them', async () => {
    const w = await runNode(excelWriteRowsNode, { config: { file_path: 'out/w.xlsx', sheet_name: 'Data' }, inputs: { data: [{ id: 1, v: 'a' }, { id: 2, v: 'b' }] }, cwd: dir });
    expect(w.outputs).toEqual({ file_path: join(dir, 'out/w.xlsx'), row_count: 2, success: true });
    const check = new ExcelJS.Workbook();
    await check.xlsx.readFile(join(dir, 'out/w.xlsx'));
    expect(check.getWorksheet('Data')!.getRow(3).values).toEqual([undefined, 2, 'b']);
    const a = await runNode(excelAppendRowsNode, { config: { file_path: 'out/w.xlsx' }, inputs: { data: [{ id: 3, v: 'c' }] }, cwd: dir });
    expect(a.outputs).toMatchObject({ row_count: 1, total_rows: 4 });
    const a2 = await runNode(excelAppendRowsNode, { config: { file_path: 'out/w.xlsx', sheet_name: 'Log' }, inputs: { data: [['x', 1]] }, cwd: dir });
    expect(a2.outputs).toMatchObject({ total_rows: 1 });
    const l = await runNode(excelListSheetsNode, { config: { file_path: 'out/w.xlsx' }, cwd: dir });
    expect(l.outputs).toEqual({ sheets: ['Data', 'Log'], count: 2, success: true });
    const r = await runNode(excelReadSheetNode, { config: { file_path: 'out/w.xlsx', sheet: 'Data' }, cwd: dir });
    expect(r.outputs['data']).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
  });
});
