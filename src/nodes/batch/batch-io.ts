/**
 * What the batch nodes share: reading a node's stream options from ctx, the zstd pieces (Node 20
 * has no zstd in node:zlib: zstd-codec's streaming transforms, with the frame scanner to catch a
 * truncated file), and turning a lib/stream error into a node failure with a Casare code and the
 * row / byte offset in the message.
 */
import * as zlib from 'node:zlib';
import { appendFile } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import { NodeFailure, ORDERED_SLOT_VAR, type NodeContext, type OrderedSlot } from '../types.js';
import { pyInt } from '../../lib/py/convert.js';
import { pyStr } from '../../lib/py/str.js';
import { createZstdDecompressor, loadZstdCodecStreams } from '../../load/zstd-decompressor.js';
import { ZstdFrameScanner } from '../../load/zstd-frame-scanner.js';
import { formatFromName, type RowFormat, type RowSourceOptions } from '../../lib/stream/row-source.js';
import { isStreamError, type StreamErrorReason } from '../../lib/stream/stream-error.js';
import { resolveSafePath } from '../file/safe-path.js';

/** Config keys (and defaults) of a node that reads a row file. */
export const READ_CONFIG = {
  format: 'auto', compression: 'auto', delimiter: ',', quote: '"', header: true, encoding: 'utf-8',
  json_path: '', max_decompressed_bytes: 0, allow_dangerous_paths: false,
} as const;

const FORMATS = new Set(['csv', 'ndjson', 'json_array', 'lines']);
const COMPRESSIONS = new Set(['auto', 'none', 'gzip', 'zstd']);

export function strParam(ctx: NodeContext, name: string, dflt: string): string {
  const v = ctx.param(name);
  return v === null || v === undefined ? dflt : typeof v === 'string' ? v : pyStr(v);
}

export function intParam(ctx: NodeContext, name: string, dflt: number): number {
  const v = ctx.param(name);
  return v === null || v === undefined || v === '' ? dflt : pyInt(v);
}

export function boolParam(ctx: NodeContext, name: string, dflt: boolean): boolean {
  const v = ctx.param(name);
  if (v === null || v === undefined || v === '') return dflt;
  if (typeof v === 'string') return !['false', '0', 'no', 'off'].includes(v.toLowerCase());
  return Boolean(v);
}

/**
 * Rows from a port or config: the port value as it arrived (ctx.param would walk every row and
 * template-resolve each string in it: 5000 rows x columns per batch, and it would rewrite row text
 * that happens to look like `%name%`), else the config value template-resolved (`{{read.batch}}`).
 * A single non-list value is one row.
 */
export function rowsInput(ctx: NodeContext, name: string): readonly unknown[] {
  const p = ctx.port(name);
  const v = p !== null && p !== undefined ? p : ctx.param(name);
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Resolve a path parameter through the file sandbox (nodes.md §13). */
export async function pathParam(ctx: NodeContext, name: string): Promise<string> {
  const p = strParam(ctx, name, '');
  if (p === '') throw new NodeFailure(`${name} is required`, 'ValueError');
  return resolveSafePath(ctx, p, { allowDangerous: boolParam(ctx, 'allow_dangerous_paths', false) });
}

export const createZstdDecode = (): Promise<{ stream: Transform; synchronous: boolean }> => createZstdDecompressor();
export const createZstdScanner = (): ZstdFrameScanner => new ZstdFrameScanner();

type NativeZstdCompress = { createZstdCompress?: () => Transform };

/** A zstd compressor: node:zlib's when present (Node >= 22.15), else zstd-codec's stream transform. */
export async function createZstdEncode(): Promise<Transform> {
  const native = (zlib as unknown as NativeZstdCompress).createZstdCompress;
  if (typeof native === 'function') return native();
  const s = await loadZstdCodecStreams();
  return new s.ZstdCompressTransform(3);
}

/** RowSourceOptions from the READ_CONFIG keys of a node. */
export function readOptions(ctx: NodeContext, path: string, skipRows = 0): RowSourceOptions {
  const f = strParam(ctx, 'format', 'auto');
  if (f !== 'auto' && !FORMATS.has(f)) throw new NodeFailure(`format must be one of auto, csv, ndjson, json_array, lines, got '${f}'`, 'ValueError');
  const format: RowFormat = f === 'auto' ? formatFromName(path) : (f as RowFormat);
  const c = strParam(ctx, 'compression', 'auto');
  if (!COMPRESSIONS.has(c)) throw new NodeFailure(`compression must be one of auto, none, gzip, zstd, got '${c}'`, 'ValueError');
  const cap = intParam(ctx, 'max_decompressed_bytes', 0);
  let delimiter = strParam(ctx, 'delimiter', ',');
  if (format === 'csv' && !ctx.hasConfig('delimiter') && ctx.port('delimiter') === null && /\.tsv(\.(gz|zst|zstd))?$/i.test(path)) delimiter = '\t';
  return {
    format,
    compression: c as RowSourceOptions['compression'],
    maxDecodedBytes: cap > 0 ? cap : Infinity,
    createZstd: createZstdDecode,
    createZstdScanner,
    encoding: strParam(ctx, 'encoding', 'utf-8'),
    delimiter,
    quote: strParam(ctx, 'quote', '"'),
    header: boolParam(ctx, 'header', true),
    jsonPath: strParam(ctx, 'json_path', ''),
    skipRows,
  };
}

const CODES: Readonly<Record<StreamErrorReason, string>> = {
  corrupt: 'CASARE_E_BATCH_BAD_COMPRESSION',
  too_large: 'CASARE_E_BATCH_TOO_LARGE',
  bad_csv: 'CASARE_E_BATCH_BAD_CSV',
  bad_json: 'CASARE_E_BATCH_BAD_JSON',
  not_found: 'CASARE_E_BATCH_JSON_PATH_NOT_FOUND',
};

/** A NodeFailure carrying where the input is at fault (also as fields for callers and tests). */
export class BatchInputFailure extends NodeFailure {
  readonly row: number;
  readonly byteOffset: number;
  readonly file: string;
  constructor(message: string, errorType: string, code: string, file: string, row: number, byteOffset: number) {
    super(message, errorType, code);
    this.row = row;
    this.byteOffset = byteOffset;
    this.file = file;
  }
}

/** Map a lib/stream error to a node failure; anything else is rethrown as is. */
export function toNodeFailure(e: unknown, file: string): unknown {
  if (!isStreamError(e)) return e;
  const where = [`row ${e.row}`];
  if (e.line > 0) where.push(`line ${e.line}`);
  if (e.byteOffset >= 0) where.push(`byte offset ${e.byteOffset}`);
  return new BatchInputFailure(`${file}: ${e.message} (${where.join(', ')})`, e.pyType, CODES[e.reason], file, e.row, e.byteOffset);
}

/** A row a batch node left out under skip_and_record: its 1-based data row number and why. */
export interface RowReject { readonly row_number: number; readonly reason: string; readonly row: unknown }

/** Append rejects as NDJSON to the node's `reject_path` (if set): never rolled back, so they survive a failed run. */
export async function recordRejects(ctx: NodeContext, rejects: readonly RowReject[]): Promise<void> {
  if (rejects.length === 0 || strParam(ctx, 'reject_path', '') === '') return;
  const p = await pathParam(ctx, 'reject_path');
  // In a parallel stream body: append after the earlier batches, so the file stays in row order.
  const slot = ctx.vars.get(ORDERED_SLOT_VAR) as OrderedSlot | undefined;
  if (slot !== undefined) await slot.turn();
  let s = '';
  for (const j of rejects) s += JSON.stringify(j) + '\n';
  await appendFile(p, s);
}
