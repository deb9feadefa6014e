/**
 * Casare's gzip nodes for large buffers and files; node:zlib's async API deflates on the libuv
 * thread pool, so no worker is needed (cost cpu: counts against the cpu limit).
 * GzipCompressNode: `data` (text → UTF-8, or bytes) or `file_path`; `output_path`="" (write the .gz
 *   there, temp then rename) ; `level`=6 (1-9). Out: data (Buffer, when no output_path), output_path,
 *   size, original_size, success.
 * GzipDecompressNode: `data` (bytes, or base64 text) or `file_path`; `output_path`=""; `as_text`=true
 *   (UTF-8 decode); `max_output_mb`=1024 (a gzip bomb fails CASARE_E_RESOURCE_EXHAUSTED). Out: data
 *   (text or Buffer), output_path, size, success.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { boolParam, intParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { toOsFailure } from '../file/os-error.js';
import { writeAtomic } from '../zip/zip-actions.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function inputBytes(ctx: NodeContext, textIsBase64: boolean): Promise<Uint8Array> {
  const fp = ctx.param('file_path');
  if (fp !== null && fp !== undefined && fp !== '') {
    const { given, path } = await safePath(ctx, 'file_path');
    const st = await statOrNull(path);
    if (st === null || !st.isFile()) throw new NodeFailure(`File not found: ${given}`, 'FileNotFoundError');
    try { return await readFile(path); } catch (e) { throw toOsFailure(e, path); }
  }
  const raw = ctx.param('data');
  if (raw instanceof Uint8Array) return raw;
  if (raw === null || raw === undefined || raw === '') throw new NodeFailure('data or file_path is required', 'ValueError');
  const s = typeof raw === 'string' ? raw : pyStr(raw);
  return textIsBase64 ? Buffer.from(s, 'base64') : Buffer.from(s, 'utf8');
}

async function emit(ctx: NodeContext, out: Buffer, value: unknown): Promise<void> {
  const op = strParam(ctx, 'output_path', '');
  if (op !== '') {
    const { path } = await safePath(ctx, 'output_path');
    await writeAtomic(path, out);
    ctx.out('output_path', path);
  } else {
    ctx.out('data', value);
  }
  ctx.out('size', out.length);
}

export const gzipCompressNode: NodeSpec = defineNode({
  type: 'GzipCompressNode',
  category: 'system',
  inputs: ['data', 'file_path'],
  outputs: ['data', 'output_path', 'size', 'original_size', 'success'],
  config: { data: '', file_path: '', output_path: '', level: 6, allow_dangerous_paths: false },
  cost: 'cpu',
  pathKeys: ['file_path', 'output_path'],
  async run(ctx) {
    const level = intParam(ctx, 'level', 6);
    if (level < 1 || level > 9) throw new NodeFailure('level must be between 1 and 9', 'ValueError');
    const input = await inputBytes(ctx, false);
    const out = await gzipAsync(input, { level });
    await emit(ctx, out, out);
    ctx.out('original_size', input.length);
    ctx.out('success', true);
  },
});

export const gzipDecompressNode: NodeSpec = defineNode({
  type: 'GzipDecompressNode',
  category: 'system',
  inputs: ['data', 'file_path'],
  outputs: ['data', 'output_path', 'size', 'success'],
  config: { data: '', file_path: '', output_path: '', as_text: true, max_output_mb: 1024, allow_dangerous_paths: false },
  cost: 'cpu',
  pathKeys: ['file_path', 'output_path'],
  async run(ctx) {
    const input = await inputBytes(ctx, true);
    const maxOutputLength = intParam(ctx, 'max_output_mb', 1024) * 1024 * 1024;
    let out: Buffer;
    try {
      out = await gunzipAsync(input, { maxOutputLength });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new NodeFailure(`gzip data inflates past max_output_mb (${maxOutputLength} bytes)`, 'GzipBombError', 'CASARE_E_RESOURCE_EXHAUSTED');
      }
      throw new NodeFailure(`Not a gzipped file (${(e as Error).message})`, 'BadGzipFile');
    }
    let value: unknown = out;
    if (boolParam(ctx, 'as_text', true)) {
      try { value = utf8.decode(out); } catch { throw new NodeFailure('Decompressed data is not valid UTF-8; set as_text to false', 'UnicodeDecodeError'); }
    }
    await emit(ctx, out, value);
    ctx.out('success', true);
  },
});
