/**
 * PDF nodes (nodes.md §17.5): ReadPDFTextNode, GetPDFInfoNode, MergePDFsNode, SplitPDFNode,
 * ExtractPDFPagesNode. Text comes from unpdf (pdf.js), page operations from pdf-lib; both run as
 * kernels (pool above the offload threshold). ReadPDFText `pages` is the list of per-page texts of
 * the extracted range. PDFToImagesNode is not provided (no rasteriser: §17.5 Open).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { runKernel } from '../../pool/offload.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr } from '../../lib/py/str.js';
import { intParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { resolveSafePath } from '../file/safe-path.js';
import { toOsFailure } from '../file/os-error.js';
import { writeAtomic } from '../zip/zip-actions.js';
import { estimatePdfCostUs } from './pdf-kernels.js';
import type { PdfMergeOutput, PdfTextInput, PdfTextOutput } from './pdf-kernels.js';

async function readPdf(ctx: NodeContext, key: string, given?: string): Promise<Uint8Array> {
  const g = given ?? strParam(ctx, key, '');
  if (g === '') throw new NodeFailure(`${key} is required`, 'ValueError');
  const path = await resolveSafePath(ctx, g, { allowDangerous: ctx.param('allow_dangerous_paths') === true });
  const st = await statOrNull(path);
  if (st === null || !st.isFile()) throw new NodeFailure(`PDF file not found: ${g}`, 'FileNotFoundError');
  try { return new Uint8Array(await readFile(path)); } catch (e) { throw toOsFailure(e, path); }
}

/** Kernel call with PyErrors (bad PDF, password) surfaced as node failures of the same type. */
async function kernel<T>(ctx: NodeContext, id: string, input: unknown, bytes: number): Promise<T> {
  try {
    return await runKernel<T>(ctx, id, input, estimatePdfCostUs(bytes));
  } catch (e) {
    const py = (e as { pyType?: unknown }).pyType;
    if (e instanceof PyError || typeof py === 'string') throw new NodeFailure((e as Error).message, py as string);
    throw e;
  }
}

async function writeOut(ctx: NodeContext, key: string, data: Uint8Array): Promise<string> {
  const { path } = await safePath(ctx, key);
  await mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, data);
  return path;
}

const DANGER = { allow_dangerous_paths: false };

export const readPdfTextNode: NodeSpec = defineNode({
  type: 'ReadPDFTextNode', category: 'document', inputs: ['file_path', 'start_page', 'end_page', 'password'],
  required: ['file_path', 'end_page'], outputs: ['text', 'page_count', 'pages', 'is_encrypted', 'success'],
  config: { file_path: null, start_page: 1, end_page: null, page_separator: '\n\n', password: '', extract_tables: false, preserve_layout: false, ...DANGER },
  cost: 'cpu', pathKeys: ['file_path'],
  async run(ctx) {
    const data = await readPdf(ctx, 'file_path');
    const input: PdfTextInput = {
      data, password: strParam(ctx, 'password', ''), startPage: intParam(ctx, 'start_page', 1), endPage: intParam(ctx, 'end_page', Number.MAX_SAFE_INTEGER),
    };
    const r = await kernel<PdfTextOutput>(ctx, 'pdf.text', input, data.length * 3);
    const sepRaw = ctx.param('page_separator');
    ctx.out('text', r.pages.join(sepRaw === null || sepRaw === undefined ? '\n\n' : pyStr(sepRaw)));
    ctx.out('page_count', r.pageCount);
    ctx.out('pages', r.pages);
    ctx.out('is_encrypted', r.isEncrypted);
    ctx.out('success', true);
  },
});

/** A document-info value as text: "" when absent; dates stay raw PDF strings (`D:2024…`). */
function infoText(dict: import('pdf-lib').PDFDict | undefined, key: string, raw: boolean, lib: typeof import('pdf-lib')): string {
  if (dict === undefined) return '';
  const v = dict.lookup(lib.PDFName.of(key));
  if (v instanceof lib.PDFString || v instanceof lib.PDFHexString) return raw && v instanceof lib.PDFString ? v.asString() : v.decodeText();
  return v === undefined ? '' : v.toString();
}

export const getPdfInfoNode: NodeSpec = defineNode({
  type: 'GetPDFInfoNode', category: 'document', inputs: ['file_path'], required: ['file_path'],
  outputs: ['page_count', 'title', 'author', 'subject', 'creator', 'producer', 'creation_date', 'modification_date', 'is_encrypted', 'success'],
  config: { file_path: null, ...DANGER }, cost: 'io', pathKeys: ['file_path'],
  async run(ctx) {
    const data = await readPdf(ctx, 'file_path');
    const lib = await import('pdf-lib');
    let doc: import('pdf-lib').PDFDocument;
    try { doc = await lib.PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false }); } catch (e) {
      throw new NodeFailure(`Invalid PDF: ${(e as Error).message}`, 'PdfReadError');
    }
    const infoRef = doc.context.trailerInfo.Info;
    const info = infoRef === undefined ? undefined : doc.context.lookupMaybe(infoRef, lib.PDFDict);
    ctx.out('page_count', doc.getPageCount());
    for (const [port, key] of [['title', 'Title'], ['author', 'Author'], ['subject', 'Subject'], ['creator', 'Creator'], ['producer', 'Producer']] as const) {
      ctx.out(port, infoText(info, key, false, lib));
    }
    ctx.out('creation_date', infoText(info, 'CreationDate', true, lib));
    ctx.out('modification_date', infoText(info, 'ModDate', true, lib));
    ctx.out('is_encrypted', doc.isEncrypted);
    ctx.out('success', true);
  },
});

export const mergePdfsNode: NodeSpec = defineNode({
  type: 'MergePDFsNode', category: 'document', inputs: ['input_files', 'output_path'], required: ['input_files', 'output_path'],
  outputs: ['output_path', 'attachment_file', 'page_count', 'success'], config: { input_files: null, output_path: null, ...DANGER },
  cost: 'cpu', pathKeys: ['output_path'],
  async run(ctx) {
    const list = ctx.param('input_files');
    if (!Array.isArray(list) || list.length === 0) throw new NodeFailure('input_files list is required', 'ValueError');
    if (strParam(ctx, 'output_path', '') === '') throw new NodeFailure('output_path is required', 'ValueError');
    const files: Uint8Array[] = [];
    let total = 0;
    for (const f of list) { const d = await readPdf(ctx, 'input_files', typeof f === 'string' ? f : pyStr(f)); files.push(d); total += d.length; }
    const r = await kernel<PdfMergeOutput>(ctx, 'pdf.merge', { files }, total);
    const out = await writeOut(ctx, 'output_path', r.data);
    ctx.out('output_path', out);
    ctx.out('attachment_file', [out]);
    ctx.out('page_count', r.pageCount);
    ctx.out('success', true);
  },
});

export const splitPdfNode: NodeSpec = defineNode({
  type: 'SplitPDFNode', category: 'document', inputs: ['input_file', 'output_dir'], required: ['input_file', 'output_dir'],
  outputs: ['output_files', 'page_count', 'success'], config: { input_file: null, output_dir: null, filename_pattern: 'page_{n}.pdf', ...DANGER },
  cost: 'cpu', pathKeys: ['input_file', 'output_dir'],
  async run(ctx) {
    const data = await readPdf(ctx, 'input_file');
    const { path: dir } = await safePath(ctx, 'output_dir');
    const pattern = strParam(ctx, 'filename_pattern', 'page_{n}.pdf');
    const parts = await kernel<Uint8Array[]>(ctx, 'pdf.split', { data }, data.length * 2);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = join(dir, pattern.split('{n}').join(String(i + 1)));
      await writeAtomic(p, parts[i]!);
      files.push(p);
    }
    ctx.out('output_files', files);
    ctx.out('page_count', parts.length);
    ctx.out('success', true);
  },
});

export const extractPdfPagesNode: NodeSpec = defineNode({
  type: 'ExtractPDFPagesNode', category: 'document', inputs: ['input_file', 'output_path', 'pages'], required: ['input_file', 'output_path', 'pages'],
  outputs: ['output_path', 'attachment_file', 'page_count', 'success'], config: { input_file: null, output_path: null, pages: null, ...DANGER },
  cost: 'cpu', pathKeys: ['input_file', 'output_path'],
  async run(ctx) {
    const pages = ctx.param('pages');
    if (!Array.isArray(pages) || pages.length === 0) throw new NodeFailure('pages list is required', 'ValueError');
    const data = await readPdf(ctx, 'input_file');
    const idx = pages.map((p) => Math.trunc(Number(p)) - 1);
    const r = await kernel<PdfMergeOutput>(ctx, 'pdf.extract', { data, pages: idx }, data.length);
    const out = await writeOut(ctx, 'output_path', r.data);
    ctx.out('output_path', out);
    ctx.out('attachment_file', [out]);
    ctx.out('page_count', r.pageCount);
    ctx.out('success', true);
  },
});
