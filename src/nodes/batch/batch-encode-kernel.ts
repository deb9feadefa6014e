/**
 * BatchWriteNode's NDJSON encoding as a pool kernel ('batch.encodeNdjson'): a column-encoded batch
 * in (lib/stream/column-codec.ts), the UTF-8 bytes of its NDJSON lines out (moved back). Only used
 * for batches whose rows all have the same keys in the same order (uniformKeys), so rebuilding each
 * row with the keys in column order and JSON.stringify gives the same text as on the main thread.
 */
import { cellAt, type EncodedColumns } from '../../lib/stream/column-codec.js';

/** Estimated inline cost (µs): JSON.stringify ~1 µs per 6-field row here, scaled by fields. */
export function estimateEncodeCostUs(rows: number, fields: number): number {
  return rows * (0.2 + 0.15 * fields);
}

const encoder = new TextEncoder();

export function encodeNdjsonKernel(cols: EncodedColumns): Uint8Array {
  const { rows: n, names, columns } = cols;
  let s = '';
  for (let i = 0; i < n; i++) {
    const o: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) {
      const v = cellAt(columns[k]!, i);
      if (v !== undefined) o[names[k]!] = v;
    }
    s += JSON.stringify(o) + '\n';
  }
  return encoder.encode(s);
}
