import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { xxh3 } from '@node-rs/xxhash';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, readWorkflowBytes } from '../../src/load/open-source.js';
import { CONTENT_KEY_ALGORITHM, createContentHasher } from '../../src/load/content-key.js';
import { createHash } from 'node:crypto';
import { gzip, gzipBombStream, zstdCompress } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'casare-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** XXH3-64 by the package's one-shot function: the loader streams the bytes through its hasher instead. */
const key = (bytes: Uint8Array): string => xxh3.xxh64(bytes).toString(16).padStart(16, '0');

const json = JSON.stringify({ metadata: { name: 'x' }, nodes: {}, big: 'é'.repeat(300_000) });

async function code(p: Promise<unknown> | unknown): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('readWorkflowBytes', () => {
  it('keys the cache by XXH3 (the native hasher loaded, not the sha256 fallback); both give one key for any chunking', () => {
    expect(CONTENT_KEY_ALGORITHM).toBe('xxh3-64');
    const bytes = Buffer.from(json);
    const chunked = (algorithm: 'xxh3-64' | 'sha256'): string => {
      const h = createContentHasher(algorithm);
      for (let i = 0; i < bytes.length; i += 100_000) h.update(bytes.subarray(i, i + 100_000));
      return h.digest();
    };
    expect(chunked('xxh3-64')).toBe(key(bytes));
    expect(chunked('sha256')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reads .json, .json.gz and .json.zst files to the same text with a hash of the stored bytes', async () => {
    const gz = gzip(json);
    const zst = await zstdCompress(Buffer.from(json));
    writeFileSync(join(dir, 'a.json'), json);
    writeFileSync(join(dir, 'a.json.gz'), gz);
    writeFileSync(join(dir, 'a.json.zst'), zst);
    const a = await readWorkflowBytes(join(dir, 'a.json'), { maxBytes: DEFAULT_MAX_BYTES });
    const b = await readWorkflowBytes(join(dir, 'a.json.gz'), { maxBytes: DEFAULT_MAX_BYTES });
    const c = await readWorkflowBytes(join(dir, 'a.json.zst'), { maxBytes: DEFAULT_MAX_BYTES });
    expect([a.format, b.format, c.format]).toEqual(['json', 'gzip', 'zstd']);
    expect(b.text).toBe(json);
    expect(c.text).toBe(json);
    expect(a.text).toBe(json);
    expect(b.storedBytes).toBe(gz.length);
    expect(b.hash).toBe(key(gz));
    expect(a.hash).toBe(key(Buffer.from(json)));
    expect(c.hash).toBe(key(zst));
  });

  it('sniffs compression by magic bytes, not the name, for bytes and streams', async () => {
    const gz = gzip(json);
    const fromBytes = await readWorkflowBytes(gz, { maxBytes: DEFAULT_MAX_BYTES });
    expect(fromBytes.format).toBe('gzip');
    expect(fromBytes.text).toBe(json);
    const fromStream = await readWorkflowBytes(Readable.from([gz.subarray(0, 1), gz.subarray(1, 3), gz.subarray(3)]), { maxBytes: DEFAULT_MAX_BYTES });
    expect(fromStream.text).toBe(json);
  });

  it('returns plain JSON bytes synchronously and strips a BOM', () => {
    const r = readWorkflowBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), { maxBytes: 100 });
    expect(r).not.toBeInstanceOf(Promise);
    expect((r as { text: string }).text).toBe('{"a":1}');
  });

  it('rejects a gzip bomb (1 GiB of zeros) with CASARE_E_LOAD_TOO_LARGE before inflating it all', async () => {
    const started = performance.now();
    const err = await Promise.resolve(readWorkflowBytes(gzipBombStream(), { maxBytes: 8 * 1024 * 1024, file: 'bomb.json.gz' })).catch((e) => e);
    expect(err.code).toBe('CASARE_E_LOAD_TOO_LARGE');
    expect(err.where.file).toBe('bomb.json.gz');
    // Inflating the full GiB takes seconds here; stopping at the cap takes a small fraction.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects a zstd stream that inflates past maxBytes', async () => {
    const zst = await zstdCompress(Buffer.alloc(32 * 1024 * 1024, 0x20));
    expect(await code(readWorkflowBytes(zst, { maxBytes: 1024 * 1024 }))).toBe('CASARE_E_LOAD_TOO_LARGE');
  });

  it('rejects a file larger than maxBytes', async () => {
    writeFileSync(join(dir, 'big.json'), json);
    expect(await code(readWorkflowBytes(join(dir, 'big.json'), { maxBytes: 1000 }))).toBe('CASARE_E_LOAD_TOO_LARGE');
  });

  it('reports truncated gzip and zstd as CASARE_E_LOAD_BAD_COMPRESSION with an offset', async () => {
    const gz = gzip(json);
    const e1 = await Promise.resolve(readWorkflowBytes(gz.subarray(0, gz.length - 20), { maxBytes: DEFAULT_MAX_BYTES })).catch((e) => e);
    expect(e1.code).toBe('CASARE_E_LOAD_BAD_COMPRESSION');
    expect(typeof e1.where.offset).toBe('number');
    const zst = await zstdCompress(Buffer.from(json));
    const e2 = await Promise.resolve(readWorkflowBytes(zst.subarray(0, Math.floor(zst.length / 2)), { maxBytes: DEFAULT_MAX_BYTES })).catch((e) => e);
    expect(e2.code).toBe('CASARE_E_LOAD_BAD_COMPRESSION');
    expect(e2.where.offset).toBe(Math.floor(zst.length / 2));
    const corrupt = Buffer.from(zst);
    corrupt.fill(0xff, 4, 40);
    expect(await code(readWorkflowBytes(corrupt, { maxBytes: DEFAULT_MAX_BYTES }))).toBe('CASARE_E_LOAD_BAD_COMPRESSION');
  });

  it('rejects a .json.gz name whose content is not gzip', async () => {
    writeFileSync(join(dir, 'fake.json.gz'), json);
    expect(await code(readWorkflowBytes(join(dir, 'fake.json.gz'), { maxBytes: DEFAULT_MAX_BYTES }))).toBe('CASARE_E_LOAD_BAD_COMPRESSION');
  });

  it('reports a missing file as CASARE_E_LOAD_NOT_FOUND', async () => {
    const err = await Promise.resolve(readWorkflowBytes(join(dir, 'nope.json'), { maxBytes: 10 })).catch((e) => e);
    expect(err.code).toBe('CASARE_E_LOAD_NOT_FOUND');
    expect(err.where.file).toBe(join(dir, 'nope.json'));
  });

  it('reports invalid UTF-8 as CASARE_E_LOAD_BAD_ENCODING with the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"ok\uFFFD '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    let err: { code: string; where: { offset: number } } | undefined;
    try {
      readWorkflowBytes(bytes, { maxBytes: 100 });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe('CASARE_E_LOAD_BAD_ENCODING');
    expect(err?.where.offset).toBe(Buffer.byteLength('{"a":"ok\uFFFD '));
  });

  it('decodes large ASCII and non-ASCII JSON bytes to the same text and key, and reports bad UTF-8 with its offset', () => {
    const ascii = Buffer.from(JSON.stringify({ nodes: {}, pad: 'x'.repeat(700_000) }));
    const text = readWorkflowBytes(ascii, { maxBytes: DEFAULT_MAX_BYTES }) as { text: string; hash: string };
    expect(text.text).toBe(ascii.toString('utf8'));
    expect(text.hash).toBe(key(ascii));
    const big = Buffer.from(json); // 'é' throughout: the validating path
    const r = readWorkflowBytes(big, { maxBytes: DEFAULT_MAX_BYTES }) as { text: string; hash: string };
    expect(r.text).toBe(json);
    expect(r.hash).toBe(key(big));
    let at = 400_000;
    while ((big[at]! & 0xc0) === 0x80) at++; // a character boundary, not inside an 'é'
    const bad = Buffer.concat([big.subarray(0, at), Buffer.from([0xff]), big.subarray(at)]);
    let err: { code: string; where: { offset: number } } | undefined;
    try {
      readWorkflowBytes(bad, { maxBytes: DEFAULT_MAX_BYTES });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe('CASARE_E_LOAD_BAD_ENCODING');
    expect(err?.where.offset).toBe(at);
  });



});
