/**
 * Workflow source -> JSON text. Reads a file path, bytes in memory or a readable stream; sniffs the
 * container by magic bytes (gzip 1f 8b, zstd 28 b5 2f fd; workflow-format.md §1), decompresses as a
 * stream with the size cap enforced while inflating (a bomb stops at the cap, not at the end), and
 * keys the stored bytes on the way (the content cache key, content-key.ts).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Transform } from 'node:stream';
import { CasareError, type ErrorWhere } from '../errors.js';
import type { SourceFormat } from './types.js';
import { decodeUtf8 } from './decode-text.js';
import { contentKey, createContentHasher } from './content-key.js';
import { createZstdDecompressor } from './zstd-decompressor.js';
import { ZstdFrameScanner } from './zstd-frame-scanner.js';

/**
 * 256 MiB of JSON text. A 100k-node workflow as the desktop app writes it (2-space indent) takes
 * about 400-700 bytes per node with its config and position, and about 150 bytes per connection:
 * 100k nodes + 200k connections = 70-100 MB. 256 MiB leaves 2.5x headroom and stays under V8's
 * string limit (2^29 - 24 UTF-16 units), past which JSON.parse could not run anyway.
 */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** 256 KiB reads: measured node:zlib throughput levels off from there (notes/packages.md). */
const READ_CHUNK_BYTES = 256 * 1024;
/**
 * Decompressor output chunk (gzip, and zstd through node:zlib): one thread-pool round trip each.
 * At the default 16 KiB a 2 MB workflow took ~140 of them (10k-node .json.gz to text 11 ms); at
 * 256 KiB its 9 round trips cost 2.8-3.0 ms against 1.9 ms at 4 MiB, the same as gunzipSync
 * (measured on Node 20 and 24). A bomb overshoots the cap by at most one chunk.
 */
const INFLATE_CHUNK_BYTES = 4 * 1024 * 1024;
/** zstd-codec inflates a written chunk synchronously; 1 KiB of input inflates to at most ~32 MiB
 * (RLE blocks), so the cap overshoots by at most that much. */
const CODEC_SLICE_BYTES = 1024;

export interface ReadOptions {
  /** Cap on stored and on decompressed bytes. @default DEFAULT_MAX_BYTES */
  maxBytes: number;
  /** File name for error locations (taken from the path when the input is one). */
  file?: string;
  /** The content key of in-memory bytes when the caller computed it already (engine cache lookup). */
  hash?: string;
}

export interface WorkflowText {
  text: string;
  format: SourceFormat;
  /** Bytes as stored (possibly compressed). */
  storedBytes: number;
  /** The stored bytes themselves (the cache confirms a hit by them). For JSON given as bytes these
   * are the caller's own array: copy before keeping. */
  stored: Uint8Array;
  /** Content key (hex) of the stored bytes: XXH3-64, or sha256 without the native hasher (content-key.ts). */
  hash: string;
}

export type WorkflowInput = string | Uint8Array | NodeJS.ReadableStream;

/**
 * Read and decode a workflow. A string is a file path. Plain JSON given as bytes is decoded
 * synchronously (no promise); everything else returns a promise.
 */
export function readWorkflowBytes(input: WorkflowInput, opts: ReadOptions): WorkflowText | Promise<WorkflowText> {
  if (typeof input === 'string') return readFile(input, opts);
  if (input instanceof Uint8Array) {
    const format = sniffFormat(input);
    const file = opts.file;
    if (input.length > opts.maxBytes) throw tooLarge(input.length, opts.maxBytes, file);
    if (format === 'json') {
      return { text: decodeUtf8(input, file), format, storedBytes: input.length, stored: input, hash: opts.hash ?? contentKey(input) };
    }
    return readChunks(sliceChunks(input), opts, file);
  }
  return readChunks(input as AsyncIterable<Uint8Array | string>, opts, opts.file);
}

export function sniffFormat(head: Uint8Array): SourceFormat {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'json';
}

/** The container the file name announces (joined suffixes, case-insensitive), or null. */
function formatFromName(file: string | undefined): SourceFormat | null {
  if (file === undefined) return null;
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  if (lower.endsWith('.zst')) return 'zstd';
  return null;
}

async function readFile(path: string, opts: ReadOptions): Promise<WorkflowText> {
  const file = opts.file ?? path;
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    size = st.size;
  } catch (cause) {
    throw wrapFsError(cause, file);
  }
  if (size > opts.maxBytes) throw tooLarge(size, opts.maxBytes, file);
  return readChunks(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), opts, file);
}

function wrapFsError(cause: unknown, file: string): CasareError {
  const code = (cause as { code?: string }).code;
  if (code === 'ENOENT') {
    return new CasareError('CASARE_E_LOAD_NOT_FOUND', `workflow file not found: ${file}`, { where: { file }, cause });
  }
  return new CasareError('CASARE_E_LOAD_READ', `cannot read workflow file ${file}: ${(cause as Error).message}`,
    { where: { file }, cause });
}

function tooLarge(bytes: number, maxBytes: number, file: string | undefined, decompressed = false): CasareError {
  const what = decompressed ? 'decompressed workflow exceeds' : 'workflow is larger than';
  const got = decompressed ? `more than ${maxBytes}` : String(bytes);
  return new CasareError('CASARE_E_LOAD_TOO_LARGE', `${what} maxBytes ${maxBytes} (got ${got} bytes)`,
    { where: whereFile(file) });
}

function whereFile(file: string | undefined, offset?: number): ErrorWhere {
  const where: ErrorWhere = {};
  if (file !== undefined) where.file = file;
  if (offset !== undefined) where.offset = offset;
  return where;
}

function* sliceChunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += READ_CHUNK_BYTES) yield bytes.subarray(i, i + READ_CHUNK_BYTES);
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** Where decompressed (or plain) bytes go; enforces the cap. */
interface Sink {
  write(chunk: Uint8Array): void | Promise<void>;
  end(): Promise<Buffer>;
}

async function readChunks(
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array | string>,
  opts: ReadOptions,
  file: string | undefined,
): Promise<WorkflowText> {
  const hash = createContentHasher();
  let stored = 0;
  // Compressed input is kept as read (a tenth of the text, for the cache); plain JSON is the sink's output.
  const storedChunks: Uint8Array[] = [];
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let sink: Sink | null = null;
  let format: SourceFormat = 'json';

  const open = async (first: Uint8Array): Promise<Sink> => {
    format = sniffFormat(first);
    const named = formatFromName(file);
    if (named !== null && named !== format) {
      throw new CasareError('CASARE_E_LOAD_BAD_COMPRESSION',
        `file name says ${named} but the content is ${format === 'json' ? 'not compressed' : format}`, { where: whereFile(file, 0) });
    }
    if (format === 'gzip') return decompressSink(createGunzip({ chunkSize: INFLATE_CHUNK_BYTES }), false, null, opts.maxBytes, file, () => stored);
    if (format === 'zstd') {
      const d = await createZstdDecompressor(INFLATE_CHUNK_BYTES);
      return decompressSink(d.stream, d.synchronous, new ZstdFrameScanner(), opts.maxBytes, file, () => stored);
    }
    return plainSink(opts.maxBytes, file);
  };

  try {
    for await (const raw of source) {
      const chunk = toBytes(raw);
      if (chunk.length === 0) continue;
      stored += chunk.length;
      if (stored > opts.maxBytes) throw tooLarge(stored, opts.maxBytes, file);
      hash.update(chunk);
      if (format !== 'json' || sink === null) storedChunks.push(chunk);
      if (sink === null) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < 4) continue;
        const first = head.length === 1 ? chunk : Buffer.concat(head, headBytes);
        head = [];
        sink = await open(first);
        await sink.write(first);
        continue;
      }
      await sink.write(chunk);
    }
  } catch (cause) {
    if (cause instanceof CasareError) throw cause;
    throw new CasareError('CASARE_E_LOAD_READ', `cannot read workflow${file ? ` ${file}` : ''}: ${(cause as Error).message}`,
      { where: whereFile(file), cause });
  }
  if (sink === null) {
    const first = Buffer.concat(head, headBytes);
    sink = await open(first);
    if (first.length > 0) await sink.write(first);
  }
  const bytes = await sink.end();
  const kept = format === 'json' ? bytes : Buffer.concat(storedChunks, stored);
  return { text: decodeUtf8(bytes, file), format, storedBytes: stored, stored: kept, hash: hash.digest() };
}

function plainSink(maxBytes: number, file: string | undefined): Sink {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return {
    write(chunk) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(total, maxBytes, file);
      chunks.push(chunk);
    },
    end: () => Promise.resolve(Buffer.concat(chunks, total)),
  };
}

/**
 * Streams stored bytes through a decompressor. The output is counted in the 'data' handler; past
 * maxBytes the decompressor is destroyed at once, so a bomb costs at most maxBytes of work.
 */
function decompressSink(
  d: Transform,
  synchronous: boolean,
  scanner: ZstdFrameScanner | null,
  maxBytes: number,
  file: string | undefined,
  storedSoFar: () => number,
): Sink {
  const chunks: Buffer[] = [];
  let total = 0;
  let failure: CasareError | null = null;
  let settle: { resolve: () => void; reject: (e: CasareError) => void } | null = null;
  const done = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  done.catch(() => { /* observed through end()/write() */ });
  const fail = (err: CasareError): void => {
    if (failure) return;
    failure = err;
    d.destroy();
    settle!.reject(err);
  };
  d.on('data', (chunk: Buffer) => {
    if (failure) return;
    total += chunk.length;
    if (total > maxBytes) {
      fail(tooLarge(total, maxBytes, file, true));
      return;
    }
    chunks.push(chunk);
  });
  d.on('error', (cause: Error) => {
    fail(new CasareError('CASARE_E_LOAD_BAD_COMPRESSION',
      `corrupt or truncated ${scanner ? 'zstd' : 'gzip'} data: ${cause.message}`, { where: whereFile(file, storedSoFar()), cause }));
  });
  d.on('end', () => settle!.resolve());

  const writeOne = async (chunk: Uint8Array): Promise<void> => {
    if (!d.write(chunk)) await Promise.race([new Promise((r) => d.once('drain', r)), done]);
  };

  return {
    async write(chunk) {
      if (failure) throw failure;
      scanner?.push(chunk);
      if (scanner?.failure) {
        const f = scanner.failure;
        fail(new CasareError('CASARE_E_LOAD_BAD_COMPRESSION', `corrupt zstd data: ${f.message}`, { where: whereFile(file, f.offset) }));
        throw failure!;
      }
      if (synchronous) {
        for (let i = 0; i < chunk.length && !failure; i += CODEC_SLICE_BYTES) await writeOne(chunk.subarray(i, i + CODEC_SLICE_BYTES));
      } else {
        await writeOne(chunk);
      }
      if (failure) throw failure;
    },
    async end() {
      if (failure) throw failure;
      const f = scanner?.finish();
      if (f) {
        fail(new CasareError('CASARE_E_LOAD_BAD_COMPRESSION', `corrupt zstd data: ${f.message}`, { where: whereFile(file, f.offset) }));
        throw failure!;
      }
      d.end();
      await done;
      // Usually one chunk (INFLATE_CHUNK_BYTES): it is only decoded to text, never kept, so no copy.
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    },
  };
}
