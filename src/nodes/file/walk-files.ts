/**
 * Files below a directory in a stable order (each directory's entries sorted by name, depth first):
 * listings compare across machines. Shared by the ZIP and image families.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface WalkOptions {
  /** Descend into subdirectories. @default true */
  readonly recursive?: boolean;
  /** A directory not to enter (e.g. the output directory of a conversion). */
  readonly skipDir?: string;
  /** Keep a file when this returns true (by its name). */
  readonly accept?: (name: string) => boolean;
}

export async function walkFiles(dir: string, opts: WalkOptions = {}): Promise<string[]> {
  const recursive = opts.recursive ?? true;
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    const ents = await readdir(d, { withFileTypes: true });
    ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of ents) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (recursive && p !== opts.skipDir) await visit(p);
      } else if (e.isFile() && (opts.accept === undefined || opts.accept(e.name))) {
        out.push(p);
      }
    }
  };
  await visit(dir);
  return out;
}
