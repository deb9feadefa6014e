import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../../support/run-node.js';
import { hashNode } from '../../../src/nodes/hash/hash-node.js';
import { gzipCompressNode, gzipDecompressNode } from '../../../src/nodes/hash/gzip-nodes.js';

let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-hash-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('HashNode', () => {
  it('hashes UTF-8 text with each algorithm', async () => {
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512']) {
      const r = await runNode(hashNode, { config: { algorithm, input_text: 'héllo' } });
      expect(r.outputs).toEqual({ hash: createHash(algorithm).update('héllo', 'utf8').digest('hex'), algorithm, size: 6, success: true });
    }
    expect((await runNode(hashNode, { config: { input_text: 'abc' } })).outputs['hash'])
      .toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('streams a file larger than one chunk and prefers file_path over text', async () => {
    const bytes = Buffer.alloc(1_000_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    await writeFile(join(dir, 'big.bin'), bytes);
    const r = await runNode(hashNode, { config: { file_path: 'big.bin', input_text: 'ignored', algorithm: 'sha1', output_format: 'base64' }, cwd: dir });
    expect(r.outputs['hash']).toBe(createHash('sha1').update(bytes).digest('base64'));
    expect(r.outputs['size']).toBe(bytes.length);
  });

  it('fails on an unknown algorithm and a missing file', async () => {
    expect((await runNode(hashNode, { config: { algorithm: 'crc32', input_text: 'x' } })).error?.errorType).toBe('ValueError');
    expect((await runNode(hashNode, { config: { file_path: 'nope.bin' }, cwd: dir })).error)
      .toEqual({ message: 'File not found: nope.bin', errorType: 'FileNotFoundError' });
  });
});

describe('GzipCompressNode / GzipDecompressNode', () => {
  it('round-trips text through a buffer and through files', async () => {
    const text = 'casare '.repeat(50_000);
    const c = await runNode(gzipCompressNode, { inputs: { data: text } });
    const gz = c.outputs['data'] as Buffer;
    expect(gunzipSync(gz).toString('utf8')).toBe(text);
    expect(c.outputs['original_size']).toBe(text.length);
    expect(c.outputs['size']).toBe(gz.length);
    const d = await runNode(gzipDecompressNode, { inputs: { data: gz.toString('base64') } });
    expect(d.outputs['data']).toBe(text);
    await writeFile(join(dir, 'in.txt'), text);
    const cf = await runNode(gzipCompressNode, { config: { file_path: 'in.txt', output_path: 'in.txt.gz' }, cwd: dir });
    expect(cf.outputs['output_path']).toBe(join(dir, 'in.txt.gz'));
    expect(gunzipSync(await readFile(join(dir, 'in.txt.gz'))).toString()).toBe(text);
    const df = await runNode(gzipDecompressNode, { config: { file_path: 'in.txt.gz', as_text: false }, cwd: dir });
    expect(Buffer.isBuffer(df.outputs['data'])).toBe(true);
    expect((df.outputs['data'] as Buffer).toString()).toBe(text);
  });

  it('refuses a gzip bomb and non-gzip input with typed errors', async () => {
    const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024));
    const b = await runNode(gzipDecompressNode, { inputs: { data: bomb }, config: { max_output_mb: 1 } });
    expect(b.error?.errorType).toBe('GzipBombError');
    const n = await runNode(gzipDecompressNode, { inputs: { data: Buffer.from('plain') } });
    expect(n.error?.errorType).toBe('BadGzipFile');
  });
});
