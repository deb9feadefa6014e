import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { externalSort } from '../../../src/lib/stream/external-sort.js';
import { hashPartitions } from '../../../src/lib/stream/hash-partition.js';
import { genRows, type GenRow } from '../../nodes/batch/generate.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'casare-sort-test-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

async function* batches<T>(rows: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function collect<T>(g: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of g) out.push(...b);
  return out;
}

// Few distinct cities: many ties, so stability is visible.
const byCityThenAmountDesc = (a: GenRow, b: GenRow): number => (a.city < b.city ? -1 : a.city > b.city ? 1 : b.amount - a.amount);
const byCity = (a: GenRow, b: GenRow): number => (a.city < b.city ? -1 : a.city > b.city ? 1 : 0);

describe('externalSort', () => {
  const rows = genRows(25_000, 11);

  it('spills runs and equals a stable in-memory sort (ties keep input order)', async () => {
    for (const cmp of [byCityThenAmountDesc, byCity]) {
      let runs = -1;
      const got = await collect(externalSort(batches(rows, 1000), cmp, { maxRowsInMemory: 3000, tempDir: dir, onRuns: (n) => { runs = n; } }));
      expect(runs).toBe(9);
      expect(got).toEqual(rows.slice().sort(cmp));
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sorts in memory without touching the disk when the input fits', async () => {
    let runs = -1;
    const got = await collect(externalSort(batches(rows.slice(0, 500), 100), byCity, { maxRowsInMemory: 1000, tempDir: dir, onRuns: (n) => { runs = n; } }));
    expect(runs).toBe(0);
    expect(got).toEqual(rows.slice(0, 500).sort(byCity));
  });

  it('removes its temp dir when the input fails mid-way and when the consumer stops early', async () => {
    async function* failing(): AsyncGenerator<GenRow[]> {
      yield rows.slice(0, 5000);
      throw new Error('source broke');
    }
    await expect(collect(externalSort(failing(), byCity, { maxRowsInMemory: 1000, tempDir: dir }))).rejects.toThrow('source broke');
    expect(readdirSync(dir)).toEqual([]);
    for await (const b of externalSort(batches(rows, 1000), byCity, { maxRowsInMemory: 2000, tempDir: dir, batchSize: 10 })) {
      expect(b.length).toBe(10);
      break;
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('hashPartitions', () => {
  it('puts every row of a key into one partition and loses no row', async () => {
    const rows = genRows(10_000, 3, false);
    const seen = new Map<string, number>();
    let total = 0;
    let k = 0;
    for await (const part of hashPartitions(batches(rows, 700), (r) => r.city, { partitions: 4, tempDir: dir })) {
      for (const r of part) {
        expect(seen.get(r.city) ?? k).toBe(k);
        seen.set(r.city, k);
      }
      total += part.length;
      k++;
    }
    expect(total).toBe(rows.length);
    expect(readdirSync(dir)).toEqual([]);
  });
});
