import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { runNode } from '../../support/run-node.js';
import { fileSystemSuperNode } from '../../../src/nodes/file/file-system-super-node.js';
import { structuredDataSuperNode } from '../../../src/nodes/file/structured-data-super-node.js';
import { standaloneFileNodes } from '../../../src/nodes/file/standalone-nodes.js';
import { parseCsv } from '../../../src/nodes/file/csv.js';

const node = (t: string) => standaloneFileNodes.find((s) => s.type === t)!;
let dir: string;
beforeEach(async () => { dir = realpathSync(await mkdtemp(join(tmpdir(), 'casare-file-'))); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('FileSystemSuperNode', () => {
  it('runs the batch_2_1 sequence with absolute resolved paths', async () => {
    const fs = (config: Record<string, unknown>) => runNode(fileSystemSuperNode, { config, cwd: dir });
    expect((await fs({ action: 'Create Directory', directory_path: 'out/v2' })).outputs).toEqual({ dir_path: `${dir}/out/v2`, success: true });
    expect((await fs({ action: 'Write File', file_path: 'out/v2/t.txt', content: 'Hello World!' })).outputs)
      .toEqual({ file_path: `${dir}/out/v2/t.txt`, bytes_written: 12, success: true });
    expect((await fs({ action: 'File Exists', path: 'out/v2/t.txt' })).outputs).toEqual({ exists: true, is_file: true, is_dir: false });
    expect((await fs({ action: 'Read File', file_path: 'out/v2/t.txt' })).outputs).toEqual({ content: 'Hello World!', size: 12, success: true });
    expect((await fs({ action: 'Append File', file_path: 'out/v2/t.txt', content: '\nAppended!' })).outputs.bytes_written).toBe(10);
    expect((await fs({ action: 'Copy File', source_path: 'out/v2/t.txt', dest_path: 'out/v2/c.txt' })).outputs.bytes_copied).toBe(22);
    const list = await fs({ action: 'List Directory', dir_path: 'out/v2' });
    expect(new Set(list.outputs.items as string[])).toEqual(new Set([`${dir}/out/v2/t.txt`, `${dir}/out/v2/c.txt`]));
    expect((await fs({ action: 'Move File', source_path: 'out/v2/c.txt', dest_path: 'out/v2/m.txt' })).ok).toBe(true);
    expect((await fs({ action: 'Delete File', file_path: 'out/v2/m.txt' })).outputs.deleted_path).toBe(`${dir}/out/v2/m.txt`);
    expect(await readFile(join(dir, 'out/v2/t.txt'), 'utf8')).toBe('Hello World!\nAppended!');
  });

  it('fails Write File without content and unknown actions with the catalogue texts', async () => {
    const r = await runNode(fileSystemSuperNode, { config: { action: 'Write File', file_path: 'a.txt' }, cwd: dir });
    expect(r.error?.message).toBe("Required input port 'content' has no value");
    const u = await runNode(fileSystemSuperNode, { config: { action: 'Frobnicate', file_path: 'a.txt' }, cwd: dir });
    expect(u.error?.message).toBe('Unknown action: Frobnicate');
    const m = await runNode(fileSystemSuperNode, { config: { action: 'Delete File', file_path: 'nope.txt' }, cwd: dir });
    expect(m.error?.message).toBe('File not found: nope.txt');
  });

  it('refuses .. and sandbox escapes (absolute path, symlink)', async () => {
    const t = await runNode(fileSystemSuperNode, { config: { action: 'Read File', file_path: 'a/../b.txt' }, cwd: dir });
    expect(t.error?.message).toBe("Path traversal detected in 'a/../b.txt'. Paths containing '..' are not allowed.");
    const root = join(dir, 'root');
    await mkdir(root);
    const outside = join(dir, 'secret.txt');
    await writeFile(outside, 'x');
    const abs = await runNode(fileSystemSuperNode, { config: { action: 'Read File', file_path: outside }, cwd: root, services: { fileRoot: root } });
    expect(abs.error).toEqual({ message: `Path ${outside} is outside the file root ${root}`, errorType: 'PermissionError' });
    await symlink(dir, join(root, 'link'));
    const sl = await runNode(fileSystemSuperNode, { config: { action: 'Read File', file_path: 'link/secret.txt' }, cwd: root, services: { fileRoot: root } });
    expect(sl.error?.errorType).toBe('PermissionError');
    await writeFile(join(root, 'in.txt'), 'ok');
    const ok = await runNode(fileSystemSuperNode, { config: { action: 'Read File', file_path: 'in.txt' }, cwd: root, services: { fileRoot: root } });
    expect(ok.outputs.content).toBe('ok');
  });
});

describe('CSV and JSON', () => {
  it('parses the catalogue example with Python csv semantics', async () => {
    await writeFile(join(dir, 'd.csv'), 'name,age\r\nA,1\n"B, b",2\n\nC\n');
    const r = await runNode(node('ReadCSVNode'), { config: { file_path: 'd.csv' }, cwd: dir });
    expect(r.outputs).toEqual({ data: [{ name: 'A', age: '1' }, { name: 'B, b', age: '2' }, { name: 'C', age: null }], headers: ['name', 'age'], row_count: 3, success: true });
    expect(parseCsv('a,"x""y"z,\n\n"q\nr"', { delimiter: ',', quotechar: '"' })).toEqual([['a', 'x"yz', ''], [], ['q\nr']]);
    await writeFile(join(dir, 'e.csv'), 'a,b\n1,2,3\n');
    const extra = await runNode(node('ReadCSVNode'), { config: { file_path: 'e.csv' }, cwd: dir });
    expect(extra.outputs.data).toEqual([{ a: '1', b: '2', null: ['3'] }]);
    const missing = await runNode(node('ReadCSVNode'), { config: { file_path: 'no.csv' }, cwd: dir });
    expect(missing.error?.message).toBe('CSV file not found: no.csv');
  });

  it('writes CSV with minimal quoting and CRLF, and rejects extra keys', async () => {
    const r = await runNode(node('WriteCSVNode'), { config: { file_path: 'o.csv', data: [{ a: 'x,y', b: true }, { a: null }] }, cwd: dir });
    expect(r.outputs.row_count).toBe(2);
    expect(await readFile(join(dir, 'o.csv'), 'utf8')).toBe('a,b\r\n"x,y",True\r\n,\r\n');
    const bad = await runNode(node('WriteCSVNode'), { config: { file_path: 'p.csv', data: [{ a: 1 }, { a: 2, z: 3 }] }, cwd: dir });
    expect(bad.error?.message).toBe("dict contains fields not in fieldnames: 'z'");
  });

  it('writes JSON with indent 2, non-ASCII kept, and reads it back', async () => {
    const w = await runNode(node('WriteJSONFileNode'), { config: { file_path: 'out/j.json', data: { a: [1, 2.5], s: 'é' } }, cwd: dir });
    expect(w.outputs).toEqual({ file_path: `${dir}/out/j.json`, attachment_file: [`${dir}/out/j.json`], success: true });
    expect(await readFile(join(dir, 'out/j.json'), 'utf8')).toBe('{\n  "a": [\n    1,\n    2.5\n  ],\n  "s": "é"\n}');
    const r = await runNode(structuredDataSuperNode, { config: { action: 'Read JSON', file_path: 'out/j.json' }, cwd: dir });
    expect(r.outputs.data).toEqual({ a: [1, 2.5], s: 'é' });
    const z = await runNode(structuredDataSuperNode, { config: { action: 'Zip Files', zip_path: 'a.zip', source_path: '', files: [] }, cwd: dir });
    expect(z.error?.message).toBe("No files to zip. Provide either 'source_path' (folder or glob pattern) or connect a 'files' input.");
  });
});
