/**
 * A slow sink slows the reader: a 192 MB (decoded) NDJSON.gz read in batches and written through a
 * RecordWriter by a consumer that sleeps per batch keeps RSS growth below the input size,
 * because the RowSource reads only when asked (no read-ahead beyond one compressed chunk).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RowSource } from '../../../src/lib/stream/row-source.js';
import { RecordWriter } from '../../../src/lib/stream/record-writer.js';

const DECODED_MB = 192;
let dir: string;
let input: string;
let decodedBytes = 0;
let totalRows = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'casare-bp-'));
  input = join(dir, 'big.ndjson.gz');
  // Generated in a child process so this process's heap starts clean for the RSS baseline.
  const script = `
    const zlib = require('node:zlib'); const fs = require('node:fs');
    const gz = zlib.createGzip({ level: 1 }); const ws = fs.createWriteStream(process.argv[1]); gz.pipe(ws);
    const cities = ['Berlin', 'Paris', 'Lisbon', 'Oslo'];
    let bytes = 0, rows = 0, x = 42;
    function block() { let s = ''; for (let i = 0; i < 10000; i++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      s += JSON.stringify({ id: ++rows, name: 'name-' + (x % 100000), amount: (x % 1000000) / 100, city: cities[x % 4] }) + '\\n'; } return s; }
    (async () => { while (bytes < ${DECODED_MB} * 1048576) { const t = block(); bytes += Buffer.byteLength(t);
      if (!gz.write(t)) await new Promise((r) => gz.once('drain', r)); }
      gz.end(); ws.on('close', () => process.stdout.write(JSON.stringify({ bytes, rows }))); })();`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script, input], { encoding: 'utf8' })) as { bytes: number; rows: number };
  decodedBytes = out.bytes;
  totalRows = out.rows;
}, 120_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('backpressure', () => {
  it('keeps RSS growth bounded while a slow sink consumes a large compressed input', async () => {
    await sleep(50);
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const src = await RowSource.open(input, { format: 'ndjson' });
    const out = await RecordWriter.open(join(dir, 'out.ndjson'), { format: 'ndjson' });
    let rows = 0;
    try {
      for (let b = await src.nextBatch(5000); b !== null; b = await src.nextBatch(5000)) {
        await out.write(b);
        rows += b.length;
        if (rows % 50_000 === 0) await sleep(2); // the slow part of the sink
      }
      await out.close();
    } finally {
      clearInterval(timer);
      await src.close();
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - base) / 2 ** 20;
    console.log(`decoded ${(decodedBytes / 2 ** 20).toFixed(0)} MB, ${rows} rows, RSS growth ${growthMb.toFixed(1)} MB`);
    expect(rows).toBe(totalRows);
    // Unbounded read-ahead would hold the whole input (>= 2x its size as JS rows). Bounded, growth is
    // the garbage collector's headroom, which depends on the V8 version: 44-63 MB on Node 20, 126-129 MB
    // on Node 24, where it plateaus (96 MB input: 66 MB, 192: 128, 384: 131). Below the decoded input
    // size separates the two.
    expect(growthMb).toBeLessThan(DECODED_MB);
  }, 120_000);
});
