/**
 * Rows out of a (possibly compressed) file, a batch at a time: DecodedSource -> TextDecoder ->
 * one of CsvParser (header row -> objects, or string arrays without a header), LineSplitter +
 * JSON.parse (NDJSON), LineSplitter (lines), JsonArrayScanner (a JSON array at a path).
 *
 * Pull-driven: nextBatch() decodes just enough chunks to fill the batch, so the consumer's pace is
 * the reader's pace. Errors are StreamErrors carrying the 1-based data row at fault (rows before
 * it were all delivered) and, for decompression faults, the stored byte offset.
 */
import { TextDecoder } from 'node:util';
import { DecodedSource, type DecodedSourceOptions } from './decoded-source.js';
import { CsvParser } from './csv-parser.js';
import { LineSplitter } from './line-splitter.js';
import { JsonArrayScanner, parseJsonPath } from './json-array-scanner.js';
import { StreamError, isStreamError } from './stream-error.js';
import { TimeSlice } from './time-slice.js';

export type RowFormat = 'csv' | 'ndjson' | 'json_array' | 'lines';

export interface RowSourceOptions extends DecodedSourceOptions {
  readonly format: RowFormat;
  /** WHATWG encoding label (utf-8, utf-16le, latin1, ...); a BOM is removed. @default 'utf-8' */
  readonly encoding?: string;
  /** CSV: @default ',' */
  readonly delimiter?: string;
  /** CSV: @default '"' */
  readonly quote?: string;
  /** CSV: first record names the columns (rows are objects); false = rows are string arrays. @default true */
  readonly header?: boolean;
  /** json_array: key chain to the array (`data.items`, `$.data.items`; '' = root). @default '' */
  readonly jsonPath?: string;
  /** Data rows to skip before the first batch (resume). @default 0 */
  readonly skipRows?: number;
}

/** Format from a file name: `.csv`/`.tsv` csv, `.ndjson`/`.jsonl` ndjson, `.json` json_array, else lines (compression suffix ignored). */
export function formatFromName(name: string): RowFormat {
  const lower = name.toLowerCase().replace(/\.(gz|gzip|zst|zstd)$/, '');
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json_array';
  return 'lines';
}

/** Decoded bytes parsed between time-slice checks: a whole 256 KiB chunk of CSV held the loop 3–4 ms. */
const FEED_BYTES = 64 * 1024;

const ENCODING_ALIASES: Readonly<Record<string, string>> = { 'utf-8-sig': 'utf-8', utf8: 'utf-8', 'utf_8': 'utf-8', 'utf-16': 'utf-16le', 'iso-8859-1': 'latin1', cp1252: 'windows-1252' };

export class RowSource {
  readonly format: RowFormat;
  /** Data rows handed out by nextBatch() (skipped rows not included). */
  rowsRead = 0;
  #src: DecodedSource;
  #decoder: TextDecoder;
  #csv: CsvParser | null = null;
  #lines: LineSplitter | null = null;
  #json: JsonArrayScanner | null = null;
  #header: string[] | null = null;
  #useHeader: boolean;
  #pending: unknown[] = [];
  #records: string[][] = [];
  #strs: string[] = [];
  #ended = false;
  #failed: unknown = null;
  #slice = new TimeSlice();
  /** The decoded chunk being fed, and how far. */
  #chunk: Buffer | null = null;
  #chunkAt = 0;
  #skip: number;
  /** Data rows parsed (including skipped). */
  #parsed = 0;

  private constructor(src: DecodedSource, opts: RowSourceOptions) {
    this.#src = src;
    this.format = opts.format;
    const label = (opts.encoding ?? 'utf-8').toLowerCase();
    try {
      this.#decoder = new TextDecoder(ENCODING_ALIASES[label] ?? label);
    } catch {
      throw new StreamError('LookupError', 'bad_csv', `unknown encoding: ${opts.encoding}`);
    }
    this.#useHeader = opts.header ?? true;
    this.#skip = opts.skipRows ?? 0;
    if (opts.format === 'csv') this.#csv = new CsvParser({ delimiter: opts.delimiter ?? ',', quote: opts.quote ?? '"' });
    else if (opts.format === 'json_array') this.#json = new JsonArrayScanner(parseJsonPath(opts.jsonPath ?? ''));
    else this.#lines = new LineSplitter();
  }

  static async open(path: string, opts: RowSourceOptions): Promise<RowSource> {
    const src = await DecodedSource.open(path, opts);
    try {
      return new RowSource(src, opts);
    } catch (e) {
      await src.close();
      throw e;
    }
  }

  get storedBytes(): number { return this.#src.storedBytes; }
  /** Decoded bytes fed to the parser so far (the rest of the current chunk not yet). */
  get decodedBytes(): number { return this.#src.decodedBytes - (this.#chunk === null ? 0 : this.#chunk.length - this.#chunkAt); }
  get totalBytes(): number { return this.#src.totalBytes; }
  get compression(): string { return this.#src.compression; }

  /** Up to `size` rows, or null when the input is exhausted. */
  async nextBatch(size: number): Promise<unknown[] | null> {
    if (this.#failed !== null) throw this.#failed;
    const slice = this.#slice;
    while (this.#pending.length < size && !this.#ended) {
      if (slice.due()) await slice.yieldNow();
      try {
        let chunk = this.#chunk;
        if (chunk === null) {
          chunk = await this.#src.next();
          if (chunk === null) {
            this.#ended = true;
            this.#feed(this.#decoder.decode(), true);
            continue;
          }
          this.#chunk = chunk;
          this.#chunkAt = 0;
        }
        // A decoded chunk is parsed FEED_BYTES at a time, with the time-slice check between pieces.
        const end = Math.min(chunk.length, this.#chunkAt + FEED_BYTES);
        const piece = chunk.subarray(this.#chunkAt, end);
        this.#chunkAt = end;
        if (end === chunk.length) this.#chunk = null;
        this.#feed(this.#decoder.decode(piece, { stream: true }), false);
      } catch (e) {
        if (isStreamError(e) && e.row === 0) e.row = this.#parsed + 1;
        // Hand out the complete rows before the fault first; the next call throws.
        if (this.#pending.length === 0) throw e;
        this.#failed = e;
        break;
      }
    }
    const p = this.#pending;
    if (p.length === 0) return null;
    let batch: unknown[];
    if (p.length <= size) { batch = p; this.#pending = []; }
    else { batch = p.slice(0, size); this.#pending = p.slice(size); }
    this.rowsRead += batch.length;
    return batch;
  }

  #feed(text: string, last: boolean): void {
    try {
      if (this.#csv !== null) this.#feedCsv(text, last);
      else if (this.#json !== null) {
        const out: unknown[] = [];
        if (text.length > 0 && !this.#json.done) this.#json.push(text, out);
        if (last) this.#json.finish();
        for (const r of out) this.#add(r);
      } else {
        const lines = this.#strs;
        lines.length = 0;
        this.#lines!.push(text, lines, true);
        if (last) this.#lines!.finish(lines, true);
        if (this.format === 'lines') for (const l of lines) this.#add(l);
        else this.#ndjson(lines);
      }
    } catch (e) {
      if (isStreamError(e) && e.row === 0) e.row = this.#parsed + 1;
      if (isStreamError(e) && e.byteOffset < 0) e.byteOffset = this.decodedBytes;
      throw e;
    }
  }

  #ndjson(lines: readonly string[]): void {
    for (let k = 0; k < lines.length; k++) {
      let v: unknown;
      try {
        v = JSON.parse(lines[k]!);
      } catch (e) {
        const row = this.#parsed + 1;
        throw new StreamError('ValueError', 'bad_json', `invalid JSON on data row ${row}: ${(e as Error).message}`, { row, byteOffset: this.decodedBytes });
      }
      this.#add(v);
    }
  }

  #feedCsv(text: string, last: boolean): void {
    const parser = this.#csv!;
    const recs = this.#records;
    recs.length = 0;
    parser.recordLines.length = 0;
    if (text.length > 0) parser.push(text, recs);
    if (last) parser.finish(recs);
    let k = 0;
    if (this.#useHeader && this.#header === null) {
      if (recs.length === 0) return;
      this.#header = recs[0]!;
      k = 1;
    }
    const header = this.#header;
    for (; k < recs.length; k++) {
      const rec = recs[k]!;
      if (header === null) { this.#add(rec); continue; }
      if (rec.length !== header.length) {
        const row = this.#parsed + 1;
        const line = parser.recordLines[k] ?? 0;
        throw new StreamError('ValueError', 'bad_csv',
          `CSV data row ${row} (line ${line}) has ${rec.length} fields, the header has ${header.length}`, { row, line, byteOffset: this.decodedBytes });
      }
      const o: Record<string, string> = {};
      for (let c = 0; c < header.length; c++) o[header[c]!] = rec[c]!;
      this.#add(o);
    }
  }

  #add(row: unknown): void {
    this.#parsed++;
    if (this.#skip > 0) { this.#skip--; return; }
    this.#pending.push(row);
  }

  /** Release the file and the decompressor. Idempotent. */
  close(): Promise<void> {
    this.#pending = [];
    return this.#src.close();
  }
}
