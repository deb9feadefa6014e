import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runNode } from '../../support/run-node.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { imageConvertNode } from '../../../src/nodes/image/index.js';
import { compareImagesNode } from '../../../src/nodes/image/compare-images-node.js';
import { imageCropNode, imageMetadataNode, imageResizeNode, imageRotateNode, imageThumbnailNode } from '../../../src/nodes/image/image-op-nodes.js';
import { structuredDataSuperNode } from '../../../src/nodes/file/structured-data-super-node.js';
import { compareImagesKernel } from '../../../src/nodes/image/compare-kernel.js';
import { decodeBmp } from '../../../src/nodes/image/bmp-codec.js';

let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-img-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
const pool = new WorkerPool({ threads: 1 });
afterAll(async () => { await pool.destroy(); });

/** A 40×20 PNG: left half red, right half blue, with alpha. */
async function png(name: string, w = 40, h = 20): Promise<string> {
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 4;
    if (x < w / 2) { px[i] = 255; } else { px[i + 2] = 255; }
    px[i + 1] = Math.floor((x / w) * 200);
    px[i + 3] = 255;
  }
  const p = join(dir, name);
  await sharp(px, { raw: { width: w, height: h, channels: 4 } }).png().toFile(p);
  return p;
}

describe('ImageConvertNode', () => {
  it('converts a PNG to JPEG beside the source, scaled', async () => {
    await png('a.png');
    const r = await runNode(imageConvertNode, { config: { source_path: 'a.png', scale_percent: '50%' }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ output_path: join(dir, 'a.jpg'), files: [join(dir, 'a.jpg')], file_count: 1, format: 'JPEG', success: true });
    const meta = await sharp(join(dir, 'a.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 20, 10]);
  });

  it('names the output <stem>_converted when it would be the source, refuses existing destinations, writes BMP', async () => {
    await png('b.png');
    const same = await runNode(imageConvertNode, { config: { source_path: 'b.png', output_format: 'png' }, cwd: dir });
    expect(same.outputs['output_path']).toBe(join(dir, 'b_converted.png'));
    const again = await runNode(imageConvertNode, { config: { source_path: 'b.png', output_format: 'png' }, cwd: dir });
    expect(again.error).toEqual({ message: `Destination already exists: ${join(dir, 'b_converted.png')}`, errorType: 'FileExistsError' });
    const bmp = await runNode(imageConvertNode, { config: { source_path: 'b.png', output_format: 'BMP', output_path: 'out/' }, cwd: dir });
    expect(bmp.outputs['output_path']).toBe(join(dir, 'out/b.bmp'));
    const decoded = decodeBmp(await readFile(join(dir, 'out/b.bmp')));
    expect(decoded?.width).toBe(40);
    expect([...decoded!.data.subarray(0, 3)]).toEqual([255, 0, 0]);
  });

  it('converts a folder recursively through the super node action', async () => {
    await mkdir(join(dir, 'pics/sub'), { recursive: true });
    await png('pics/one.png');
    await png('pics/sub/two.png');
    await writeFile(join(dir, 'pics/notes.txt'), 'x');
    const r = await runNode(structuredDataSuperNode, { config: { action: 'Image Convert', source_path: 'pics', output_format: 'WEBP', recursive: true }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs['files']).toEqual([join(dir, 'pics/converted/one.webp'), join(dir, 'pics/converted/sub/two.webp')]);
    expect(r.outputs['file_count']).toBe(2);
    expect((await sharp(join(dir, 'pics/converted/sub/two.webp')).metadata()).format).toBe('webp');
  });

  it('fails with the catalogue texts and on a corrupt image', async () => {
    await png('c.png');
    const bad = async (config: Record<string, unknown>) => (await runNode(imageConvertNode, { config: { source_path: 'c.png', ...config }, cwd: dir })).error?.message;
    expect(await bad({ output_format: 'tiff' })).toBe('Unsupported format: TIFF. Supported: PNG, JPEG, WEBP, BMP, GIF');
    expect(await bad({ quality: 0 })).toBe('quality must be between 1 and 100');
    expect(await bad({ scale_percent: '33%' })).toBe('scale_percent must be one of: 5%, 10%, 25%, 50%, 75%, 100%');
    expect(await bad({ source_path: 'none.png' })).toBe('Source image not found: none.png');
    await mkdir(join(dir, 'empty'));
    expect(await bad({ source_path: 'empty' })).toBe(`No images found in folder: ${join(dir, 'empty')}`);
    const full = await readFile(join(dir, 'c.png'));
    await writeFile(join(dir, 'broken.png'), full.subarray(0, 60));
    await writeFile(join(dir, 'text.png'), 'not an image at all');
    for (const f of ['broken.png', 'text.png']) {
      const r = await runNode(imageConvertNode, { config: { source_path: f }, cwd: dir });
      expect(r.error).toEqual({ message: `cannot identify image file '${join(dir, f)}'`, errorType: 'UnidentifiedImageError' });
    }
  });
});

describe('CompareImagesNode', () => {
  it('scores identical images 1 and different ones lower, with each method', async () => {
    await png('x.png');
    await png('y.png', 80, 40); // same picture at twice the size: resized to the first
    const px = Buffer.alloc(40 * 20 * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + (i >> 3) * 31) & 0xff; // noise
    await sharp(px, { raw: { width: 40, height: 20, channels: 3 } }).png().toFile(join(dir, 'grey.png'));
    for (const method of ['histogram', 'pixel', 'ssim']) {
      const same = await runNode(compareImagesNode, { config: { image1_path: 'x.png', image2_path: 'x.png', method }, cwd: dir });
      expect(same.outputs).toMatchObject({ is_match: true, method, success: true });
      expect(same.outputs['similarity'] as number).toBeCloseTo(1, 12);
      const scaled = await runNode(compareImagesNode, { config: { image1_path: 'x.png', image2_path: 'y.png', method }, cwd: dir, services: { pool } });
      expect(scaled.outputs['similarity'] as number).toBeGreaterThan(method === 'histogram' ? 0.6 : 0.9);
      const diff = await runNode(compareImagesNode, { config: { image1_path: 'x.png', image2_path: 'grey.png', method, threshold: 0.8 }, cwd: dir });
      expect(diff.outputs['similarity'] as number).toBeLessThan(0.8);
      expect(diff.outputs['is_match']).toBe(false);
    }
  });

  it('computes the catalogue formulas on known samples', () => {
    const a = new Uint8Array([0, 0, 255, 255]);
    const b = new Uint8Array([0, 255, 255, 255]);
    expect(compareImagesKernel({ a, b, width: 2, height: 2, channels: 1, method: 'pixel' })).toBe(1 - 255 / (255 * 4));
    expect(compareImagesKernel({ a, b, width: 2, height: 2, channels: 1, method: 'histogram' })).toBe(0.25 + 0.5);
    expect(() => compareImagesKernel({ a, b, width: 2, height: 2, channels: 1, method: 'ssim' })).toThrow(/win_size/);
  });
});

describe('sharp image nodes', () => {
  it('resizes, crops, rotates, thumbnails and reads metadata', async () => {
    await png('s.png');
    const rs = await runNode(imageResizeNode, { config: { input_path: 's.png', width: 10 }, cwd: dir });
    expect(rs.outputs).toEqual({ output_path: join(dir, 's_resized.png'), width: 10, height: 5, success: true });
    const cr = await runNode(imageCropNode, { config: { input_path: 's.png', output_path: 'c.jpg', left: 20, top: 0, width: 20, height: 20 }, cwd: dir });
    expect(cr.outputs).toMatchObject({ width: 20, height: 20 });
    const { data } = await sharp(join(dir, 'c.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect(data[2]!).toBeGreaterThan(200); // the blue half was kept
    expect((await runNode(imageCropNode, { config: { input_path: 's.png', width: 50, height: 5 }, cwd: dir })).error?.message).toBe('Crop box exceeds image bounds');
    const ro = await runNode(imageRotateNode, { config: { input_path: 's.png' }, cwd: dir });
    expect(ro.outputs).toMatchObject({ width: 20, height: 40 });
    const th = await runNode(imageThumbnailNode, { config: { input_path: 's.png', size: 16, output_path: 't.webp' }, cwd: dir });
    expect(th.outputs).toMatchObject({ output_path: join(dir, 't.webp'), width: 16, height: 8 });
    const md = await runNode(imageMetadataNode, { config: { input_path: 's.png' }, cwd: dir });
    expect(md.outputs).toMatchObject({ width: 40, height: 20, format: 'PNG', channels: 4, has_alpha: true, orientation: 1, success: true });
    await writeFile(join(dir, 'junk.jpg'), 'nope');
    expect((await runNode(imageMetadataNode, { config: { input_path: 'junk.jpg' }, cwd: dir })).error?.errorType).toBe('UnidentifiedImageError');
  });
});
