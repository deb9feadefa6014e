/**
 * Python-style text codecs for file nodes: decode with errors='replace' or 'strict', universal
 * newlines on read, no newline translation on write, and `len(str)` (code points) for bytes_written.
 */
import { NodeFailure } from '../types.js';

type BufferEncoding8 = 'utf8' | 'latin1' | 'ascii' | 'utf16le';

/** Python codec name -> Node Buffer encoding for writing. */
function bufferEncoding(enc: string): BufferEncoding8 {
  const e = enc.toLowerCase().replace(/_/g, '-');
  if (e === 'utf-8' || e === 'utf8' || e === 'utf-8-sig') return 'utf8';
  if (e === 'latin-1' || e === 'latin1' || e === 'iso-8859-1' || e === 'iso8859-1' || e === 'cp819') return 'latin1';
  if (e === 'ascii' || e === 'us-ascii') return 'ascii';
  if (e === 'utf-16' || e === 'utf-16-le' || e === 'utf16') return 'utf16le';
  throw new NodeFailure(`unknown encoding: ${enc}`, 'LookupError');
}

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

/** Decode bytes as Python would with `errors` = replace (default) or strict. */
export function decodeText(bytes: Uint8Array, encoding: string, strict = false): string {
  const key = `${encoding}\u0000${strict}`;
  let d = decoders.get(key);
  if (d === undefined) {
    const label = bufferEncoding(encoding) === 'latin1' ? 'latin1' : encoding;
    try {
      d = new TextDecoder(label, { fatal: strict });
    } catch {
      throw new NodeFailure(`unknown encoding: ${encoding}`, 'LookupError');
    }
    decoders.set(key, d);
  }
  try {
    return d.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new NodeFailure(
      `'${encoding.toLowerCase().replace('utf8', 'utf-8')}' codec can't decode byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} in position ${bad}: invalid start byte`,
      'UnicodeDecodeError',
    );
  }
}

/** Index of the first byte that does not start a valid UTF-8 sequence (approximate, for messages). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}

/** Universal newlines: `\r\n` and lone `\r` become `\n`. */
export function universalNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

export function encodeText(s: string, encoding: string): Buffer {
  return Buffer.from(s, bufferEncoding(encoding));
}

/** Python len(str): code points, not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}
