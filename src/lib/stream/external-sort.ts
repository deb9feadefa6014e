/**
 * External merge sort with bounded memory: rows arrive in batches; every `maxRowsInMemory` rows are
 * sorted (Array.prototype.sort: stable) and spilled as a run file into a private temp dir; the runs
 * are merged with a binary heap ordered by (row, run index), so equal rows keep input order and
 * the result equals a stable in-memory sort of the whole input. Input that fits in one run never
 * touches the disk. The temp dir is removed however the sort ends (finally).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillReader, SpillWriter } from './spill-file.js';

export type Compare<T> = (a: T, b: T) => number;

export interface ExternalSortOptions {
  /** Rows held in memory before a run is spilled. @default 100000 */
  readonly maxRowsInMemory?: number;
  /** Parent of the private temp dir. @default os.tmpdir() */
  readonly tempDir?: string;
  /** Rows per output batch. @default 5000 */
  readonly batchSize?: number;
  /** Called with the number of runs spilled (0 = in memory). */
  readonly onRuns?: (runs: number) => void;
}

/** Sort `input` (batches of rows) and yield the sorted rows in batches. */
export async function* externalSort<T>(input: AsyncIterable<readonly T[]>, compare: Compare<T>, opts: ExternalSortOptions = {}): AsyncGenerator<T[]> {
  const max = Math.max(1, opts.maxRowsInMemory ?? 100_000);
  const outSize = Math.max(1, opts.batchSize ?? 5000);
  let dir: string | null = null;
  const runs: string[] = [];
  const readers: SpillReader[] = [];
  try {
    let buf: T[] = [];
    for await (const batch of input) {
      for (let i = 0; i < batch.length; i++) {
        buf.push(batch[i]!);
        if (buf.length >= max) {
          dir ??= await mkdtemp(join(opts.tempDir ?? tmpdir(), 'casare-sort-'));
          runs.push(await spillRun(buf.sort(compare), join(dir, `run-${runs.length}.ndjson`)));
          buf = [];
        }
      }
    }
    opts.onRuns?.(runs.length === 0 ? 0 : runs.length + (buf.length > 0 ? 1 : 0));
    if (runs.length === 0) {
      buf.sort(compare);
      for (let i = 0; i < buf.length; i += outSize) yield buf.slice(i, i + outSize);
      return;
    }
    if (buf.length > 0) { runs.push(await spillRun(buf.sort(compare), join(dir!, `run-${runs.length}.ndjson`))); buf = []; }
    for (const r of runs) readers.push(new SpillReader(r));
    yield* mergeRuns(readers, compare, outSize);
  } finally {
    for (const r of readers) await r.close().catch(() => undefined);
    if (dir !== null) await rm(dir, { recursive: true, force: true });
  }
}

async function spillRun(rows: readonly unknown[], path: string): Promise<string> {
  const w = new SpillWriter(path);
  try {
    const step = 5000;
    for (let i = 0; i < rows.length; i += step) await w.write(rows.slice(i, i + step));
    await w.close();
  } catch (e) {
    w.destroy();
    throw e;
  }
  return path;
}

async function* mergeRuns<T>(readers: SpillReader[], compare: Compare<T>, outSize: number): AsyncGenerator<T[]> {
  // Heap of run indexes, keyed by each run's current head row.
  const heads: (T | undefined)[] = new Array(readers.length);
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => {
    const c = compare(heads[a]!, heads[b]!);
    return c < 0 || (c === 0 && a < b);
  };
  const up = (k: number): void => {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!less(heap[k]!, heap[p]!)) break;
      [heap[k], heap[p]] = [heap[p]!, heap[k]!];
      k = p;
    }
  };
  const down = (k: number): void => {
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === k) return;
      [heap[k], heap[m]] = [heap[m]!, heap[k]!];
      k = m;
    }
  };
  for (let i = 0; i < readers.length; i++) {
    heads[i] = (await readers[i]!.next()) as T | undefined;
    if (heads[i] !== undefined) { heap.push(i); up(heap.length - 1); }
  }
  let out: T[] = [];
  while (heap.length > 0) {
    const i = heap[0]!;
    out.push(heads[i]!);
    if (out.length >= outSize) { yield out; out = []; }
    const nxt = (await readers[i]!.next()) as T | undefined;
    heads[i] = nxt;
    if (nxt === undefined) {
      const last = heap.pop()!;
      if (heap.length > 0) { heap[0] = last; down(0); }
    } else down(0);
  }
  if (out.length > 0) yield out;
}
