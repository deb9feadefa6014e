/**
 * ZipFilesNode / UnzipFilesNode (nodes.md §17.6) and StructuredDataSuperNode's Zip Files / Unzip
 * Files actions (§17.10). Disk I/O stays on the main thread; deflate/inflate run through the
 * zip.pack / zip.unpack kernels (inline for small archives, pool above the offload threshold).
 * Archives are written to a temp name and renamed, so a killed task never leaves half a ZIP.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { runKernel } from '../../pool/offload.js';
import { PyError } from '../../lib/py/errors.js';
import { pyStr } from '../../lib/py/str.js';
import { resolveSafePath, expandEnvVars } from '../file/safe-path.js';
import { intParam, safePath, statOrNull, strParam } from '../file/file-actions.js';
import { toOsFailure } from '../file/os-error.js';
import { estimateZipCostUs, ZIP_BOMB } from './zip-kernels.js';
import type { PackedEntries, ZipPackInput, ZipUnpackInput } from './zip-kernels.js';
import { entryName, entryTarget, globBase, globFiles, hasGlob } from './zip-paths.js';
import { walkFiles } from '../file/walk-files.js';

/** Default caps (zip bomb): entries and total extracted bytes. Config keys max_entries / max_total_mb. */
export const DEFAULT_MAX_ENTRIES = 100_000;
export const DEFAULT_MAX_TOTAL_MB = 1024;

export interface ZipVariant {
  /** Standalone ZipFilesNode reports attachment_file; the super node's action does not. */
  readonly attachment?: boolean;
}

function allowDangerous(ctx: NodeContext): boolean {
  return ctx.param('allow_dangerous_paths') === true;
}

/** compression config → deflate level (0 = stored). */
export function compressionLevel(ctx: NodeContext): number {
  const c = strParam(ctx, 'compression', 'ZIP_DEFLATED');
  if (c === 'ZIP_DEFLATED') return 6;
  if (c === 'ZIP_STORED') return 0;
  throw new NodeFailure("compression must be 'ZIP_STORED' or 'ZIP_DEFLATED'", 'ValueError');
}

/** Concatenate entries into the kernel's packed form. */
export function packEntries(names: readonly string[], chunks: readonly Uint8Array[]): PackedEntries {
  let total = 0;
  for (const c of chunks) total += c.length;
  const data = new Uint8Array(total);
  const offsets = new Float64Array(names.length + 1);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) { data.set(chunks[i]!, at); at += chunks[i]!.length; offsets[i + 1] = at; }
  return { names, data, offsets };
}

/** Run zip.pack; returns the archive bytes. */
export async function packArchive(ctx: NodeContext, entries: PackedEntries, level: number): Promise<Uint8Array> {
  const input: ZipPackInput = { ...entries, level };
  const cost = level === 0 ? 0 : estimateZipCostUs(entries.data.length, true);
  return await runKernel<Uint8Array>(ctx, 'zip.pack', input, cost);
}

/** Run zip.unpack under the node's caps; zip bombs fail with CASARE_E_RESOURCE_EXHAUSTED. */
export async function unpackArchive(ctx: NodeContext, archive: Uint8Array): Promise<PackedEntries> {
  const maxEntries = intParam(ctx, 'max_entries', DEFAULT_MAX_ENTRIES);
  const maxTotalBytes = intParam(ctx, 'max_total_mb', DEFAULT_MAX_TOTAL_MB) * 1024 * 1024;
  const input: ZipUnpackInput = { archive, maxEntries, maxTotalBytes };
  try {
    return await runKernel<PackedEntries>(ctx, 'zip.unpack', input, estimateZipCostUs(archive.length * 4, false));
  } catch (e) {
    const py = (e as { pyType?: unknown }).pyType;
    if (e instanceof PyError || typeof py === 'string') {
      const type = py as string;
      if (type === ZIP_BOMB) throw new NodeFailure((e as Error).message, 'ZipBombError', 'CASARE_E_RESOURCE_EXHAUSTED');
      throw new NodeFailure((e as Error).message, type);
    }
    throw e;
  }
}

/** Write bytes to `path` via a temp name in the same directory, then rename. */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw toOsFailure(e, path);
  }
}

/** The files to archive and the base directory their names are relative to. */
async function collectSources(ctx: NodeContext): Promise<{ files: string[]; baseDir: string | null }> {
  const dangerous = allowDangerous(ctx);
  const baseParam = strParam(ctx, 'base_dir', '');
  let baseDir = baseParam === '' ? null : await resolveSafePath(ctx, baseParam, { allowDangerous: dangerous });
  const listed = ctx.param('files');
  if (Array.isArray(listed) && listed.length > 0) {
    const files: string[] = [];
    for (const f of listed) {
      const p = await resolveSafePath(ctx, typeof f === 'string' ? f : pyStr(f), { allowDangerous: dangerous });
      const st = await statOrNull(p);
      if (st !== null && st.isFile()) files.push(p);
    }
    return { files, baseDir };
  }
  const src = strParam(ctx, 'source_path', '');
  if (src === '') return { files: [], baseDir };
  const expanded = expandEnvVars(src, ctx.services.env);
  if (hasGlob(expanded)) {
    const abs = await resolveSafePath(ctx, expanded, { allowDangerous: dangerous });
    const files = await globFiles(abs);
    return { files, baseDir: baseDir ?? resolve(globBase(abs)) };
  }
  const p = await resolveSafePath(ctx, src, { allowDangerous: dangerous });
  const st = await statOrNull(p);
  if (st === null) throw new NodeFailure(`source_path not found: ${src}`, 'FileNotFoundError');
  if (st.isDirectory()) return { files: await walkFiles(p), baseDir: baseDir ?? p };
  return { files: [p], baseDir };
}

export async function zipFilesAction(ctx: NodeContext, v: ZipVariant = {}): Promise<void> {
  const level = compressionLevel(ctx);
  const { path: zipPath } = await safePath(ctx, 'zip_path');
  const { files, baseDir } = await collectSources(ctx);
  if (files.length === 0) {
    throw new NodeFailure("No files to zip. Provide either 'source_path' (folder or glob pattern) or connect a 'files' input.", 'ValueError');
  }
  const names: string[] = [];
  const chunks: Uint8Array[] = [];
  for (const f of files) {
    if (f === zipPath) continue; // never archive the archive being written
    try { chunks.push(await readFile(f)); } catch (e) { throw toOsFailure(e, f); }
    names.push(entryName(f, baseDir));
  }
  const archive = await packArchive(ctx, packEntries(names, chunks), level);
  await mkdir(dirname(zipPath), { recursive: true });
  await writeAtomic(zipPath, archive);
  ctx.out('zip_path', zipPath);
  if (v.attachment === true) ctx.out('attachment_file', [zipPath]);
  ctx.out('file_count', names.length);
  ctx.out('success', true);
}

export async function unzipFilesAction(ctx: NodeContext): Promise<void> {
  const { given, path: zipPath } = await safePath(ctx, 'zip_path');
  const { path: root } = await safePath(ctx, 'extract_to');
  const st = await statOrNull(zipPath);
  if (st === null || !st.isFile()) throw new NodeFailure(`ZIP file not found: ${given}`, 'FileNotFoundError');
  let bytes: Buffer;
  try { bytes = await readFile(zipPath); } catch (e) { throw toOsFailure(e, zipPath); }
  const entries = await unpackArchive(ctx, bytes);
  // Every name is checked before anything is written: a refused archive leaves no partial output.
  const targets = entries.names.map((n) => entryTarget(root, n));
  await mkdir(root, { recursive: true });
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    try {
      if (entries.names[i]!.endsWith('/')) { await mkdir(t, { recursive: true }); continue; }
      await mkdir(dirname(t), { recursive: true });
      const existing = await stat(t).catch(() => null);
      if (existing !== null && existing.isDirectory()) throw new NodeFailure(`[Errno 21] Is a directory: '${t}'`, 'IsADirectoryError');
      await writeFile(t, entries.data.subarray(entries.offsets[i]!, entries.offsets[i + 1]!));
    } catch (e) { throw toOsFailure(e, t); }
  }
  ctx.out('extract_to', root);
  ctx.out('files', targets);
  ctx.out('file_count', targets.length);
  ctx.out('success', true);
}
