/**
 * Question: how long does a full load (read, decompress, parse, validate, migrate, compile) of a
 * 10,000-node workflow take, against bare decompress + JSON.parse of the same bytes; and what does a
 * plan-cache hit cost against a cold load? Target (issue 3): ≤ 1.5× bare; hit ≤ 1 % of cold.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runSuite, isSmoke } from './support/harness.js';
import { wideWorkflow } from './support/generate.js';
import { createEngine } from '../src/index.js';
import { readWorkflowBytes } from '../src/load/open-source.js';

const require = createRequire(import.meta.url);
const N = isSmoke() ? 500 : 10_000;

function zstdCompress(data: Uint8Array): Promise<Uint8Array> {
  const { ZstdCodec } = require('zstd-codec') as { ZstdCodec: { run(cb: (z: { Simple: new () => { compress(d: Uint8Array, level: number): Uint8Array } }) => void): void } };
  return new Promise((resolve) => ZstdCodec.run((z) => resolve(new z.Simple().compress(data, 6))));
}

export async function main(): Promise<void> {
  const json = Buffer.from(JSON.stringify(wideWorkflow(N)));
  const gz = gzipSync(json, { level: 6 });
  const zst = Buffer.from(await zstdCompress(json));
  const dir = mkdtempSync(join(tmpdir(), 'casare-bench-'));
  const path = join(dir, 'w.json');
  writeFileSync(path, json);
  const cold = () => createEngine({ monitorEventLoop: false, cache: { maxEntries: 0 } });
  const eCold = cold();
  const eWarm = createEngine({ monitorEventLoop: false });
  await eWarm.load(path);
  const hit = await eWarm.load(path);
  if (!hit.cacheHit) throw new Error('expected a cache hit');

  await runSuite('load-10k', {
    'bare: JSON.parse(.json)': () => { JSON.parse(json.toString('utf8')); },
    'casare: full load .json': async () => { await eCold.load(json); },
    'bare: gunzip + JSON.parse': () => { JSON.parse(gunzipSync(gz).toString('utf8')); },
    'casare: full load .json.gz': async () => { await eCold.load(gz); },
    'bare: zstd stream decode + JSON.parse': async () => { JSON.parse((await readWorkflowBytes(zst, { maxBytes: 1 << 30 })).text); },
    'casare: full load .json.zst': async () => { await eCold.load(zst); },
    'casare: cold load from path': async () => { await eCold.load(path); },
    'casare: cache hit from path': async () => { await eWarm.load(path); },
  }, { baseline: 'bare: JSON.parse(.json)', notes: { nodes: N, jsonBytes: json.length, gzBytes: gz.length, zstBytes: zst.length } });
  await eCold.close();
  await eWarm.close();
}
