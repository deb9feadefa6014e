/**
 * Path rules of the ZIP nodes: where an archive entry may land (zip slip), how a file is named
 * inside an archive, and the recursive glob of ZipFilesNode's source_path (Python glob, recursive).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { NodeFailure } from '../types.js';
import { walkFiles } from '../file/walk-files.js';
import { globToSource } from '../file/glob.js';

const GLOB_CHARS = /[*?[]/;

export function zipSlipFailure(entry: string): NodeFailure {
  return new NodeFailure(
    `Zip Slip attack detected! Entry '${entry}' would extract outside the target directory. This is a security vulnerability.`,
    'ValueError', 'CASARE_E_FILE_PATH_TRAVERSAL',
  );
}

/**
 * Target of `entry` below `root`, or a zip-slip failure. Stricter than CasareRPA's string-prefix
 * test: absolute names, drive letters, backslashes-as-separators with `..`, and any `..` segment are
 * refused even when they would land inside the root.
 */
export function entryTarget(root: string, entry: string): string {
  const norm = entry.replace(/\\/g, '/');
  if (norm.includes('\u0000') || norm.startsWith('/') || /^[A-Za-z]:/.test(norm) || isAbsolute(entry)) throw zipSlipFailure(entry);
  const segs = norm.split('/');
  for (const s of segs) if (s === '..') throw zipSlipFailure(entry);
  const target = resolve(root, ...segs.filter((s) => s !== '' && s !== '.'));
  const prefix = root.endsWith(sep) ? root : root + sep;
  if (target !== root && !target.startsWith(prefix)) throw zipSlipFailure(entry);
  return target;
}

/** Entry name of `file`: path relative to baseDir when inside it (POSIX separators), else the bare name. */
export function entryName(file: string, baseDir: string | null): string {
  if (baseDir !== null) {
    const rel = relative(baseDir, file);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  const i = file.lastIndexOf(sep);
  return i < 0 ? file : file.slice(i + 1);
}

export function hasGlob(s: string): boolean {
  return GLOB_CHARS.test(s);
}


/** The leading segments of a pattern without glob characters (glob's base directory). */
export function globBase(pattern: string): string {
  const segs = pattern.split('/');
  const lit: string[] = [];
  for (const s of segs) { if (hasGlob(s)) break; lit.push(s); }
  if (lit.length === segs.length) lit.pop();
  const base = lit.join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

function segmentRe(seg: string): string {
  return globToSource(seg, '[^/]*', '[^/]');
}

/** Python glob with recursive=True over the relative part: `**` spans any number of directories. */
export function globRelRegExp(rel: string): RegExp {
  const segs = rel.split('/');
  let out = '';
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const last = i === segs.length - 1;
    if (s === '**') out += last ? '.*' : '(?:[^/]+/)*';
    else out += segmentRe(s) + (last ? '' : '/');
  }
  return new RegExp(`^${out}$`, 's');
}

/** Files matching an absolute glob pattern (files only; hidden names need an explicit dot, like glob). */
export async function globFiles(absPattern: string): Promise<string[]> {
  const base = globBase(absPattern);
  const rel = absPattern.slice(base === '/' ? 1 : base.length + 1);
  const re = globRelRegExp(rel);
  let all: string[];
  try { all = await walkFiles(base); } catch { return []; }
  return all.filter((f) => {
    const r = relative(base, f).split(sep).join('/');
    return re.test(r) && !r.split('/').some((s) => s.startsWith('.'));
  });
}
