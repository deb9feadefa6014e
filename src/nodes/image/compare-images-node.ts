/**
 * CompareImagesNode, portable (nodes.md §17.3 Open point): the CasareRPA scoring over image files,
 * without the Windows desktop context. Config `image1_path`!, `image2_path`!, `method`="histogram"
 * ∈ ssim, histogram, pixel, `threshold`=0.9, `allow_dangerous_paths`=false. Out: similarity (0..1),
 * is_match (similarity ≥ threshold), method, success. The second image is resized to the first's size
 * (Lanczos) and converted to its channel layout (grey, grey+alpha, RGB, RGBA) before scoring; palette
 * images are scored on their decoded colours (Pillow scores palette indices). Scoring runs in the
 * image.compare kernel (pool above the offload threshold).
 */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { runKernel } from '../../pool/offload.js';
import { pyFloat } from '../../lib/py/convert.js';
import { safePath, statOrNull, strParam } from '../file/file-actions.js';
import { decodeGuard, openImage } from './image-io.js';
import { estimateCompareCostUs } from './compare-kernel.js';
import type { CompareInput, CompareMethod } from './compare-kernel.js';

const METHODS: ReadonlySet<string> = new Set(['ssim', 'histogram', 'pixel']);

/** Only buffers a typed array owns outright may move (a pooled Buffer slab must not be detached). */
function ownBuffer(u: Uint8Array): ArrayBuffer | null {
  return u.byteOffset === 0 && u.buffer instanceof ArrayBuffer && u.byteLength === u.buffer.byteLength ? u.buffer : null;
}

export const compareImagesNode: NodeSpec = defineNode({
  type: 'CompareImagesNode',
  category: 'image',
  inputs: ['image1_path', 'image2_path'],
  required: ['image1_path', 'image2_path'],
  outputs: ['similarity', 'is_match', 'method', 'success'],
  config: { image1_path: null, image2_path: null, method: 'histogram', threshold: 0.9, allow_dangerous_paths: false },
  cost: 'cpu',
  pathKeys: ['image1_path', 'image2_path'],
  async run(ctx) {
    const method = strParam(ctx, 'method', 'histogram').toLowerCase();
    if (!METHODS.has(method)) throw new NodeFailure(`method must be one of: ssim, histogram, pixel`, 'ValueError');
    const thrRaw = ctx.param('threshold');
    const threshold = thrRaw === null || thrRaw === undefined || thrRaw === '' ? 0.9 : pyFloat(thrRaw);
    const p1 = await safePath(ctx, 'image1_path');
    const p2 = await safePath(ctx, 'image2_path');
    for (const p of [p1, p2]) if ((await statOrNull(p.path)) === null) throw new NodeFailure(`Image not found: ${p.given}`, 'FileNotFoundError');
    const one = await openImage(p1.path);
    const two = await openImage(p2.path);
    const a = await decodeGuard(p1.path, one.img.raw().toBuffer({ resolveWithObject: true }));
    const { width, height, channels } = a.info;
    let pipe = two.img.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    if (channels <= 2) pipe = pipe.toColourspace('b-w');
    else pipe = pipe.toColourspace('srgb');
    pipe = channels === 2 || channels === 4 ? pipe.ensureAlpha() : pipe.removeAlpha();
    const b = await decodeGuard(p2.path, pipe.raw().toBuffer({ resolveWithObject: true }));
    if (b.info.channels !== channels) throw new NodeFailure(`cannot convert image to ${channels} channels`, 'ValueError');
    const input: CompareInput = { a: a.data, b: b.data, width, height, channels, method: method as CompareMethod };
    const transfer = [ownBuffer(a.data), ownBuffer(b.data)].filter((x): x is ArrayBuffer => x !== null);
    const score = await runKernel<number>(ctx, 'image.compare', input, estimateCompareCostUs(width, height, channels, method as CompareMethod), { transfer });
    ctx.out('similarity', score);
    ctx.out('is_match', score >= threshold);
    ctx.out('method', method);
    ctx.out('success', true);
  },
});
