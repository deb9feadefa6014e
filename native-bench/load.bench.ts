/**
 * Question: how long does a full load (read, decompress, parse, validate, migrate, compile) of a
 * 10,000-node workflow take, against bare decompress + JSON.parse of the same bytes; and what does a
 * plan-cache hit cost against a cold load? Target (issue 3): ≤ 1.5× bare; hit ≤ 1 % of cold.
 * `floor` is the least any loader that validates and keeps the configs must do, by hand (see
 * support/load-floor.ts): floor / bare bounds the ratio any design reaches here, full / floor is
 * what Casare's own checks and compile cost on top.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runSuite, isSmoke } from './support/harness.js';
import { wideWorkflow } from './support/generate.js';
import { floorLoad } from './support/load-floor.js';
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

  // The floor must see the whole workflow, or it measures less than the load does.
  const check = floorLoad(json);
  if (check.nodes.length !== N || check.problems !== 0) throw new Error(`floor loader read ${check.nodes.length} nodes, ${check.problems} problems`);

  const report = await runSuite('load-10k', {
    'bare: JSON.parse(.json)': () => { JSON.parse(json.toString('utf8')); },
    'floor: minimal load by hand .json': () => { floorLoad(json); },
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
  // The ratio pairs each format with its own bare decode: print those pairs explicitly.
  const row = (name: string) => report.tasks.find((t) => t.name === name)!;
  const pairs: [string, string, string][] = [
    ['.json', 'casare: full load .json', 'bare: JSON.parse(.json)'],
    ['.json.gz', 'casare: full load .json.gz', 'bare: gunzip + JSON.parse'],
    ['.json.zst', 'casare: full load .json.zst', 'bare: zstd stream decode + JSON.parse'],
  ];
  const lines = ['full load / bare decode+parse of the same bytes (goal <= 1.5x):'];
  for (const [fmt, ours, bare] of pairs) {
    const o = row(ours);
    const b = row(bare);
    lines.push(`  ${fmt.padEnd(10)} median ${(o.medianMs / b.medianMs).toFixed(2)}x   fastest sample ${(o.minMs / b.minMs).toFixed(2)}x`);
  }
  const floor = row('floor: minimal load by hand .json');
  const full = row('casare: full load .json');
  const bareJson = row('bare: JSON.parse(.json)');
  lines.push(`floor (least work of any validating loader) / bare, .json: median ${(floor.medianMs / bareJson.medianMs).toFixed(2)}x   fastest sample ${(floor.minMs / bareJson.minMs).toFixed(2)}x`);
  lines.push(`full load / floor, .json: median ${(full.medianMs / floor.medianMs).toFixed(2)}x   fastest sample ${(full.minMs / floor.minMs).toFixed(2)}x`);
  const hitMs = row('casare: cache hit from path').medianMs;
  const coldMs = row('casare: cold load from path').medianMs;
  lines.push(`cache hit / cold load from path: ${((hitMs / coldMs) * 100).toFixed(3)} % (goal <= 1 %)`);
  if (!report.smoke) console.log(lines.join('\n'));
}
