/**
 * Pure image-similarity kernel for CompareImagesNode (nodes.md §17.3 scoring) over two decoded
 * images of the same size and channel count (interleaved 8-bit samples):
 * - histogram: Σ min of the two Pillow-style histograms (256 bins per band, bands concatenated, each
 *   histogram normalised to sum 1);
 * - pixel: 1 − Σ|a−b| / (255 × number of samples);
 * - ssim: scikit-image structural_similarity of the channel-mean grey images (7×7 uniform window,
 *   sample covariance, K1 0.01, K2 0.03, data range 255, mean over the interior the filter covers).
 */
import { PyError } from '../../lib/py/errors.js';

export type CompareMethod = 'histogram' | 'pixel' | 'ssim';

export interface CompareInput {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly method: CompareMethod;
}

function histogramScore(a: Uint8Array, b: Uint8Array, channels: number): number {
  const ha = new Float64Array(256 * channels);
  const hb = new Float64Array(256 * channels);
  for (let i = 0; i < a.length; i++) {
    const band = (i % channels) * 256;
    ha[band + a[i]!]!++;
    hb[band + b[i]!]!++;
  }
  const n = a.length; // both histograms sum to the sample count
  let s = 0;
  for (let k = 0; k < ha.length; k++) s += Math.min(ha[k]! / n, hb[k]! / n);
  return s;
}

function pixelScore(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return 1 - d / (255 * a.length);
}

const WIN = 7;

function ssimScore(a: Uint8Array, b: Uint8Array, w: number, h: number, c: number): number {
  if (w < WIN || h < WIN) throw new PyError('ValueError', 'win_size exceeds image extent. Either ensure that your images are at least 7x7; or pass win_size explicitly in the function call, with an odd value less than or equal to the smaller side of your images.');
  // Summed-area tables of x, y, x², y², xy over the grey (channel-mean) images.
  const W = w + 1;
  const size = W * (h + 1);
  const sx = new Float64Array(size), sy = new Float64Array(size);
  const sxx = new Float64Array(size), syy = new Float64Array(size), sxy = new Float64Array(size);
  for (let y = 0; y < h; y++) {
    let rx = 0, ry = 0, rxx = 0, ryy = 0, rxy = 0;
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * c;
      let ga = 0, gb = 0;
      for (let k = 0; k < c; k++) { ga += a[p + k]!; gb += b[p + k]!; }
      ga /= c; gb /= c;
      rx += ga; ry += gb; rxx += ga * ga; ryy += gb * gb; rxy += ga * gb;
      const i = (y + 1) * W + x + 1;
      const up = i - W;
      sx[i] = sx[up]! + rx; sy[i] = sy[up]! + ry; sxx[i] = sxx[up]! + rxx; syy[i] = syy[up]! + ryy; sxy[i] = sxy[up]! + rxy;
    }
  }
  const np = WIN * WIN;
  const covNorm = np / (np - 1);
  const C1 = (0.01 * 255) ** 2;
  const C2 = (0.03 * 255) ** 2;
  const box = (t: Float64Array, y0: number, x0: number): number =>
    t[(y0 + WIN) * W + x0 + WIN]! - t[y0 * W + x0 + WIN]! - t[(y0 + WIN) * W + x0]! + t[y0 * W + x0]!;
  let total = 0;
  let count = 0;
  for (let y0 = 0; y0 + WIN <= h; y0++) {
    for (let x0 = 0; x0 + WIN <= w; x0++) {
      const ux = box(sx, y0, x0) / np, uy = box(sy, y0, x0) / np;
      const vx = covNorm * (box(sxx, y0, x0) / np - ux * ux);
      const vy = covNorm * (box(syy, y0, x0) / np - uy * uy);
      const vxy = covNorm * (box(sxy, y0, x0) / np - ux * uy);
      total += ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
      count++;
    }
  }
  return total / count;
}

export function compareImagesKernel(input: CompareInput): number {
  const { a, b, width, height, channels, method } = input;
  if (a.length !== b.length || a.length !== width * height * channels) throw new PyError('ValueError', 'images must have the same size and mode');
  if (method === 'pixel') return pixelScore(a, b);
  if (method === 'ssim') return ssimScore(a, b, width, height, channels);
  return histogramScore(a, b, channels);
}

/** Inline cost in µs: ~3 ns per sample for histogram/pixel, ~40 ns per pixel for SSIM. */
export function estimateCompareCostUs(width: number, height: number, channels: number, method: CompareMethod): number {
  return method === 'ssim' ? width * height * 0.04 : width * height * channels * 0.003;
}
