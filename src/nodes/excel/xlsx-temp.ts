/**
 * exceljs's streaming reader buffers every worksheet that precedes sharedStrings.xml (Excel's own
 * zip order; all of them when the file has no shared strings) in a temp file it asks the `tmp`
 * package for, and deletes it only after parsing that sheet to its end, outside any `finally`: a
 * read that stops early (the one sheet asked for out of several, `max_rows`) left its files in
 * the temp directory until the process exited — in a long-running engine, for good. Worse, the
 * reader attaches the zip entry to that file only in tmp's callback, after tmp's asynchronous
 * realpath + open: when that took longer (a temp dir a few levels deep was enough) the entry's
 * data went by unread and the read failed ("Cannot read properties of undefined (reading
 * 'sheets')", test/nodes/excel).
 *
 * Reads therefore run in a scope: `tmp.file` (the one call exceljs makes) is wrapped so that in a
 * scope it answers at once, synchronously, with a fresh name in the scope's own 0700 directory
 * (exceljs opens the file itself and never uses the descriptor), and the directory is removed
 * when the read ends, however it ends. The scope follows the read through AsyncLocalStorage, so
 * concurrent reads each remove only their own files; calls outside a scope go to tmp unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type TmpCallback = (err: Error | null, path?: string, fd?: number, cleanup?: () => void) => void;
type TmpFile = (options: unknown, callback?: unknown) => unknown;
interface TmpModule { file: TmpFile }
interface Scope { readonly dir: string; files: number }

const scope = new AsyncLocalStorage<Scope>();
let patched = false;

/** `tmp` as exceljs resolves it (its own dependency, not ours), wrapped once. */
function patchTmp(): void {
  if (patched) return;
  patched = true;
  const req = createRequire(import.meta.url);
  const tmp = createRequire(req.resolve('exceljs'))('tmp') as TmpModule;
  const original = tmp.file;
  tmp.file = function file(this: unknown, options: unknown, callback?: unknown): unknown {
    const s = scope.getStore();
    const cb = (typeof options === 'function' ? options : callback) as TmpCallback | undefined;
    if (s === undefined || typeof cb !== 'function') return original.call(this, options, callback);
    const path = join(s.dir, `part-${++s.files}.xml`);
    cb(null, path, -1, () => rmSync(path, { force: true }));
    return undefined;
  };
}

/** Runs `read` (which drives an exceljs WorkbookReader) and removes every temp file it made. */
export async function withXlsxTempScope<T>(read: () => Promise<T>): Promise<T> {
  patchTmp();
  const dir = await mkdtemp(join(tmpdir(), 'casare-xlsx-'));
  try {
    return await scope.run({ dir, files: 0 }, read);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
