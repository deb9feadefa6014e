/**
 * The file operations shared by FileSystemSuperNode's actions and the standalone file nodes
 * (nodes.md §13). Each takes the node context, reads its parameters with ctx.param (D2), works on
 * paths from resolveSafePath and writes its output ports.
 */
import { copyFile, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, appendFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { resolveSafePath } from './safe-path.js';
import { toOsFailure } from './os-error.js';
import { codePointLength, decodeText, encodeText, universalNewlines } from './text-codec.js';
import { globMatch } from './glob.js';
import { localIsoFromMs } from './local-iso.js';

export type FileAction = (ctx: NodeContext, variant?: ActionVariant) => Promise<void>;

/** Differences of the standalone nodes from the super node's actions. */
export interface ActionVariant {
  /** ReadFileNode / WriteFileNode: config `errors` (default strict). */
  readonly errorsParam?: boolean;
  /** WriteFileNode: `append_mode` and the `attachment_file` output. */
  readonly standaloneWrite?: boolean;
}

function allowDangerous(ctx: NodeContext): boolean {
  return ctx.param('allow_dangerous_paths') === true;
}

/** A path parameter as a string; null/"" fail `<name> is required`. */
export function pathParam(ctx: NodeContext, name: string): string {
  const v = ctx.param(name);
  if (v === null || v === undefined || v === '') throw new NodeFailure(`${name} is required`, 'ValueError');
  return typeof v === 'string' ? v : pyStr(v);
}

export async function safePath(ctx: NodeContext, name: string): Promise<{ given: string; path: string }> {
  const given = pathParam(ctx, name);
  return { given, path: await resolveSafePath(ctx, given, { allowDangerous: allowDangerous(ctx) }) };
}

export async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw toOsFailure(e, p);
  }
}

function strParam(ctx: NodeContext, name: string, dflt: string): string {
  const v = ctx.param(name);
  return v === null || v === undefined || v === '' ? dflt : pyStr(v);
}

function intParam(ctx: NodeContext, name: string, dflt: number): number {
  const v = ctx.param(name);
  if (v === null || v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}

function boolParam(ctx: NodeContext, name: string, dflt: boolean): boolean {
  const v = ctx.param(name);
  return v === null || v === undefined ? dflt : pyTruthy(v);
}

/** Content param: `str(content)` when truthy, else "". */
function contentParam(ctx: NodeContext): string {
  const v = ctx.param('content');
  return pyTruthy(v) ? pyStr(v) : '';
}

function fileNotFound(given: string): NodeFailure {
  return new NodeFailure(`File not found: ${given}`, 'FileNotFoundError');
}

export const readFileAction: FileAction = async (ctx, variant) => {
  const { given, path } = await safePath(ctx, 'file_path');
  const st = await statOrNull(path);
  if (st === null) throw fileNotFound(given);
  const maxSize = intParam(ctx, 'max_size', 0);
  if (maxSize > 0 && st.size > maxSize) {
    throw new NodeFailure(`File size (${st.size}) exceeds limit (${maxSize})`, 'ValueError');
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { signal: ctx.signal });
  } catch (e) {
    throw toOsFailure(e, path);
  }
  const encoding = strParam(ctx, 'encoding', 'utf-8');
  let content: string;
  if (boolParam(ctx, 'binary_mode', false)) {
    content = bytes.toString('latin1');
  } else {
    const strict = variant?.errorsParam === true && strParam(ctx, 'errors', 'strict') === 'strict';
    content = universalNewlines(decodeText(bytes, encoding, strict));
  }
  ctx.out('content', content);
  ctx.out('size', st.size);
  ctx.out('success', true);
};

export const writeFileAction: FileAction = async (ctx, variant) => {
  const { path } = await safePath(ctx, 'file_path');
  const content = contentParam(ctx);
  const encoding = strParam(ctx, 'encoding', 'utf-8');
  const append = variant?.standaloneWrite === true && boolParam(ctx, 'append_mode', false);
  try {
    if (boolParam(ctx, 'create_dirs', true)) await mkdir(dirname(path), { recursive: true });
    const data = boolParam(ctx, 'binary_mode', false) ? Buffer.from(content, 'latin1') : encodeText(content, encoding);
    if (append) await appendFile(path, data);
    else await writeFile(path, data, { signal: ctx.signal });
  } catch (e) {
    throw toOsFailure(e, path);
  }
  ctx.out('file_path', path);
  ctx.out('bytes_written', codePointLength(content));
  if (variant?.standaloneWrite === true) ctx.out('attachment_file', [path]);
  ctx.out('success', true);
};

export const appendFileAction: FileAction = async (ctx) => {
  const { given, path } = await safePath(ctx, 'file_path');
  const content = contentParam(ctx);
  const encoding = strParam(ctx, 'encoding', 'utf-8');
  if (!boolParam(ctx, 'create_if_missing', true) && (await statOrNull(path)) === null) throw fileNotFound(given);
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, encodeText(content, encoding));
  } catch (e) {
    throw toOsFailure(e, path);
  }
  ctx.out('file_path', path);
  ctx.out('bytes_written', codePointLength(content));
  ctx.out('success', true);
};

export const deleteFileAction: FileAction = async (ctx) => {
  const { given, path } = await safePath(ctx, 'file_path');
  try {
    await unlink(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!boolParam(ctx, 'ignore_missing', false)) throw fileNotFound(given);
    } else throw toOsFailure(e, path);
  }
  ctx.out('deleted_path', path);
  ctx.out('success', true);
};

async function prepareCopy(ctx: NodeContext): Promise<{ src: string; dest: string }> {
  const s = await safePath(ctx, 'source_path');
  const d = await safePath(ctx, 'dest_path');
  if ((await statOrNull(s.path)) === null) throw new NodeFailure(`Source not found: ${s.given}`, 'FileNotFoundError');
  if (!boolParam(ctx, 'overwrite', false) && (await statOrNull(d.path)) !== null) {
    throw new NodeFailure(`Destination exists: ${d.given}`, 'FileExistsError');
  }
  if (boolParam(ctx, 'create_dirs', true)) await mkdir(dirname(d.path), { recursive: true });
  return { src: s.path, dest: d.path };
}

export const copyFileAction: FileAction = async (ctx) => {
  const { src, dest } = await prepareCopy(ctx);
  try {
    // copyFile lets the kernel copy (copy_file_range / reflink): no bytes through JS for big files.
    await copyFile(src, dest);
    const st = await stat(dest);
    ctx.out('dest_path', dest);
    ctx.out('bytes_copied', st.size);
  } catch (e) {
    throw toOsFailure(e, src);
  }
  ctx.out('success', true);
};

export const moveFileAction: FileAction = async (ctx) => {
  const { src, dest } = await prepareCopy(ctx);
  try {
    await rename(src, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw toOsFailure(e, src);
    try {
      await copyFile(src, dest);
      await unlink(src);
    } catch (e2) {
      throw toOsFailure(e2, src);
    }
  }
  ctx.out('dest_path', dest);
  ctx.out('success', true);
};

export const fileExistsAction: FileAction = async (ctx) => {
  const { path } = await safePath(ctx, 'path');
  const st = await statOrNull(path);
  const isFile = st !== null && st.isFile();
  const isDir = st !== null && st.isDirectory();
  const checkType = strParam(ctx, 'check_type', 'any');
  const exists = checkType === 'file' ? isFile : checkType === 'directory' ? isDir : st !== null;
  ctx.out('exists', exists);
  ctx.out('is_file', isFile);
  ctx.out('is_dir', isDir);
};

export const getFileSizeAction: FileAction = async (ctx) => {
  const { given, path } = await safePath(ctx, 'file_path');
  const st = await statOrNull(path);
  if (st === null) throw fileNotFound(given);
  ctx.out('size', st.size);
  ctx.out('success', true);
};

export const getFileInfoAction: FileAction = async (ctx) => {
  const { given, path } = await safePath(ctx, 'file_path');
  const st = await statOrNull(path);
  if (st === null) throw fileNotFound(given);
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  ctx.out('size', st.size);
  ctx.out('created', localIsoFromMs(st.ctimeMs));
  ctx.out('modified', localIsoFromMs(st.mtimeMs));
  ctx.out('extension', dot > 0 && dot < name.length - 1 ? extname(name) : '');
  ctx.out('name', name);
  ctx.out('parent', dirname(path));
  ctx.out('success', true);
};

export const createDirectoryAction: FileAction = async (ctx) => {
  const { path } = await safePath(ctx, 'directory_path');
  const parents = boolParam(ctx, 'parents', true);
  const existOk = boolParam(ctx, 'exist_ok', true);
  try {
    const st = await statOrNull(path);
    if (st !== null && (!existOk || !st.isDirectory())) {
      throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    }
    if (st === null) await mkdir(path, { recursive: parents });
  } catch (e) {
    throw toOsFailure(e, path);
  }
  ctx.out('dir_path', path);
  ctx.out('success', true);
};

interface ListOptions { pattern: string; recursive: boolean; files: boolean; dirs: boolean }

async function listEntries(ctx: NodeContext, key: string, o: ListOptions): Promise<string[]> {
  const { given, path } = await safePath(ctx, key);
  if (o.pattern.includes('..')) {
    throw new NodeFailure('Pattern cannot contain path traversal sequences (..)', 'ValueError');
  }
  const st = await statOrNull(path);
  if (st === null) throw new NodeFailure(`Directory not found: ${given}`, 'FileNotFoundError');
  if (!st.isDirectory()) throw new NodeFailure(`Not a directory: ${given}`, 'NotADirectoryError');
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw toOsFailure(e, dir);
    }
    for (const ent of entries) {
      const full = join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        const t = await statOrNull(full);
        isDir = t?.isDirectory() ?? false;
        isFile = t?.isFile() ?? false;
      }
      const rel = relative(path, full).split('\\').join('/');
      if (globMatch(o.pattern, ent.name, rel) && ((o.files && isFile) || (o.dirs && isDir))) out.push(full);
      if (o.recursive && isDir && !ent.isSymbolicLink()) await walk(full);
    }
  };
  await walk(path);
  return out;
}

export const listFilesAction: FileAction = async (ctx) => {
  const files = await listEntries(ctx, 'directory_path', {
    pattern: strParam(ctx, 'pattern', '*'), recursive: boolParam(ctx, 'recursive', false), files: true, dirs: false,
  });
  ctx.out('files', files);
  ctx.out('count', files.length);
  ctx.out('success', true);
};

export const listDirectoryAction: FileAction = async (ctx) => {
  const filesOnly = boolParam(ctx, 'files_only', false);
  const dirsOnly = boolParam(ctx, 'dirs_only', false);
  const items = await listEntries(ctx, 'dir_path', {
    pattern: strParam(ctx, 'pattern', '*'), recursive: boolParam(ctx, 'recursive', false),
    files: !dirsOnly, dirs: !filesOnly,
  });
  ctx.out('items', items);
  ctx.out('count', items.length);
  ctx.out('success', true);
};

/** Read a whole file for the structured-data readers, mapping a missing file to `<what> not found`. */
export async function readWholeFile(ctx: NodeContext, what: string): Promise<{ path: string; bytes: Buffer }> {
  const { given, path } = await safePath(ctx, 'file_path');
  try {
    return { path, bytes: await readFile(path, { signal: ctx.signal }) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NodeFailure(`${what} not found: ${given}`, 'FileNotFoundError');
    throw toOsFailure(e, path);
  }
}

/** Write a whole file (parents created) for the structured-data writers. */
export async function writeWholeFile(path: string, data: Buffer | string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'w');
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw toOsFailure(e, path);
  }
}

export { strParam, intParam, boolParam };
