/**
 * ZIP node types. CasareRPA's ZipFilesNode / UnzipFilesNode (nodes.md §17.6) plus Casare's in-memory
 * pair:
 * - ZipBufferNode: `entries` {name: text | bytes} → `data` (Buffer of the archive), `size`, `file_count`.
 * - UnzipBufferNode: `data` (Buffer / Uint8Array, or base64 text) → `entries` {name: text or Buffer},
 *   `names` (archive order), `file_count`. `as_text`=true decodes entries as UTF-8 (invalid bytes
 *   keep the entry as a Buffer). Directory entries are listed in `names` only.
 * Both unzip nodes refuse archives beyond `max_entries` (100000) / `max_total_mb` (1024) before
 * inflating (CASARE_E_RESOURCE_EXHAUSTED).
 */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { boolParam } from '../file/file-actions.js';
import {
  compressionLevel, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TOTAL_MB, packArchive, packEntries, unpackArchive,
  unzipFilesAction, zipFilesAction,
} from './zip-actions.js';

const CAPS = { max_entries: DEFAULT_MAX_ENTRIES, max_total_mb: DEFAULT_MAX_TOTAL_MB };
const utf8 = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

export const zipFilesNode: NodeSpec = defineNode({
  type: 'ZipFilesNode',
  category: 'file',
  inputs: ['zip_path', 'source_path', 'files', 'base_dir'],
  outputs: ['zip_path', 'attachment_file', 'file_count', 'success'],
  config: { zip_path: null, source_path: '', files: null, base_dir: '', compression: 'ZIP_DEFLATED', allow_dangerous_paths: false },
  cost: 'cpu',
  resources: ['file'],
  pathKeys: ['zip_path', 'source_path', 'base_dir'],
  run: (ctx) => zipFilesAction(ctx, { attachment: true }),
});

export const unzipFilesNode: NodeSpec = defineNode({
  type: 'UnzipFilesNode',
  category: 'file',
  inputs: ['zip_path', 'extract_to'],
  outputs: ['extract_to', 'files', 'file_count', 'success'],
  config: { zip_path: null, extract_to: null, allow_dangerous_paths: false, ...CAPS },
  cost: 'cpu',
  resources: ['file'],
  pathKeys: ['zip_path', 'extract_to'],
  run: (ctx) => unzipFilesAction(ctx),
});

function toBytes(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (typeof v === 'string') return enc.encode(v);
  if (v === null || v === undefined) return new Uint8Array(0);
  throw new NodeFailure(`${what} must be text or bytes, got ${typeof v}`, 'TypeError');
}

export const zipBufferNode: NodeSpec = defineNode({
  type: 'ZipBufferNode',
  category: 'file',
  inputs: ['entries'],
  required: ['entries'],
  outputs: ['data', 'size', 'file_count', 'success'],
  config: { entries: null, compression: 'ZIP_DEFLATED' },
  cost: 'cpu',
  async run(ctx) {
    const level = compressionLevel(ctx);
    const raw = ctx.param('entries');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new NodeFailure('entries must be a dict of name -> text or bytes', 'TypeError');
    }
    const names: string[] = [];
    const chunks: Uint8Array[] = [];
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) { names.push(k); chunks.push(toBytes(v, `entry '${k}'`)); }
    const archive = await packArchive(ctx, packEntries(names, chunks), level);
    const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
    ctx.out('data', buf);
    ctx.out('size', buf.length);
    ctx.out('file_count', names.length);
    ctx.out('success', true);
  },
});

export const unzipBufferNode: NodeSpec = defineNode({
  type: 'UnzipBufferNode',
  category: 'file',
  inputs: ['data'],
  required: ['data'],
  outputs: ['entries', 'names', 'file_count', 'success'],
  config: { data: null, as_text: true, ...CAPS },
  cost: 'cpu',
  async run(ctx) {
    const raw = ctx.param('data');
    const archive = typeof raw === 'string' ? Buffer.from(raw, 'base64') : toBytes(raw, 'data');
    if (archive.length === 0) throw new NodeFailure('data is required', 'ValueError');
    const asText = boolParam(ctx, 'as_text', true);
    const packed = await unpackArchive(ctx, archive);
    const entries: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < packed.names.length; i++) {
      const name = packed.names[i]!;
      if (name.endsWith('/')) continue;
      const bytes = packed.data.subarray(packed.offsets[i]!, packed.offsets[i + 1]!);
      let value: unknown = Buffer.from(bytes);
      if (asText) { try { value = utf8.decode(bytes); } catch { /* binary entry: keep bytes */ } }
      entries[name] = value;
    }
    ctx.out('entries', { ...entries });
    ctx.out('names', [...packed.names]);
    ctx.out('file_count', packed.names.length);
    ctx.out('success', true);
  },
});

