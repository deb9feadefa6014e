/**
 * ImageConvertNode and StructuredDataSuperNode's Image Convert action (nodes.md §17.3, §17.10):
 * one file, or every image of a folder, re-encoded as PNG/JPEG/WEBP/BMP/GIF with an optional scale.
 * sharp decodes/encodes on libuv threads (no pool worker needed); files are written temp-then-rename.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { boolParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { resolveSafePath, isInside } from '../file/safe-path.js';
import { writeAtomic } from '../zip/zip-actions.js';
import { decodeGuard, encodeImage, FORMAT_EXT, FORMATS, formatForExt, openImage } from './image-io.js';
import type { OutputFormat } from './image-io.js';
import { walkFiles } from '../file/walk-files.js';

const SCALES: ReadonlySet<number> = new Set([5, 10, 25, 50, 75, 100]);

interface ConvertOptions { readonly format: OutputFormat; readonly quality: number; readonly scale: number; readonly overwrite: boolean }

function options(ctx: NodeContext): ConvertOptions {
  const f = strParam(ctx, 'output_format', 'JPEG').toUpperCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new NodeFailure(`Unsupported format: ${f}. Supported: PNG, JPEG, WEBP, BMP, GIF`, 'ValueError');
  const qRaw = ctx.param('quality');
  const quality = qRaw === null || qRaw === undefined || qRaw === '' ? 85 : Math.trunc(Number(qRaw));
  if (!Number.isFinite(quality) || quality < 1 || quality > 100) throw new NodeFailure('quality must be between 1 and 100', 'ValueError');
  const sRaw = strParam(ctx, 'scale_percent', '100%').trim().replace(/%$/, '');
  const scale = Number(sRaw);
  if (sRaw === '' || !SCALES.has(scale)) throw new NodeFailure('scale_percent must be one of: 5%, 10%, 25%, 50%, 75%, 100%', 'ValueError');
  return { format: f as OutputFormat, quality, scale, overwrite: boolParam(ctx, 'overwrite', false) };
}

function stem(p: string): string {
  const b = basename(p);
  const e = extname(b);
  return e === '' ? b : b.slice(0, -e.length);
}

/** Convert one file; returns the written path. */
export async function convertOne(src: string, dest: string, o: ConvertOptions): Promise<string> {
  if (!o.overwrite && (await statOrNull(dest)) !== null) throw new NodeFailure(`Destination already exists: ${dest}`, 'FileExistsError');
  const { img, width, height } = await openImage(src);
  let p = img;
  if (o.scale !== 100) {
    const w = Math.max(1, Math.round((width * o.scale) / 100));
    const h = Math.max(1, Math.round((height * o.scale) / 100));
    p = p.resize(w, h, { fit: 'fill', kernel: 'lanczos3' });
  }
  const bytes = await decodeGuard(src, encodeImage(p, o.format, o.quality));
  await mkdir(dirname(dest), { recursive: true });
  await writeAtomic(dest, bytes.data);
  return dest;
}


export async function imageConvertAction(ctx: NodeContext): Promise<void> {
  const o = options(ctx);
  const { given, path: src } = await safePath(ctx, 'source_path');
  const st = await statOrNull(src);
  if (st === null) throw new NodeFailure(`Source image not found: ${given}`, 'FileNotFoundError');
  const ext = FORMAT_EXT[o.format];
  const outGiven = strParam(ctx, 'output_path', '');
  const dangerous = ctx.param('allow_dangerous_paths') === true;
  const files: string[] = [];
  let outPath: string;
  if (st.isDirectory()) {
    outPath = outGiven === '' ? join(src, 'converted') : await resolveSafePath(ctx, outGiven, { allowDangerous: dangerous });
    const recursive = boolParam(ctx, 'recursive', false);
    const images = await walkFiles(src, { recursive, skipDir: outPath, accept: (name) => formatForExt(extname(name)) !== undefined });
    if (images.length === 0) throw new NodeFailure(`No images found in folder: ${src}`, 'FileNotFoundError');
    for (const img of images) {
      const rel = recursive ? relative(src, dirname(img)) : '';
      if (isInside(img, outPath)) continue;
      files.push(await convertOne(img, join(outPath, rel, stem(img) + ext), o));
    }
  } else {
    if (outGiven === '') {
      outPath = join(dirname(src), stem(src) + ext);
      if (outPath === src && !o.overwrite) outPath = join(dirname(src), `${stem(src)}_converted${ext}`);
    } else {
      outPath = await resolveSafePath(ctx, outGiven, { allowDangerous: dangerous });
      const ost = await statOrNull(outPath);
      if (outGiven.endsWith('/') || outGiven.endsWith(sep) || (ost !== null && ost.isDirectory())) outPath = join(outPath, stem(src) + ext);
    }
    files.push(await convertOne(src, outPath, o));
  }
  ctx.out('output_path', outPath);
  ctx.out('files', files);
  ctx.out('file_count', files.length);
  ctx.out('format', o.format);
  ctx.out('success', true);
}
