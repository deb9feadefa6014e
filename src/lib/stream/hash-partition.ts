/**
 * Hash partitioning for group-by / distinct over inputs larger than memory: rows are spread over
 * `partitions` spill files by a hash of their key, so all rows of one key land in one partition;
 * each partition is then read back whole and handed to the caller (which groups it in memory).
 * Memory = the largest partition. Output order: partition by partition, first appearance within
 * a partition. The temp dir is removed however it ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillReader, SpillWriter } from './spill-file.js';

export interface PartitionOptions {
  /** @default 16 */
  readonly partitions?: number;
  /** @default os.tmpdir() */
  readonly tempDir?: string;
}

/** FNV-1a over a string's UTF-16 units: cheap, stable across runs. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Append each row of `input` to `writers[hash(keyOf(row)) % writers.length]` (a row whose key is
 * null is dropped), then close the writers. Rows of one key always land in one file.
 */
export async function spillByKey<T>(input: AsyncIterable<readonly T[]>, keyOf: (row: T) => string | null, writers: readonly SpillWriter[]): Promise<void> {
  const p = writers.length;
  const parts: T[][] = Array.from({ length: p }, () => []);
  for await (const batch of input) {
    for (let i = 0; i < batch.length; i++) {
      const key = keyOf(batch[i]!);
      if (key !== null) parts[hashString(key) % p]!.push(batch[i]!);
    }
    for (let k = 0; k < p; k++) {
      if (parts[k]!.length > 0) { await writers[k]!.write(parts[k]!); parts[k] = []; }
    }
  }
  for (const w of writers) await w.close();
}

/** Spread `input` over partitions by `keyOf(row)`, then yield each partition's rows (non-empty ones). */
export async function* hashPartitions<T>(input: AsyncIterable<readonly T[]>, keyOf: (row: T) => string, opts: PartitionOptions = {}): AsyncGenerator<T[]> {
  const p = Math.max(1, opts.partitions ?? 16);
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'casare-part-'));
  const writers: SpillWriter[] = [];
  let reader: SpillReader | null = null;
  try {
    for (let k = 0; k < p; k++) writers.push(new SpillWriter(join(dir, `part-${k}.ndjson`)));
    await spillByKey(input, keyOf, writers);
    for (let k = 0; k < p; k++) {
      if (writers[k]!.rows === 0) continue;
      reader = new SpillReader(writers[k]!.path);
      const rows: T[] = [];
      for (let r = await reader.next(); r !== undefined; r = await reader.next()) rows.push(r as T);
      reader = null;
      yield rows;
    }
  } finally {
    await reader?.close().catch(() => undefined);
    for (const w of writers) w.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
