/**
 * Casare's image node types over sharp (cost cpu; sharp works on libuv threads, so no pool worker).
 * Every node reads `input_path`! and, except ImageMetadataNode, writes `output_path` (default
 * `<stem>_<suffix><ext>` beside the input; the format follows the output extension: png, jpg/jpeg,
 * webp, gif, bmp; `quality`=85 for JPEG/WEBP); outputs are written temp-then-rename.
 * - ImageResizeNode: `width`=0, `height`=0 (0 = keep aspect from the other), `fit`="inside" ∈ cover,
 *   contain, fill, inside, outside. Out: output_path, width, height, success.
 * - ImageCropNode: `left`=0, `top`=0, `width`!, `height`! (pixels, after EXIF orientation). A box past
 *   the image fails `Crop box exceeds image bounds`. Out: output_path, width, height, success.
 * - ImageRotateNode: `angle`=90 (degrees clockwise, any value), `background`="#000000" for the corners
 *   of non-right angles. Out: output_path, width, height, success.
 * - ImageThumbnailNode: `size`=128 (longest edge, never enlarged). Out: output_path, width, height, success.
 * - ImageMetadataNode: Out: width, height (after EXIF orientation), format, channels, has_alpha,
 *   orientation (EXIF, 1 when absent), density (DPI or null), size_bytes, success.
 * A corrupt or non-image file fails `cannot identify image file '<p>'` (UnidentifiedImageError).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { lazyRequire } from '../../lib/lazy-require.js';

type SharpFn = (typeof import('sharp'))['default'];
const sharpLib = lazyRequire<SharpFn>('sharp');
const sharp = (...a: Parameters<SharpFn>): Sharp => sharpLib()(...a);
import type { Sharp } from 'sharp';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { intParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { toOsFailure } from '../file/os-error.js';
import { writeAtomic } from '../zip/zip-actions.js';
import { decodeGuard, encodeImage, formatForExt, openImage, unidentified } from './image-io.js';
import { isBmp } from './bmp-codec.js';

const FITS: ReadonlySet<string> = new Set(['cover', 'contain', 'fill', 'inside', 'outside']);

async function source(ctx: NodeContext): Promise<string> {
  const { given, path } = await safePath(ctx, 'input_path');
  const st = await statOrNull(path);
  if (st === null || !st.isFile()) throw new NodeFailure(`Source image not found: ${given}`, 'FileNotFoundError');
  return path;
}

async function outputPath(ctx: NodeContext, src: string, suffix: string): Promise<string> {
  const given = strParam(ctx, 'output_path', '');
  if (given === '') {
    const ext = extname(src);
    return join(dirname(src), `${basename(src, ext)}_${suffix}${ext}`);
  }
  return (await safePath(ctx, 'output_path')).path;
}

/** Encode by the output's extension, write, and report size. */
async function save(ctx: NodeContext, src: string, dest: string, pipe: Sharp): Promise<void> {
  const format = formatForExt(extname(dest));
  if (format === undefined) throw new NodeFailure(`Unsupported output extension: ${extname(dest) || '(none)'}. Supported: .png, .jpg, .jpeg, .webp, .gif, .bmp`, 'ValueError');
  const enc = await decodeGuard(src, encodeImage(pipe, format, intParam(ctx, 'quality', 85)));
  await mkdir(dirname(dest), { recursive: true });
  await writeAtomic(dest, enc.data);
  ctx.out('output_path', dest);
  ctx.out('width', enc.width);
  ctx.out('height', enc.height);
  ctx.out('success', true);
}

const OUT = ['output_path', 'width', 'height', 'success'];
const BASE = { input_path: null, output_path: '', quality: 85, allow_dangerous_paths: false };

function positive(ctx: NodeContext, name: string, dflt: number): number {
  const n = intParam(ctx, name, dflt);
  if (n < 0) throw new NodeFailure(`${name} must be a non-negative integer`, 'ValueError');
  return n;
}

export const imageResizeNode: NodeSpec = defineNode({
  type: 'ImageResizeNode', category: 'image', inputs: ['input_path', 'output_path', 'width', 'height'], required: ['input_path'],
  outputs: OUT, config: { ...BASE, width: 0, height: 0, fit: 'inside' }, cost: 'cpu', pathKeys: ['input_path', 'output_path'],
  async run(ctx) {
    const src = await source(ctx);
    const width = positive(ctx, 'width', 0);
    const height = positive(ctx, 'height', 0);
    if (width === 0 && height === 0) throw new NodeFailure('width or height is required', 'ValueError');
    const fit = strParam(ctx, 'fit', 'inside').toLowerCase();
    if (!FITS.has(fit)) throw new NodeFailure('fit must be one of: cover, contain, fill, inside, outside', 'ValueError');
    const { img } = await openImage(src);
    const pipe = img.resize(width || null, height || null, { fit: fit as 'inside', kernel: 'lanczos3' });
    await save(ctx, src, await outputPath(ctx, src, 'resized'), pipe);
  },
});

export const imageCropNode: NodeSpec = defineNode({
  type: 'ImageCropNode', category: 'image', inputs: ['input_path', 'output_path', 'left', 'top', 'width', 'height'],
  required: ['input_path', 'width', 'height'], outputs: OUT, config: { ...BASE, left: 0, top: 0, width: null, height: null },
  cost: 'cpu', pathKeys: ['input_path', 'output_path'],
  async run(ctx) {
    const src = await source(ctx);
    const left = positive(ctx, 'left', 0), top = positive(ctx, 'top', 0);
    const width = positive(ctx, 'width', 0), height = positive(ctx, 'height', 0);
    if (width === 0 || height === 0) throw new NodeFailure('width and height must be positive', 'ValueError');
    const opened = await openImage(src);
    if (left + width > opened.width || top + height > opened.height) throw new NodeFailure('Crop box exceeds image bounds', 'ValueError');
    // extract() must see the oriented image: materialise the rotation first.
    const oriented = sharp(await decodeGuard(src, opened.img.png({ compressionLevel: 0 }).toBuffer()));
    await save(ctx, src, await outputPath(ctx, src, 'cropped'), oriented.extract({ left, top, width, height }));
  },
});

export const imageRotateNode: NodeSpec = defineNode({
  type: 'ImageRotateNode', category: 'image', inputs: ['input_path', 'output_path', 'angle'], required: ['input_path'],
  outputs: OUT, config: { ...BASE, angle: 90, background: '#000000' }, cost: 'cpu', pathKeys: ['input_path', 'output_path'],
  async run(ctx) {
    const src = await source(ctx);
    const angle = Number(ctx.param('angle') ?? 90);
    if (!Number.isFinite(angle)) throw new NodeFailure('angle must be a number', 'ValueError');
    const opened = await openImage(src);
    const oriented = sharp(await decodeGuard(src, opened.img.png({ compressionLevel: 0 }).toBuffer()));
    await save(ctx, src, await outputPath(ctx, src, 'rotated'), oriented.rotate(angle, { background: strParam(ctx, 'background', '#000000') }));
  },
});

export const imageThumbnailNode: NodeSpec = defineNode({
  type: 'ImageThumbnailNode', category: 'image', inputs: ['input_path', 'output_path', 'size'], required: ['input_path'],
  outputs: OUT, config: { ...BASE, size: 128 }, cost: 'cpu', pathKeys: ['input_path', 'output_path'],
  async run(ctx) {
    const src = await source(ctx);
    const size = positive(ctx, 'size', 128);
    if (size === 0) throw new NodeFailure('size must be positive', 'ValueError');
    const { img } = await openImage(src);
    await save(ctx, src, await outputPath(ctx, src, 'thumb'), img.resize(size, size, { fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' }));
  },
});

export const imageMetadataNode: NodeSpec = defineNode({
  type: 'ImageMetadataNode', category: 'image', inputs: ['input_path'], required: ['input_path'],
  outputs: ['width', 'height', 'format', 'channels', 'has_alpha', 'orientation', 'density', 'size_bytes', 'success'],
  config: { input_path: null, allow_dangerous_paths: false }, cost: 'io', pathKeys: ['input_path'],
  async run(ctx) {
    const src = await source(ctx);
    let buf: Buffer;
    try { buf = await readFile(src); } catch (e) { throw toOsFailure(e, src); }
    const opened = await openImage(src);
    let channels = 0, hasAlpha = false, orientation = 1, density: number | null = null;
    if (isBmp(buf)) {
      const m = await opened.img.metadata();
      channels = m.channels ?? 3; hasAlpha = channels === 4;
    } else {
      try {
        const m = await sharp(buf).metadata();
        channels = m.channels ?? 0; hasAlpha = m.hasAlpha ?? false; orientation = m.orientation ?? 1; density = m.density ?? null;
      } catch { throw unidentified(src); }
    }
    ctx.out('width', opened.width);
    ctx.out('height', opened.height);
    ctx.out('format', opened.format.toUpperCase());
    ctx.out('channels', channels);
    ctx.out('has_alpha', hasAlpha);
    ctx.out('orientation', orientation);
    ctx.out('density', density);
    ctx.out('size_bytes', buf.length);
    ctx.out('success', true);
  },
});
