/**
 * A streaming zstd decompressor as a node:stream Transform. Node >= 22.15 has one in node:zlib
 * (feature-checked: Casare targets Node 20); otherwise zstd-codec's STREAMING transform. Its
 * one-shot API aborts above ~16 MB of output (notes/packages.md), so it is never used.
 */
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';

export interface ZstdDecompressor {
  readonly stream: Transform;
  /** True for zstd-codec: it inflates a whole written chunk synchronously, so the caller must
   * write small slices to keep a decompression bomb from overshooting the size cap. */
  readonly synchronous: boolean;
}

interface CodecStreams {
  ZstdDecompressTransform: new () => Transform;
  ZstdCompressTransform: new (level?: number) => Transform;
}

const require = createRequire(import.meta.url);
let codecStreams: Promise<CodecStreams> | null = null;

/** zstd-codec initialises its WebAssembly module once, through a callback. */
export function loadZstdCodecStreams(): Promise<CodecStreams> {
  codecStreams ??= new Promise<CodecStreams>((resolve, reject) => {
    try {
      const mod = require('zstd-codec/lib/zstd-stream.js') as { run(f: (s: CodecStreams) => void): void };
      mod.run(resolve);
    } catch (err) {
      reject(err);
    }
  });
  return codecStreams;
}

type NativeZstd = { createZstdDecompress?: (opts?: { chunkSize?: number }) => Transform };

export function hasNativeZstd(): boolean {
  return typeof (zlib as unknown as NativeZstd).createZstdDecompress === 'function';
}

/** `chunkSize`: output chunk of node:zlib's decompressor, one thread-pool round trip each (see open-source.ts). */
export async function createZstdDecompressor(chunkSize = 256 * 1024): Promise<ZstdDecompressor> {
  const native = (zlib as unknown as NativeZstd).createZstdDecompress;
  if (typeof native === 'function') return { stream: native({ chunkSize }), synchronous: false };
  const streams = await loadZstdCodecStreams();
  const stream = new streams.ZstdDecompressTransform();
  // The codec's state is an embind object on the WebAssembly heap that JS GC never frees: without
  // delete() every decoded file leaks its window and the wasm heap aborts ("OOM") after a few
  // hundred loads. Free it once the stream is done, whichever way it ends.
  stream.once('close', () => {
    const binding = (stream as unknown as { binding?: { delete?: () => void } }).binding;
    try { binding?.delete?.(); } catch { /* already freed */ }
  });
  return { stream, synchronous: true };
}
