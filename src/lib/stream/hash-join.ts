/**
 * A join of two inputs larger than memory (Grace hash join): both sides are spread over the same
 * `partitions` spill files by a hash of their key, so rows that can match share a partition; then,
 * partition by partition, the right side is loaded into a hash index and the left side streamed
 * past it. Memory = the largest right partition plus one output batch. Output order: partition by
 * partition, left order within one, each left row's matches in right order. The temp dir is
 * removed however it ends.
 *
 * Keys: `leftKey` / `rightKey` return a Map key (a primitive, equal keys equal under SameValueZero)
 * or null for "no key" — such right rows never match, such left rows appear only in a left join.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillReader, SpillWriter } from './spill-file.js';
import { spillByKey } from './hash-partition.js';

type Row = Readonly<Record<string, unknown>>;

export interface HashJoinOptions {
  readonly how: 'inner' | 'left';
  /** @default 16 */
  readonly partitions?: number;
  /** @default os.tmpdir() */
  readonly tempDir?: string;
  /** Rows per yielded output batch. @default 5000 */
  readonly batchSize?: number;
}

export interface HashJoinStats {
  /** Rows in the largest right partition: what the join held in memory at once. */
  maxPartitionRows: number;
}

/** A partition file's name for a key: the key's text (1 and "1" share a partition; the index tells them apart). */
const text = (k: unknown): string => (typeof k === 'string' ? k : String(k));

export async function* hashJoin(left: AsyncIterable<readonly Row[]>, right: AsyncIterable<readonly Row[]>,
  leftKey: (r: Row) => unknown, rightKey: (r: Row) => unknown, opts: HashJoinOptions, stats?: HashJoinStats): AsyncGenerator<Row[]> {
  const p = Math.max(1, opts.partitions ?? 16);
  const size = Math.max(1, opts.batchSize ?? 5000);
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'casare-join-'));
  const lw: SpillWriter[] = [];
  const rw: SpillWriter[] = [];
  let reader: SpillReader | null = null;
  try {
    for (let k = 0; k < p; k++) {
      lw.push(new SpillWriter(join(dir, `left-${k}.ndjson`)));
      rw.push(new SpillWriter(join(dir, `right-${k}.ndjson`)));
    }
    await spillByKey(right, (r) => { const k = rightKey(r); return k === null ? null : text(k); }, rw);
    // A keyless left row can only come out of a left join, unmatched: it goes to the partition of ''.
    await spillByKey(left, (r) => { const k = leftKey(r); return k !== null ? text(k) : opts.how === 'left' ? '' : null; }, lw);
    let out: Row[] = [];
    for (let k = 0; k < p; k++) {
      if (lw[k]!.rows === 0 || (rw[k]!.rows === 0 && opts.how === 'inner')) continue;
      const index = new Map<unknown, Row[]>();
      reader = new SpillReader(rw[k]!.path);
      for (let r = await reader.next(); r !== undefined; r = await reader.next()) {
        const key = rightKey(r as Row);
        const list = index.get(key);
        if (list === undefined) index.set(key, [r as Row]); else list.push(r as Row);
      }
      if (stats !== undefined && rw[k]!.rows > stats.maxPartitionRows) stats.maxPartitionRows = rw[k]!.rows;
      reader = new SpillReader(lw[k]!.path);
      for (let l = await reader.next(); l !== undefined; l = await reader.next()) {
        const key = leftKey(l as Row);
        const matches = key === null ? undefined : index.get(key);
        if (matches === undefined) {
          if (opts.how === 'left') out.push({ ...(l as Row) });
        } else {
          for (const r of matches) out.push({ ...(l as Row), ...r });
        }
        if (out.length >= size) { yield out; out = []; }
      }
      reader = null;
    }
    if (out.length > 0) yield out;
  } finally {
    await reader?.close().catch(() => undefined);
    for (const w of [...lw, ...rw]) w.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
