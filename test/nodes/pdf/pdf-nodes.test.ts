import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { runNode } from '../../support/run-node.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { extractPdfPagesNode, getPdfInfoNode, mergePdfsNode, readPdfTextNode, splitPdfNode } from '../../../src/nodes/pdf/pdf-nodes.js';

let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-pdf-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
const pool = new WorkerPool({ threads: 1 });
afterAll(async () => { await pool.destroy(); });

async function makePdf(name: string, texts: string[]): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const t of texts) doc.addPage([300, 200]).drawText(t, { x: 20, y: 100, size: 14, font });
  doc.setTitle('Quarterly report');
  doc.setAuthor('Casare');
  doc.setCreationDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  const p = join(dir, name);
  await writeFile(p, await doc.save());
  return p;
}

const pagesOf = async (p: string): Promise<number> => (await PDFDocument.load(await readFile(p))).getPageCount();

describe('ReadPDFTextNode', () => {
  it('extracts the requested page range, clamped, joined by the separator', async () => {
    await makePdf('a.pdf', ['First page', 'Second page', 'Third page']);
    const r = await runNode(readPdfTextNode, { config: { file_path: 'a.pdf', start_page: 2, end_page: 9, page_separator: ' | ' }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs['page_count']).toBe(3);
    expect((r.outputs['pages'] as string[]).map((s) => s.trim())).toEqual(['Second page', 'Third page']);
    expect((r.outputs['text'] as string).replace(/\s+/g, ' ').trim()).toBe('Second page | Third page');
    expect(r.outputs['is_encrypted']).toBe(false);
    const viaPool = await runNode(readPdfTextNode, { config: { file_path: 'a.pdf', end_page: 1 }, cwd: dir, services: { pool } });
    expect((viaPool.outputs['text'] as string).trim()).toBe('First page');
  });

  it('requires end_page and fails on missing and non-PDF files', async () => {
    expect((await runNode(readPdfTextNode, { config: { file_path: 'a.pdf' }, cwd: dir })).error?.message).toBe("Required input port 'end_page' has no value");
    expect((await runNode(readPdfTextNode, { config: { file_path: 'no.pdf', end_page: 1 }, cwd: dir })).error)
      .toEqual({ message: 'PDF file not found: no.pdf', errorType: 'FileNotFoundError' });
    await writeFile(join(dir, 'fake.pdf'), 'hello, not a pdf');
    expect((await runNode(readPdfTextNode, { config: { file_path: 'fake.pdf', end_page: 1 }, cwd: dir })).error?.errorType).toBe('PdfReadError');
  });
});

describe('GetPDFInfoNode', () => {
  it('reports document info with raw dates', async () => {
    await makePdf('i.pdf', ['x', 'y']);
    const r = await runNode(getPdfInfoNode, { config: { file_path: 'i.pdf' }, cwd: dir });
    expect(r.outputs).toMatchObject({ page_count: 2, title: 'Quarterly report', author: 'Casare', subject: '', is_encrypted: false, success: true });
    expect(r.outputs['creation_date']).toMatch(/^D:20240102030405/);
  });
});

describe('page operations', () => {
  it('merges, splits and extracts pages', async () => {
    await makePdf('a.pdf', ['a1', 'a2']);
    await makePdf('b.pdf', ['b1', 'b2', 'b3']);
    const m = await runNode(mergePdfsNode, { config: { input_files: ['a.pdf', 'b.pdf'], output_path: 'out/m.pdf' }, cwd: dir, services: { pool } });
    expect(m.outputs).toEqual({ output_path: join(dir, 'out/m.pdf'), attachment_file: [join(dir, 'out/m.pdf')], page_count: 5, success: true });
    expect(await pagesOf(join(dir, 'out/m.pdf'))).toBe(5);
    const s = await runNode(splitPdfNode, { config: { input_file: 'b.pdf', output_dir: 'parts', filename_pattern: 'p{n}.pdf' }, cwd: dir });
    expect(s.outputs).toEqual({ output_files: [1, 2, 3].map((n) => join(dir, `parts/p${n}.pdf`)), page_count: 3, success: true });
    const t = await runNode(readPdfTextNode, { config: { file_path: 'parts/p3.pdf', end_page: 1 }, cwd: dir });
    expect((t.outputs['text'] as string).trim()).toBe('b3');
    const e = await runNode(extractPdfPagesNode, { config: { input_file: 'out/m.pdf', output_path: 'e.pdf', pages: [5, 1, 1, 99] }, cwd: dir });
    expect(e.outputs['page_count']).toBe(3);
    const et = await runNode(readPdfTextNode, { config: { file_path: 'e.pdf', end_page: 3, page_separator: ',' }, cwd: dir });
    expect((et.outputs['pages'] as string[]).map((x) => x.trim())).toEqual(['b3', 'a1', 'a1']);
    expect((await runNode(mergePdfsNode, { config: { input_files: [], output_path: 'x.pdf' }, cwd: dir })).error?.message).toBe('input_files list is required');
    expect((await runNode(mergePdfsNode, { config: { input_files: ['nope.pdf'], output_path: 'x.pdf' }, cwd: dir })).error?.message).toBe('PDF file not found: nope.pdf');
  });
});
