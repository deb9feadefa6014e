/**
 * Image decode/encode shared by the image nodes: sharp for everything libvips knows, bmp-codec for
 * BMP. A file that neither can read fails like Pillow: `cannot identify image file '<p>'`
 * (UnidentifiedImageError).
 */
import { readFile } from 'node:fs/promises';
import { lazyRequire } from '../../lib/lazy-require.js';

type SharpFn = (typeof import('sharp'))['default'];
const sharpLib = lazyRequire<SharpFn>('sharp');
const sharp = (...a: Parameters<SharpFn>): Sharp => sharpLib()(...a);
import type { OutputInfo, Sharp } from 'sharp';
import { NodeFailure } from '../types.js';
import { toOsFailure } from '../file/os-error.js';
import { decodeBmp, encodeBmp, isBmp } from './bmp-codec.js';

export type OutputFormat = 'PNG' | 'JPEG' | 'WEBP' | 'BMP' | 'GIF';
export const FORMATS: readonly OutputFormat[] = ['PNG', 'JPEG', 'WEBP', 'BMP', 'GIF'];
export const FORMAT_EXT: Readonly<Record<OutputFormat, string>> = { PNG: '.png', JPEG: '.jpg', WEBP: '.webp', BMP: '.bmp', GIF: '.gif' };
const EXT_FORMAT: Readonly<Record<string, OutputFormat>> = {
  '.png': 'PNG', '.jpg': 'JPEG', '.jpeg': 'JPEG', '.webp': 'WEBP', '.bmp': 'BMP', '.gif': 'GIF',
};

export function formatForExt(ext: string): OutputFormat | undefined {
  return EXT_FORMAT[ext.toLowerCase()];
}

export function unidentified(path: string): NodeFailure {
  return new NodeFailure(`cannot identify image file '${path}'`, 'UnidentifiedImageError');
}

/** Open an image file as a sharp pipeline, EXIF orientation applied; corrupt files fail at once. */
export async function openImage(path: string): Promise<{ img: Sharp; width: number; height: number; format: string; bytes: number }> {
  let buf: Buffer;
  try { buf = await readFile(path); } catch (e) { throw toOsFailure(e, path); }
  if (isBmp(buf)) {
    const raw = decodeBmp(buf);
    if (raw === null) throw unidentified(path);
    const img = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
    return { img, width: raw.width, height: raw.height, format: 'bmp', bytes: buf.length };
  }
  try {
    const base = sharp(buf, { failOn: 'error' });
    const meta = await base.metadata();
    if (meta.width === undefined || meta.height === undefined) throw unidentified(path);
    const swap = (meta.orientation ?? 1) >= 5;
    return { img: base.rotate(), width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height, format: meta.format ?? '', bytes: buf.length };
  } catch (e) {
    if (e instanceof NodeFailure) throw e;
    throw unidentified(path);
  }
}

/** An encoded image and its pixel size. */
export interface Encoded { readonly data: Buffer; readonly width: number; readonly height: number }

/** Encode a pipeline to `format` bytes (quality for JPEG/WEBP; JPEG flattened onto white). */
export async function encodeImage(img: Sharp, format: OutputFormat, quality: number): Promise<Encoded> {
  let out: { data: Buffer; info: OutputInfo };
  switch (format) {
    case 'JPEG': out = await img.flatten({ background: '#ffffff' }).jpeg({ quality, optimizeCoding: true }).toBuffer({ resolveWithObject: true }); break;
    case 'PNG': out = await img.png({ compressionLevel: 9 }).toBuffer({ resolveWithObject: true }); break;
    case 'WEBP': out = await img.webp({ quality }).toBuffer({ resolveWithObject: true }); break;
    case 'GIF': out = await img.gif().toBuffer({ resolveWithObject: true }); break;
    case 'BMP': {
      // Grey inputs become RGB(A) first: the BMP writer handles 3 and 4 channels.
      const { data, info } = await img.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      let px: Uint8Array = data;
      let channels = info.channels;
      if (channels < 3) {
        const r = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
          .toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        px = r.data; channels = r.info.channels;
      }
      return { data: encodeBmp({ data: px, width: info.width, height: info.height, channels: channels === 4 ? 4 : 3 }), width: info.width, height: info.height };
    }
  }
  return { data: out.data, width: out.info.width, height: out.info.height };
}

/** Await a sharp operation on `path`'s pixels; a decode error (truncated body) fails as unidentified. */
export async function decodeGuard<T>(path: string, work: Promise<T>): Promise<T> {
  try { return await work; } catch (e) {
    if (e instanceof NodeFailure) throw e;
    throw unidentified(path);
  }
}
