/**
 * Appends batches of rows to one output file as CSV, NDJSON or a JSON array, optionally through
 * gzip or zstd. Each batch is encoded into one string and written once; write() resolves only
 * after the stream accepted it below its high-water mark (it awaits 'drain'), so a slow disk or
 * a slow compressor slows the caller instead of growing a buffer.
 *
 * States: open -> closed (close(): flush, end, wait until the file is closed) | destroyed
 * (destroy(): drop buffered data, close the fd). The writer never renames or deletes files; the
 * caller owns the path (atomic commit lives with the caller).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { createGzip, type ZlibOptions } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { Transform, Writable } from 'node:stream';
import { TimeSlice } from './time-slice.js';

export type OutFormat = 'csv' | 'ndjson' | 'json_array';
export type OutCompression = 'none' | 'gzip' | 'zstd';

export interface RecordWriterOptions {
  readonly format: OutFormat;
  /** @default 'none' */
  readonly compression?: OutCompression;
  /** Required for zstd output. */
  readonly createZstd?: () => Promise<Transform>;
  /** CSV: @default ',' */
  readonly delimiter?: string;
  /** CSV: write a header row from the first row's keys (or `columns`). @default true */
  readonly header?: boolean;
  /** CSV: column order; default = keys of the first row. */
  readonly columns?: readonly string[];
  /** CSV: text of a non-string cell. @default String(v); null/undefined -> '' */
  readonly formatValue?: (v: unknown) => string;
  /** Open for append instead of truncating; a non-empty file gets no second CSV header (JSON arrays
   * cannot be appended to: each run writes its own brackets). @default false */
  readonly append?: boolean;
  /** gzip level 1-9 (zstd level is the compressor factory's). @default 1 */
  readonly level?: number;
}

/**
 * Bytes the compressor may hold before write() waits: one or two encoded batches, so the next batch
 * is parsed and encoded on the main thread while zlib compresses this one on the thread pool.
 * Measured (100 MB NDJSON.gz, 5000-row batches): the default 16 KiB serialised the two.
 */
const COMPRESSOR_HWM = 4 * 1024 * 1024;
const ENCODE_ROWS = 1000;

/** Compression from a file name: `.gz` gzip, `.zst`/`.zstd` zstd. */
export function compressionFromName(name: string): OutCompression {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.gzip')) return 'gzip';
  if (lower.endsWith('.zst') || lower.endsWith('.zstd')) return 'zstd';
  return 'none';
}

/** Output format from a file name (compression suffix ignored): .csv/.tsv, .json, else ndjson. */
export function outFormatFromName(name: string): OutFormat {
  const lower = name.toLowerCase().replace(/\.(gz|gzip|zst|zstd)$/, '');
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.json')) return 'json_array';
  return 'ndjson';
}

const defaultFormat = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export class RecordWriter {
  readonly path: string;
  rowsWritten = 0;
  #head: Writable;
  #file: WriteStream;
  #done: Promise<void>;
  #error: Error | null = null;
  #opts: RecordWriterOptions;
  #columns: readonly string[] | null;
  #needsQuote: RegExp;
  #delim: string;
  #first = true;
  #continuing = false;
  #slice = new TimeSlice();

  private constructor(path: string, file: WriteStream, compressor: Transform | null, opts: RecordWriterOptions) {
    this.path = path;
    this.#file = file;
    this.#opts = opts;
    this.#head = compressor ?? file;
    this.#done = compressor === null ? once(file, 'close').then(() => undefined) : pipeline(compressor, file);
    this.#done.catch((e: Error) => { this.#error ??= e; });
    file.on('error', (e) => { this.#error ??= e; });
    this.#columns = opts.columns ?? null;
    this.#delim = opts.delimiter ?? ',';
    this.#needsQuote = new RegExp(`[${escapeClass(this.#delim)}"\\r\\n]`);
  }

  static async open(path: string, opts: RecordWriterOptions): Promise<RecordWriter> {
    // Appending to a non-empty file: no CSV header / JSON-array opening bracket again.
    const existing = opts.append === true ? ((await stat(path).catch(() => null))?.size ?? 0) : 0;
    const file = createWriteStream(path, { flags: opts.append === true ? 'a' : 'w', highWaterMark: 256 * 1024 });
    await once(file, 'open');
    const c = opts.compression ?? 'none';
    let comp: Transform | null = null;
    if (c === 'gzip') comp = createGzip({ level: opts.level ?? 1, writableHighWaterMark: COMPRESSOR_HWM } as ZlibOptions);
    else if (c === 'zstd') {
      if (opts.createZstd === undefined) { file.destroy(); throw new Error('zstd output needs a zstd compressor'); }
      comp = await opts.createZstd();
    }
    const w = new RecordWriter(path, file, comp, opts);
    w.#continuing = existing > 0;
    return w;
  }

  /** Encode and write one batch; resolves when the stream can take more. */
  async write(rows: readonly unknown[]): Promise<void> {
    if (this.#error !== null) throw this.#error;
    if (rows.length === 0) return;
    // Encoded in slices of ENCODE_ROWS with a yield when the time slice is used up: a 5000-row
    // batch encodes in 5–15 ms, too long to hold the event loop in one piece.
    const slice = this.#slice;
    for (let i = 0; i < rows.length; i += ENCODE_ROWS) {
      if (slice.due()) await slice.yieldNow();
      const part = i === 0 && rows.length <= ENCODE_ROWS ? rows : rows.slice(i, i + ENCODE_ROWS);
      const text = this.#encode(part);
      this.rowsWritten += part.length;
      if (!this.#head.write(text)) await Promise.race([once(this.#head, 'drain'), this.#done]);
      if (this.#error !== null) throw this.#error;
    }
  }

  get format(): OutFormat { return this.#opts.format; }

  /** Write NDJSON lines encoded elsewhere (a pool thread) for `rows` rows; resolves when the stream can take more. */
  async writeEncoded(bytes: Uint8Array, rows: number): Promise<void> {
    if (this.#error !== null) throw this.#error;
    if (this.#opts.format !== 'ndjson') throw new Error('writeEncoded needs ndjson output');
    this.rowsWritten += rows;
    if (!this.#head.write(bytes)) await Promise.race([once(this.#head, 'drain'), this.#done]);
    if (this.#error !== null) throw this.#error;
  }

  #encode(rows: readonly unknown[]): string {
    const f = this.#opts.format;
    let s = '';
    if (f === 'ndjson') {
      for (let i = 0; i < rows.length; i++) s += JSON.stringify(rows[i]) + '\n';
      return s;
    }
    if (f === 'json_array') {
      for (let i = 0; i < rows.length; i++) {
        s += (this.#first ? '[\n' : ',\n') + JSON.stringify(rows[i]);
        this.#first = false;
      }
      return s;
    }
    const fmt = this.#opts.formatValue ?? defaultFormat;
    if (this.#columns === null) {
      const r0 = rows[0];
      this.#columns = Array.isArray(r0) ? null : Object.keys(r0 as object);
    }
    const cols = this.#columns;
    if (this.#first && cols !== null && this.#opts.header !== false && !this.#continuing) s += this.#line(cols, (v) => String(v));
    this.#first = false;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (Array.isArray(r)) s += this.#line(r, fmt);
      else if (cols !== null) {
        const o = r as Record<string, unknown>;
        const vals = new Array<unknown>(cols.length);
        for (let c = 0; c < cols.length; c++) vals[c] = o[cols[c]!];
        s += this.#line(vals, fmt);
      }
    }
    return s;
  }

  #line(vals: readonly unknown[], fmt: (v: unknown) => string): string {
    let s = '';
    for (let c = 0; c < vals.length; c++) {
      const v = vals[c];
      let t = typeof v === 'string' ? v : fmt(v);
      if (this.#needsQuote.test(t)) t = `"${t.replace(/"/g, '""')}"`;
      s += c === 0 ? t : this.#delim + t;
    }
    return s + '\r\n';
  }

  /** Flush, end the stream and wait until the file is closed. */
  async close(): Promise<void> {
    if (this.#opts.format === 'json_array') this.#head.write(this.#first ? '[]\n' : '\n]\n');
    this.#head.end();
    await this.#done;
    if (this.#error !== null) throw this.#error;
  }

  /** Abandon the output: drop buffered data and close the file descriptor. */
  async destroy(): Promise<void> {
    const closed = this.#file.closed ? Promise.resolve() : once(this.#file, 'close').then(() => undefined, () => undefined);
    this.#head.destroy();
    this.#file.destroy();
    await closed;
    await this.#done.catch(() => undefined);
  }
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&');
}
