/**
 * Minimal BMP codec: libvips (sharp) neither reads nor writes BMP, while Pillow's ImageConvert does
 * both. Writes 24-bit (RGB) / 32-bit (RGBA) BI_RGB bottom-up files like Pillow; reads uncompressed
 * 24/32-bit files (top-down or bottom-up). Anything else is reported as unreadable.
 */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

export function isBmp(b: Uint8Array): boolean {
  return b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d;
}

export function encodeBmp(img: RawImage): Buffer {
  const { width, height, channels, data } = img;
  const rowBytes = Math.ceil((width * channels) / 4) * 4;
  const headerSize = 14 + 40;
  const out = Buffer.alloc(headerSize + rowBytes * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(headerSize, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(channels * 8, 28);
  out.writeUInt32LE(rowBytes * height, 34);
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width * channels;
    let dst = headerSize + y * rowBytes;
    for (let x = 0; x < width; x++, dst += channels) {
      const s = src + x * channels;
      out[dst] = data[s + 2]!; out[dst + 1] = data[s + 1]!; out[dst + 2] = data[s]!;
      if (channels === 4) out[dst + 3] = data[s + 3]!;
    }
  }
  return out;
}

/** Decode an uncompressed 24/32-bit BMP; null when the file is some other BMP flavour or truncated. */
export function decodeBmp(b: Uint8Array): RawImage | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (!isBmp(b) || b.length < 54) return null;
  const offset = v.getUint32(10, true);
  const width = v.getInt32(18, true);
  const rawH = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  if (width <= 0 || rawH === 0 || (bpp !== 24 && bpp !== 32) || (compression !== 0 && compression !== 3)) return null;
  const height = Math.abs(rawH);
  const channels = bpp === 32 ? 4 : 3;
  const rowBytes = Math.ceil((width * channels) / 4) * 4;
  if (offset + rowBytes * height > b.length) return null;
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const srcRow = offset + (rawH > 0 ? height - 1 - y : y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const s = srcRow + x * channels;
      const d = (y * width + x) * channels;
      data[d] = b[s + 2]!; data[d + 1] = b[s + 1]!; data[d + 2] = b[s]!;
      if (channels === 4) data[d + 3] = b[s + 3]!;
    }
  }
  return { data, width, height, channels };
}
