/**
 * Node fs errors rendered as Python OSError texts (`[Errno 2] No such file or directory: '<p>'`) with
 * the Python exception class as error type, so file-node failures read as CasareRPA's do.
 */
import { NodeFailure } from '../types.js';
import { pyRepr } from '../../lib/py/str.js';

const ERRNO: Readonly<Record<string, readonly [number, string, string]>> = {
  ENOENT: [2, 'No such file or directory', 'FileNotFoundError'],
  EEXIST: [17, 'File exists', 'FileExistsError'],
  EISDIR: [21, 'Is a directory', 'IsADirectoryError'],
  ENOTDIR: [20, 'Not a directory', 'NotADirectoryError'],
  EACCES: [13, 'Permission denied', 'PermissionError'],
  EPERM: [1, 'Operation not permitted', 'PermissionError'],
  ENOTEMPTY: [39, 'Directory not empty', 'OSError'],
  ENOSPC: [28, 'No space left on device', 'OSError'],
  EXDEV: [18, 'Invalid cross-device link', 'OSError'],
  EMFILE: [24, 'Too many open files', 'OSError'],
  ENAMETOOLONG: [36, 'File name too long', 'OSError'],
};

/** Wrap a foreign fs error once, keeping it as cause; NodeFailures pass through unchanged. */
export function toOsFailure(e: unknown, path?: string): Error {
  if (e instanceof NodeFailure) return e;
  const err = e as NodeJS.ErrnoException;
  const known = err.code === undefined ? undefined : ERRNO[err.code];
  if (known === undefined) return err instanceof Error ? err : new Error(String(e));
  const p = path ?? err.path;
  const msg = `[Errno ${known[0]}] ${known[1]}${p === undefined ? '' : `: ${pyRepr(p)}`}`;
  const f = new NodeFailure(msg, known[2]);
  (f as Error).cause = e;
  return f;
}
