/**
 * The engine's plan cache: keyed by a fast content hash, every hit confirmed by the stored bytes;
 * bytes in memory are looked up before decoding; a path is read again only when its stat changed.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { mathChain } from '../../native-bench/support/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'casare-plan-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two workflows whose JSON texts have the same length and differ in one digit. */
const textA = JSON.stringify(mathChain(20));
const textB = textA.replace('"b":1', '"b":7');

describe('plan cache', () => {
  it('hits for the same bytes, and keeps its own copy of a caller buffer that is later reused', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    try {
      const buf = Buffer.from(textA);
      const first = await engine.load(buf);
      expect(first.cacheHit).toBe(false);
      const again = await engine.load(Buffer.from(textA));
      expect(again.cacheHit).toBe(true);
      expect(again.plan).toBe(first.plan);
      buf.write(textB); // the caller reuses its buffer for another workflow
      const other = await engine.load(buf);
      expect(other.cacheHit).toBe(false);
      expect(other.plan).not.toBe(first.plan);
      const back = await engine.load(Buffer.from(textA));
      expect(back.plan).toBe(first.plan);
      expect(engine.cacheStats).toMatchObject({ hits: 2, misses: 2, entries: 2 });
    } finally {
      await engine.close();
    }
  });

  it('hits for gzip bytes by the compressed bytes, and runs the cached plan', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    try {
      const gz = gzipSync(textA);
      const first = await engine.load(gz);
      const again = await engine.load(Buffer.from(gz));
      expect(again.cacheHit).toBe(true);
      expect(again.plan).toBe(first.plan);
      const r = await engine.run(again, { retain: 'all' });
      expect(r.status).toBe('success');
      expect(r.outputs['m19']).toEqual({ result: 20 });
    } finally {
      await engine.close();
    }
  });

  it('reads a touched file again: the same content is a hit, other content of the same size a miss', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    const path = join(dir, 'flow.json');
    try {
      writeFileSync(path, textA);
      const first = await engine.load(path);
      expect((await engine.load(path)).plan).toBe(first.plan); // unchanged stat: no read
      writeFileSync(path, textA);
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      const touched = await engine.load(path);
      expect(touched.cacheHit).toBe(true);
      expect(touched.plan).toBe(first.plan);
      writeFileSync(path, textB);
      utimesSync(path, new Date(), new Date(Date.now() + 10_000));
      const changed = await engine.load(path);
      expect(changed.cacheHit).toBe(false);
      expect(changed.plan.nodes.find((n) => n.id === 'm0')!.fileConfig['b']).toBe(7);
    } finally {
      await engine.close();
    }
  });

  it('never hits with the cache turned off', async () => {
    const engine = createEngine({ monitorEventLoop: false, cache: { maxEntries: 0 } });
    try {
      const a = await engine.load(Buffer.from(textA));
      const b = await engine.load(Buffer.from(textA));
      expect(b.cacheHit).toBe(false);
      expect(b.plan).not.toBe(a.plan);
      expect(engine.cacheStats.entries).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
