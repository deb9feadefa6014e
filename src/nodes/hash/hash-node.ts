/**
 * HashNode (Casare; nodes.md §17.9 has no hashing node at CasareRPA HEAD).
 * Config: `algorithm`="sha256" ∈ md5, sha1, sha256, sha512; `input_text`="" (UTF-8 bytes hashed);
 * `file_path`="" (wins over input_text; streamed in 256 KiB chunks, never loaded whole);
 * `output_format`="hex" ∈ hex, base64; `allow_dangerous_paths`=false.
 * Out ports: hash, algorithm, size (bytes hashed), success. Cost io: node:crypto hashes a chunk in
 * well under a millisecond, and the stream yields to the loop between chunks.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { safePath, statOrNull, strParam } from '../file/file-actions.js';
import { toOsFailure } from '../file/os-error.js';

const ALGORITHMS: ReadonlySet<string> = new Set(['md5', 'sha1', 'sha256', 'sha512']);

export const hashNode: NodeSpec = defineNode({
  type: 'HashNode',
  category: 'system',
  inputs: ['input_text', 'file_path'],
  outputs: ['hash', 'algorithm', 'size', 'success'],
  config: { algorithm: 'sha256', input_text: '', file_path: '', output_format: 'hex', allow_dangerous_paths: false },
  cost: 'io',
  pathKeys: ['file_path'],
  async run(ctx) {
    const algorithm = strParam(ctx, 'algorithm', 'sha256').toLowerCase().replace('-', '');
    if (!ALGORITHMS.has(algorithm)) throw new NodeFailure(`Unsupported algorithm: ${algorithm}. Supported: md5, sha1, sha256, sha512`, 'ValueError');
    const format = strParam(ctx, 'output_format', 'hex').toLowerCase();
    if (format !== 'hex' && format !== 'base64') throw new NodeFailure(`output_format must be 'hex' or 'base64'`, 'ValueError');
    const h = createHash(algorithm);
    let size = 0;
    const fp = ctx.param('file_path');
    if (fp !== null && fp !== undefined && fp !== '') {
      const { given, path } = await safePath(ctx, 'file_path');
      const st = await statOrNull(path);
      if (st === null || !st.isFile()) throw new NodeFailure(`File not found: ${given}`, 'FileNotFoundError');
      try {
        for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024, signal: ctx.signal })) {
          h.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
      } catch (e) { throw toOsFailure(e, path); }
    } else {
      const raw = ctx.param('input_text');
      const bytes = raw instanceof Uint8Array ? raw : Buffer.from(raw === null || raw === undefined ? '' : pyStr(raw), 'utf8');
      h.update(bytes);
      size = bytes.length;
    }
    ctx.out('hash', h.digest(format));
    ctx.out('algorithm', algorithm);
    ctx.out('size', size);
    ctx.out('success', true);
  },
});
