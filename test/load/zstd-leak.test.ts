/**
 * zstd-codec keeps each decoder's state on the WebAssembly heap, which JS GC never frees: a
 * long-running engine that loads many .json.zst files must release it, or the wasm heap aborts.
 */
import { describe, expect, it } from 'vitest';
import { readWorkflowBytes } from '../../src/load/open-source.js';
import { zstdCompress } from './helpers.js';

describe('zstd decoding over many loads', () => {
  it('decodes the same .json.zst 300 times without exhausting the wasm heap', async () => {
    const nodes = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`n${i}`, { node_id: `n${i}`, node_type: 'LogNode', config: { message: `m${i}`.repeat(20) } }]));
    const json = Buffer.from(JSON.stringify({ nodes }));
    const zst = await zstdCompress(json);
    for (let i = 0; i < 300; i++) {
      const t = await readWorkflowBytes(new Uint8Array(zst), { maxBytes: 1 << 30 });
      expect(t.text.length).toBe(json.length);
    }
  }, 120_000);
});
