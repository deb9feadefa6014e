/**
 * Seeded test data for the batch tests and benchmarks: rows with an id, a name (with commas,
 * quotes and newlines now and then), an amount and a city; written as CSV or NDJSON, optionally
 * gzip- or zstd-compressed. Nothing big is kept in git: every file is made by the test.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { loadZstdCodecStreams } from '../../../src/load/zstd-decompressor.js';

export interface GenRow { id: number; name: string; amount: number; city: string }

const CITIES = ['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Rome', 'Vienna', 'Madrid', 'Prague'];
const PARTS = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'donald', 'ken', 'dennis', 'linus', 'guido'];

export function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

export function genRows(n: number, seed: number, tricky = true): GenRow[] {
  const r = rng(seed);
  const rows: GenRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let name = `${PARTS[Math.floor(r() * PARTS.length)]} ${PARTS[Math.floor(r() * PARTS.length)]}`;
    if (tricky) {
      const t = r();
      if (t < 0.05) name += ', jr';
      else if (t < 0.08) name = `"${name}" the 2nd`;
      else if (t < 0.1) name += '\nline two';
    }
    rows[i] = { id: i + 1, name, amount: Math.round(r() * 1e6) / 100, city: CITIES[Math.floor(r() * CITIES.length)]! };
  }
  return rows;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly GenRow[], eol = '\n'): string {
  let s = `id,name,amount,city${eol}`;
  for (const r of rows) s += `${r.id},${csvCell(r.name)},${r.amount},${csvCell(r.city)}${eol}`;
  return s;
}

export function toNdjson(rows: readonly unknown[]): string {
  let s = '';
  for (const r of rows) s += JSON.stringify(r) + '\n';
  return s;
}

export async function zstdCompress(data: Buffer): Promise<Buffer> {
  const s = await loadZstdCodecStreams();
  const t = new s.ZstdCompressTransform(3);
  const chunks: Buffer[] = [];
  t.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { t.on('end', resolve); t.on('error', reject); });
  for (let i = 0; i < data.length; i += 1 << 20) t.write(data.subarray(i, i + (1 << 20)));
  t.end();
  await done;
  return Buffer.concat(chunks);
}

export async function writeCompressed(path: string, text: string, kind: 'none' | 'gzip' | 'zstd'): Promise<Buffer> {
  const raw = Buffer.from(text);
  const data = kind === 'gzip' ? gzipSync(raw) : kind === 'zstd' ? await zstdCompress(raw) : raw;
  writeFileSync(path, data);
  return data;
}

/** Order-sensitive checksum of rows as compared fields (CSV values are strings: normalise to strings). */
export function checksum(rows: Iterable<unknown>, fields: readonly string[] = ['id', 'name', 'amount', 'city']): string {
  const h = createHash('sha256');
  for (const r of rows) {
    const o = r as Record<string, unknown>;
    h.update(fields.map((f) => String(o[f])).join('\u0001') + '\u0002');
  }
  return h.digest('hex');
}
