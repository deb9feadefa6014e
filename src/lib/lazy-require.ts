/**
 * Load a CommonJS package on first use instead of at import time. The CLI imports every node family;
 * loading playwright-core, exceljs, undici, pg, sharp, re2 and piscina eagerly cost ~1 s of start-up
 * before any workflow was read (node -e 0: 0.08 s). Types still come from `import type`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}
