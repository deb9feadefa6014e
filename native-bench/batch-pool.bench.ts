/**
 * Question: what does it cost to move a batch of rows to a pool thread and back, as row objects
 * (structured clone) vs column-encoded (src/lib/stream/column-codec.ts: tags, numbers and string
 * offsets in moved typed arrays, the strings as one flat string)? And what does BatchMapNode's
 * pooled path ('batch.map': only the columns read go out, only computed columns come back) cost the
 * main thread next to mapping inline?
 *
 * Rows: 10k of the batch-throughput shape (id, name, email, amount, city, note), from JSON.parse.
 * Main-thread parts (send = v8.serialize of what crosses, receive = v8.deserialize + rebuilding row
 * objects) and real pool round trips (diag.noop echoes its input; batch.map) in one run.
 * Baseline: sending 10k rows by structured clone.
 */
import { serialize, deserialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { WorkerPool } from '../src/pool/worker-pool.js';
import { columnBuffers, cellAt, encodeColumns, type EncodedColumns } from '../src/lib/stream/column-codec.js';
import { compileCached, copyRow, mapRow, RowScope } from '../src/nodes/batch/batch-map-node.js';
import { batchMapKernel, type BatchMapResult, type BatchMapTask } from '../src/nodes/batch/batch-map-kernel.js';

const KEYS = ['id', 'name', 'email', 'amount', 'city', 'note'];

function makeRows(n: number): Record<string, unknown>[] {
  const cities = ['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Rome', 'Vienna', 'Madrid', 'Prague'];
  const names = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'donald', 'ken', 'dennis'];
  let x = 12345;
  const r = (): number => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
  let text = '';
  for (let id = 1; id <= n; id++) {
    const name = `${names[r() % 8]} ${names[r() % 8]}`;
    text += JSON.stringify({ id, name, email: `${name.replace(' ', '.')}@example.com`, amount: (r() % 10000000) / 100, city: cities[r() % 8], note: r() % 10 === 0 ? 'needs "review", soon' : 'ok' }) + '\n';
  }
  return text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

const encodeWithTransfer = (rows: readonly unknown[], cols: readonly string[]): { enc: EncodedColumns; transfer: ArrayBuffer[] } => {
  const enc = encodeColumns(rows, cols)!;
  return { enc, transfer: columnBuffers(enc.columns, [enc.notDict]) };
};

export async function main(): Promise<void> {
  const n = isSmoke() ? 500 : 10_000;
  const rows = makeRows(n);
  const mapped = rows.map((o) => ({ ...o, city_upper: String(o['city']).toUpperCase() }));
  const mappedBytes = serialize(mapped);
  const task = (): BatchMapTask => ({ cols: encodeColumns(rows, ['id', 'email', 'city'])!, required: ['id', 'email'], names: ['city_upper'], exprs: ['city.upper()'], retries: 0, stopAtFirst: false });
  const resultBytes = serialize(batchMapKernel(task()));
  const merge = (res: BatchMapResult): unknown[] => {
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) { const o = copyRow(rows[i]!); o['city_upper'] = cellAt(res.out[0]!, i); out[i] = o; }
    return out;
  };
  const upper = compileCached('city.upper()');
  const pool = new WorkerPool({ threads: 1 });
  await pool.run('diag.noop', 0);
  await pool.run('batch.map', task());
  try {
    await runSuite('batch-pool', {
      [`send ${n} rows: structured clone (serialize)`]: () => { serialize(rows); },
      [`send ${n} rows: column-encode all 6 columns + serialize`]: () => { serialize(encodeColumns(rows, KEYS)); },
      [`send ${n} rows: column-encode the 3 columns a map reads + serialize`]: () => { serialize(encodeColumns(rows, ['id', 'email', 'city'])); },
      [`receive ${n} mapped rows: deserialize row objects`]: () => { deserialize(mappedBytes); },
      [`receive ${n} mapped rows: deserialize 1 computed column + merge into row copies`]: () => { merge(deserialize(resultBytes) as BatchMapResult); },
      [`pool round trip ${n} rows: cloned both ways (diag.noop)`]: async () => { await pool.run('diag.noop', rows); },
      [`pool round trip ${n} rows: column-encoded both ways (diag.noop)`]: async () => {
        const { enc, transfer } = encodeWithTransfer(rows, KEYS);
        await pool.run('diag.noop', enc, { transfer });
      },
      [`BatchMap ${n} rows (required 2, city.upper()) inline`]: () => {
        const scope = new RowScope();
        const out: unknown[] = [];
        for (const r of rows) out.push(mapRow(r, ['id', 'email'], ['city_upper'], [upper], scope));
      },
      [`BatchMap ${n} rows in the pool: encode + batch.map + merge`]: async () => {
        const t = task();
        merge(await pool.run<BatchMapResult>('batch.map', t, { transfer: columnBuffers(t.cols.columns) }));
      },
    }, { baseline: `send ${n} rows: structured clone (serialize)`, notes: { rows: n, rowBytesSerialized: serialize(rows).length, mappedBytes: mappedBytes.length, resultBytes: resultBytes.length } });
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
