/**
 * The one place file nodes turn a path parameter into a file-system path (nodes.md §13):
 * environment expansion (`$VAR`, `${VAR}`, unknown names unchanged, like os.path.expandvars),
 * CasareRPA's refusals (`..`, NUL, Windows device names) unless allow_dangerous_paths, resolution
 * against ctx.cwd with symlinks of the existing prefix followed (Python's Path.resolve), and Casare's
 * sandbox: with services.fileRoot set, a path whose real location is outside the root fails.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';

const ENV_REF = /\$(?:([A-Za-z0-9_]+)|\{([^}]*)\})/g;
const WINDOWS_DEVICES = new Set([
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
]);

/** os.path.expandvars: `$name` / `${name}` from env; unknown names stay as written. */
export function expandEnvVars(s: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!s.includes('$')) return s;
  return s.replace(ENV_REF, (whole, a: string | undefined, b: string | undefined) => {
    const v = env[a ?? b ?? ''];
    return v === undefined ? whole : v;
  });
}

/** Python's Path.stem: the last component without its final suffix. */
function pathStem(p: string): string {
  const name = basename(p);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Absolute path with the symlinks of its longest existing prefix resolved (Path.resolve(strict=False)). */
export async function realResolve(absPath: string): Promise<string> {
  const tail: string[] = [];
  let cur = absPath;
  for (;;) {
    try {
      const real = await realpath(cur);
      return tail.length === 0 ? real : join(real, ...tail.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const parent = dirname(cur);
      if (parent === cur) return absPath;
      tail.push(basename(cur));
      cur = parent;
    }
  }
}

/** True when `p` is `root` or below it (both absolute and normalised). */
export function isInside(p: string, root: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(sep) ? root : root + sep;
  return p.startsWith(prefix);
}

export interface SafePathOptions {
  /** CasareRPA's allow_dangerous_paths: skips the `..` / NUL / device checks, never the sandbox. */
  readonly allowDangerous?: boolean;
}

/** CasareRPA's string checks on a path (validate_path_security); throws PathSecurityError. */
export function checkPathString(p: string): void {
  if (p.includes('..')) {
    throw new NodeFailure(`Path traversal detected in '${p}'. Paths containing '..' are not allowed.`, 'PathSecurityError');
  }
  if (p.includes('\u0000')) {
    throw new NodeFailure(`Null byte detected in path '${p}'. This is a potential security exploit.`, 'PathSecurityError');
  }
}

/**
 * Turn a path parameter (already template-resolved, a string) into the absolute, resolved path a
 * file node works on. Throws NodeFailure on a refused or sandbox-escaping path.
 */
export async function resolveSafePath(ctx: NodeContext, given: string, opts: SafePathOptions = {}): Promise<string> {
  const expanded = expandEnvVars(given, ctx.services.env);
  if (!opts.allowDangerous) checkPathString(expanded);
  const resolved = await realResolve(resolve(ctx.cwd, expanded));
  if (!opts.allowDangerous) {
    const stem = pathStem(resolved).toUpperCase();
    if (WINDOWS_DEVICES.has(stem)) {
      throw new NodeFailure(`Access to Windows device '${stem}' is not allowed.`, 'PathSecurityError');
    }
  }
  const root = ctx.services.fileRoot;
  if (typeof root === 'string') {
    const realRoot = await realResolve(resolve(root));
    if (!isInside(resolved, realRoot)) {
      throw new NodeFailure(`Path ${resolved} is outside the file root ${realRoot}`, 'PermissionError', 'CASARE_E_FILE_OUTSIDE_ROOT');
    }
  }
  return resolved;
}
