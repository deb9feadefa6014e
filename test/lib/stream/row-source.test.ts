import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RowSource, type RowSourceOptions } from '../../../src/lib/stream/row-source.js';
import { StreamError } from '../../../src/lib/stream/stream-error.js';
import { createZstdDecompressor } from '../../../src/load/zstd-decompressor.js';
import { ZstdFrameScanner } from '../../../src/load/zstd-frame-scanner.js';
import { checksum, genRows, toCsv, toNdjson, writeCompressed } from '../../nodes/batch/generate.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'casare-rowsrc-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const zstd = { createZstd: () => createZstdDecompressor(), createZstdScanner: () => new ZstdFrameScanner() };

async function readAll(path: string, opts: RowSourceOptions, size = 1000): Promise<{ rows: unknown[]; batches: number[] }> {
  const src = await RowSource.open(path, { ...zstd, ...opts });
  const rows: unknown[] = [];
  const batches: number[] = [];
  try {
    for (let b = await src.nextBatch(size); b !== null; b = await src.nextBatch(size)) { batches.push(b.length); rows.push(...b); }
  } finally {
    await src.close();
  }
  return { rows, batches };
}

async function failure(p: Promise<unknown>): Promise<StreamError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(StreamError); return e as StreamError; }
  throw new Error('expected a StreamError');
}

describe('RowSource', () => {
  const rows = genRows(20_000, 7);
  const ref = checksum(rows);

  for (const kind of ['none', 'gzip', 'zstd'] as const) {
    it(`reads CSV (${kind}) in batches with row count and checksum equal to the reference`, async () => {
      const p = join(dir, `rows-${kind}.csv`);
      await writeCompressed(p, toCsv(rows), kind);
      const { rows: got, batches } = await readAll(p, { format: 'csv' }, 3000);
      expect(got.length).toBe(rows.length);
      expect(batches.slice(0, -1).every((n) => n === 3000)).toBe(true);
      expect(checksum(got)).toBe(ref);
    });

    it(`reads NDJSON (${kind}) with typed values equal to the reference`, async () => {
      const p = join(dir, `rows-${kind}.ndjson`);
      await writeCompressed(p, toNdjson(rows), kind);
      const { rows: got } = await readAll(p, { format: 'ndjson' });
      expect(got).toEqual(rows);
    });
  }

  it('reads a JSON array under a key path of a bigger document, element by element', async () => {
    const p = join(dir, 'doc.json.gz');
    const doc = { meta: { note: 'a [tricky] "string", with {braces}', items: [1, 2] }, data: { items: rows.slice(0, 5000), after: [9] } };
    await writeCompressed(p, JSON.stringify(doc, null, 1), 'gzip');
    const { rows: got } = await readAll(p, { format: 'json_array', jsonPath: '$.data.items' }, 777);
    expect(got).toEqual(rows.slice(0, 5000));
    const root = join(dir, 'root.json');
    writeFileSync(root, JSON.stringify(rows.slice(0, 10)));
    expect((await readAll(root, { format: 'json_array' })).rows).toEqual(rows.slice(0, 10));
    const missing = await failure(readAll(p, { format: 'json_array', jsonPath: 'data.nothing' }));
    expect(missing.reason).toBe('not_found');
  });

  it('strips a UTF-8 BOM and decodes UTF-16LE with its BOM', async () => {
    const p8 = join(dir, 'bom8.csv');
    writeFileSync(p8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('név,x\nÁrvíztűrő,1\n')]));
    expect((await readAll(p8, { format: 'csv' })).rows).toEqual([{ név: 'Árvíztűrő', x: '1' }]);
    const p16 = join(dir, 'bom16.csv');
    writeFileSync(p16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\nü,2\n', 'utf16le')]));
    expect((await readAll(p16, { format: 'csv', encoding: 'utf-16le' })).rows).toEqual([{ a: 'ü', b: '2' }]);
  });

  it('rejects a ragged CSV row with bad_csv naming the data row and line', async () => {
    const p = join(dir, 'ragged.csv');
    writeFileSync(p, 'a,b\n1,2\n"x\ny",3\n4,5,6\n7,8\n');
    const e = await failure(readAll(p, { format: 'csv' }));
    expect(e.reason).toBe('bad_csv');
    expect(e.row).toBe(3);
    expect(e.line).toBe(5);
  });

  it('fails on a truncated .gz with corrupt and the stored byte offset, after delivering earlier rows', async () => {
    const p = join(dir, 'trunc.ndjson.gz');
    const full = await writeCompressed(p, toNdjson(rows), 'gzip');
    writeFileSync(p, full.subarray(0, Math.floor(full.length * 0.6)));
    const src = await RowSource.open(p, { format: 'ndjson' });
    let delivered = 0;
    const e = await failure((async () => { for (let b = await src.nextBatch(500); b !== null; b = await src.nextBatch(500)) delivered += b.length; })());
    await src.close();
    expect(e.reason).toBe('corrupt');
    expect(e.byteOffset).toBe(Math.floor(full.length * 0.6));
    expect(delivered).toBeGreaterThan(0);
    expect(e.row).toBe(delivered + 1);
  });

  it('fails on a truncated .zst with corrupt and a byte offset inside the file', async () => {
    const p = join(dir, 'trunc.ndjson.zst');
    const full = await writeCompressed(p, toNdjson(rows), 'zstd');
    const cut = Math.floor(full.length * 0.5);
    writeFileSync(p, full.subarray(0, cut));
    const e = await failure(readAll(p, { format: 'ndjson' }));
    expect(e.reason).toBe('corrupt');
    expect(e.byteOffset).toBeGreaterThan(0);
    expect(e.byteOffset).toBeLessThanOrEqual(cut);
  });

  it('stops at max_decompressed_bytes with too_large', async () => {
    const p = join(dir, 'big.ndjson.gz');
    await writeCompressed(p, toNdjson(rows), 'gzip');
    const e = await failure(readAll(p, { format: 'ndjson', maxDecodedBytes: 100_000 }));
    expect(e.reason).toBe('too_large');
    expect(e.byteOffset).toBeGreaterThan(0);
  });

  it('skips start_row rows (resume) and reports invalid NDJSON with its row', async () => {
    const p = join(dir, 'skip.ndjson');
    writeFileSync(p, toNdjson(rows.slice(0, 100)));
    const { rows: got } = await readAll(p, { format: 'ndjson', skipRows: 40 });
    expect(got).toEqual(rows.slice(40, 100));
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"a":1}\n\n{"a":2}\n{"a":\n');
    const e = await failure(readAll(bad, { format: 'ndjson' }));
    expect(e.reason).toBe('bad_json');
    expect(e.row).toBe(3);
  });
});
