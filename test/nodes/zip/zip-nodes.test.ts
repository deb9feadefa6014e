import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { runNode } from '../../support/run-node.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { unzipBufferNode, unzipFilesNode, zipBufferNode, zipFilesNode } from '../../../src/nodes/zip/zip-nodes.js';

let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-zip-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
const pool = new WorkerPool({ threads: 1 });
afterAll(async () => { await pool.destroy(); });

async function tree(): Promise<void> {
  await mkdir(join(dir, 'src/sub'), { recursive: true });
  await writeFile(join(dir, 'src/a.txt'), 'alpha');
  await writeFile(join(dir, 'src/sub/b.csv'), 'x,y\n1,2\n');
  await writeFile(join(dir, 'src/sub/c.txt'), 'gamma');
}

describe('ZipFilesNode', () => {
  it('zips a directory with names relative to it and reports the absolute archive path', async () => {
    await tree();
    const r = await runNode(zipFilesNode, { config: { zip_path: 'out/a.zip', source_path: 'src' }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({ zip_path: `${dir}/out/a.zip`, attachment_file: [`${dir}/out/a.zip`], file_count: 3, success: true });
    const files = unzipSync(await readFile(join(dir, 'out/a.zip')));
    expect(Object.keys(files).sort()).toEqual(['a.txt', 'sub/b.csv', 'sub/c.txt']);
    expect(strFromU8(files['sub/c.txt']!)).toBe('gamma');
  });

  it('zips a recursive glob relative to its literal base, and a files list that skips missing files', async () => {
    await tree();
    const g = await runNode(zipFilesNode, { config: { zip_path: 'g.zip', source_path: 'src/**/*.txt', compression: 'ZIP_STORED' }, cwd: dir });
    expect(g.outputs['file_count']).toBe(2);
    expect(Object.keys(unzipSync(await readFile(join(dir, 'g.zip')))).sort()).toEqual(['a.txt', 'sub/c.txt']);
    const l = await runNode(zipFilesNode, { config: { zip_path: 'l.zip' }, inputs: { files: ['src/a.txt', 'src/nope.txt', 'src/sub/b.csv'] }, cwd: dir });
    expect(l.outputs['file_count']).toBe(2);
    expect(Object.keys(unzipSync(await readFile(join(dir, 'l.zip'))))).toEqual(['a.txt', 'b.csv']);
  });

  it('fails with the catalogue texts', async () => {
    const none = await runNode(zipFilesNode, { config: { zip_path: 'x.zip' }, cwd: dir });
    expect(none.error?.message).toBe("No files to zip. Provide either 'source_path' (folder or glob pattern) or connect a 'files' input.");
    const missing = await runNode(zipFilesNode, { config: { zip_path: 'x.zip', source_path: 'nope' }, cwd: dir });
    expect(missing.error).toEqual({ message: 'source_path not found: nope', errorType: 'FileNotFoundError' });
    const comp = await runNode(zipFilesNode, { config: { zip_path: 'x.zip', source_path: 'nope', compression: 'LZMA' }, cwd: dir });
    expect(comp.error?.message).toBe("compression must be 'ZIP_STORED' or 'ZIP_DEFLATED'");
    const noZip = await runNode(zipFilesNode, { config: { source_path: 'src' }, cwd: dir });
    expect(noZip.error?.message).toBe('zip_path is required');
  });
});

describe('UnzipFilesNode', () => {
  it('extracts every entry in archive order, directories included', async () => {
    await writeFile(join(dir, 'in.zip'), zipSync({ 'docs/': new Uint8Array(0), 'docs/r.txt': strToU8('readme'), '10.txt': strToU8('ten'), '2.txt': strToU8('two') }));
    const r = await runNode(unzipFilesNode, { config: { zip_path: 'in.zip', extract_to: 'out' }, cwd: dir });
    expect(r.error).toBeUndefined();
    expect(r.outputs).toEqual({
      extract_to: `${dir}/out`, files: [`${dir}/out/docs`, `${dir}/out/docs/r.txt`, `${dir}/out/10.txt`, `${dir}/out/2.txt`], file_count: 4, success: true,
    });
    expect(await readFile(join(dir, 'out/docs/r.txt'), 'utf8')).toBe('readme');
  });

  it.each([['../evil.txt'], ['/abs/evil.txt'], ['ok/../../evil.txt'], ['a\\..\\..\\evil.txt']])('refuses the zip-slip entry %s and writes nothing', async (name) => {
    await writeFile(join(dir, 'bad.zip'), zipSync({ 'fine.txt': strToU8('ok'), [name]: strToU8('pwned') }));
    const r = await runNode(unzipFilesNode, { config: { zip_path: 'bad.zip', extract_to: 'out' }, cwd: dir });
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({
      message: `Zip Slip attack detected! Entry '${name}' would extract outside the target directory. This is a security vulnerability.`,
      errorType: 'ValueError',
    });
    await expect(stat(join(dir, 'out/fine.txt'))).rejects.toThrow();
    await expect(stat(join(dir, 'evil.txt'))).rejects.toThrow();
  });

  it('refuses archives over the entry and size caps before inflating (zip bomb)', async () => {
    await writeFile(join(dir, 'bomb.zip'), zipSync({ 'zeros.bin': new Uint8Array(3 * 1024 * 1024) }));
    const big = await runNode(unzipFilesNode, { config: { zip_path: 'bomb.zip', extract_to: 'out', max_total_mb: 2 }, cwd: dir });
    expect(big.error?.errorType).toBe('ZipBombError');
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) many[`f${i}.txt`] = strToU8('x');
    await writeFile(join(dir, 'many.zip'), zipSync(many));
    const cnt = await runNode(unzipFilesNode, { config: { zip_path: 'many.zip', extract_to: 'out', max_entries: 10 }, cwd: dir });
    expect(cnt.error?.errorType).toBe('ZipBombError');
    await expect(stat(join(dir, 'out'))).rejects.toThrow();
  });

  it('fails on a missing or corrupt archive', async () => {
    const m = await runNode(unzipFilesNode, { config: { zip_path: 'none.zip', extract_to: 'out' }, cwd: dir });
    expect(m.error).toEqual({ message: 'ZIP file not found: none.zip', errorType: 'FileNotFoundError' });
    await writeFile(join(dir, 'junk.zip'), 'this is not a zip');
    const j = await runNode(unzipFilesNode, { config: { zip_path: 'junk.zip', extract_to: 'out' }, cwd: dir });
    expect(j.error?.errorType).toBe('BadZipFile');
  });
});

describe('ZipBufferNode / UnzipBufferNode', () => {
  it('round-trips text and bytes in memory, through the pool when large', async () => {
    const big = 'lorem ipsum '.repeat(200_000);
    const z = await runNode(zipBufferNode, { inputs: { entries: { 'a.txt': 'héllo', 'b.bin': new Uint8Array([0xff, 0, 1]), 'big.txt': big } }, services: { pool } });
    expect(z.error).toBeUndefined();
    const data = z.outputs['data'] as Buffer;
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(z.outputs['size']).toBe(data.length);
    expect(data.length).toBeLessThan(big.length / 10);
    const u = await runNode(unzipBufferNode, { inputs: { data: data.toString('base64') }, services: { pool } });
    expect(u.outputs['names']).toEqual(['a.txt', 'b.bin', 'big.txt']);
    const entries = u.outputs['entries'] as Record<string, unknown>;
    expect(entries['a.txt']).toBe('héllo');
    expect(entries['big.txt']).toBe(big);
    expect([...(entries['b.bin'] as Buffer)]).toEqual([0xff, 0, 1]);
  });
});
