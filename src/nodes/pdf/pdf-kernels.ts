/**
 * Pure PDF kernels (inline or in a pool thread): text via unpdf (pdf.js without a canvas addon),
 * page operations via pdf-lib. Both libraries are imported on first use so threads that never see a
 * PDF do not pay for them. Encrypted-document failures are PyErrors the node passes through.
 */
import { PyError } from '../../lib/py/errors.js';

export interface PdfTextInput { readonly data: Uint8Array; readonly password: string; readonly startPage: number; readonly endPage: number }
export interface PdfTextOutput { readonly pageCount: number; readonly pages: string[]; readonly isEncrypted: boolean }

export async function pdfTextKernel(input: PdfTextInput): Promise<PdfTextOutput> {
  const { getDocumentProxy } = await import('unpdf');
  // An /Encrypt entry in the trailer marks an encrypted file; read it before pdf.js takes the bytes.
  const isEncrypted = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength).includes('/Encrypt');
  let doc;
  try {
    doc = await getDocumentProxy(input.data, input.password === '' ? {} : { password: input.password });
  } catch (e) {
    const err = e as { name?: string; code?: number; message?: string };
    if (err.name === 'PasswordException') {
      if (input.password === '' || err.code === 1) throw new PyError('ValueError', 'PDF is encrypted. Please provide a password.');
      throw new PyError('ValueError', 'Invalid password for encrypted PDF');
    }
    throw new PyError('PdfReadError', `Invalid PDF: ${err.message ?? String(e)}`);
  }
  try {
    const pageCount = doc.numPages;
    const pages: string[] = [];
    const start = Math.max(1, input.startPage);
    const end = Math.min(pageCount, input.endPage);
    for (let n = start; n <= end; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text);
    }
    return { pageCount, pages, isEncrypted };
  } finally {
    await doc.destroy();
  }
}

async function load(data: Uint8Array): Promise<import('pdf-lib').PDFDocument> {
  const { PDFDocument } = await import('pdf-lib');
  try {
    return await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false });
  } catch (e) {
    throw new PyError('PdfReadError', `Invalid PDF: ${(e as Error).message}`);
  }
}

export interface PdfMergeOutput { readonly data: Uint8Array; readonly pageCount: number }

export async function pdfMergeKernel(input: { readonly files: readonly Uint8Array[] }): Promise<PdfMergeOutput> {
  const { PDFDocument } = await import('pdf-lib');
  const out = await PDFDocument.create();
  for (const f of input.files) {
    const src = await load(f);
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const p of pages) out.addPage(p);
  }
  return { data: await out.save(), pageCount: out.getPageCount() };
}

/** Pages by 0-based index, in order, repeats kept, out-of-range indexes skipped. */
export async function pdfExtractKernel(input: { readonly data: Uint8Array; readonly pages: readonly number[] }): Promise<PdfMergeOutput> {
  const { PDFDocument } = await import('pdf-lib');
  const src = await load(input.data);
  const n = src.getPageCount();
  const keep = input.pages.filter((i) => Number.isInteger(i) && i >= 0 && i < n);
  const out = await PDFDocument.create();
  const pages = await out.copyPages(src, keep);
  for (const p of pages) out.addPage(p);
  return { data: await out.save(), pageCount: out.getPageCount() };
}

/** One single-page document per page. */
export async function pdfSplitKernel(input: { readonly data: Uint8Array }): Promise<Uint8Array[]> {
  const { PDFDocument } = await import('pdf-lib');
  const src = await load(input.data);
  const out: Uint8Array[] = [];
  for (let i = 0; i < src.getPageCount(); i++) {
    const doc = await PDFDocument.create();
    const [p] = await doc.copyPages(src, [i]);
    doc.addPage(p!);
    out.push(await doc.save());
  }
  return out;
}

/** Inline cost in µs: pdf-lib / pdf.js parse and rewrite at roughly 50–100 MB/s here. */
export function estimatePdfCostUs(bytes: number): number {
  return bytes * 0.015;
}
