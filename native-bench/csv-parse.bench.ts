/**
 * Question: is Casare's own streaming CSV parser (src/lib/stream/csv-parser.ts) worth keeping over
 * the well-kept papaparse? Same seeded text (rows like the batch bench's: 6 columns, a quoted field
 * with doubled quotes in every tenth row), fed to ours in 256 KiB chunks as the batch reader does,
 * and to papaparse whole (its fastest mode) and through its Node stream (what a streamed reader
 * would use). Every task must produce the same record count. Baseline: ours.
 */
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import Papa from 'papaparse';
import { runSuite, isSmoke } from './support/harness.js';
import { CsvParser } from '../src/lib/stream/csv-parser.js';

const CHUNK = 256 * 1024;

function csvText(rows: number): string {
  const cities = ['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Rome', 'Vienna', 'Madrid', 'Prague'];
  const names = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'donald', 'ken', 'dennis'];
  let x = 12345;
  const r = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  const out: string[] = ['id,name,email,amount,city,note'];
  for (let id = 1; id <= rows; id++) {
    const name = `${names[r() % 8]} ${names[r() % 8]}`;
    const note = r() % 10 === 0 ? '"needs ""review"", soon"' : 'ok';
    out.push(`${id},${name},${name.replace(' ', '.')}@example.com,${(r() % 10_000_000) / 100},${cities[r() % 8]},${note}`);
  }
  return out.join('\n') + '\n';
}

function ours(text: string): number {
  const p = new CsvParser();
  const out: string[][] = [];
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK) {
    out.length = 0;
    p.push(text.slice(i, i + CHUNK), out);
    n += out.length;
  }
  out.length = 0;
  p.finish(out);
  return n + out.length;
}

const papaWhole = (text: string): number => Papa.parse<string[]>(text, { skipEmptyLines: true }).data.length;

function papaStream(text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const s = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true }) as unknown as NodeJS.ReadWriteStream;
    s.on('error', reject);
    s.pipe(new Writable({ objectMode: true, write(_rec, _enc, cb) { n++; cb(); } })).on('finish', () => resolve(n));
    for (let i = 0; i < text.length; i += CHUNK) s.write(text.slice(i, i + CHUNK));
    s.end();
  });
}

export async function main(): Promise<void> {
  const rows = isSmoke() ? 2_000 : 200_000;
  const text = csvText(rows);
  const want = rows + 1;
  for (const [name, n] of [['ours', ours(text)], ['papaparse', papaWhole(text)], ['papaparse stream', await papaStream(text)]] as const) {
    if (n !== want) throw new Error(`${name} read ${n} records, expected ${want}`);
  }
  await runSuite('csv-parse', {
    'casare CsvParser, 256 KiB chunks': () => { ours(text); },
    'papaparse, whole text': () => { papaWhole(text); },
    'papaparse, Node stream, 256 KiB chunks': async () => { await papaStream(text); },
  }, { baseline: 'casare CsvParser, 256 KiB chunks', notes: { rows, textBytes: text.length } });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
