/**
 * Stored (decompressed) bytes -> JSON text: strict UTF-8, a leading BOM dropped.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { CasareError } from '../errors.js';

/**
 * Pure ASCII (most workflow files) is copied as Latin-1, which for ASCII is the same text: V8 makes
 * a one-byte string with a memcpy. 10k nodes (2.2 MB): isAscii 0.04 ms + copy 0.17 ms, against
 * 1.5 ms for a validating UTF-8 decode. Anything else is validated first (isUtf8, simdutf), then
 * decoded; a leading BOM is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, file: string | undefined): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); // a view, not a copy
  if (isAscii(buf)) return buf.toString('latin1');
  if (isUtf8(buf)) return buf.toString('utf8', hasBom(buf) ? 3 : 0);
  const offset = firstInvalidUtf8Offset(bytes);
  throw new CasareError('CASARE_E_LOAD_BAD_ENCODING',
    `workflow must be UTF-8 text, found an invalid byte sequence at byte ${offset}`,
    { where: { ...(file !== undefined && { file }), offset } });
}

function hasBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** Error path only: the lenient decoder marks bad sequences with U+FFFD; a real U+FFFD in the
 * input is the bytes EF BF BD, a replacement is anything else. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let from = 0;
  let bytePos = 0;
  let charPos = 0;
  for (;;) {
    const i = text.indexOf('\uFFFD', from);
    if (i < 0) return -1;
    bytePos += Buffer.byteLength(text.slice(charPos, i), 'utf8');
    charPos = i;
    if (!(bytes[bytePos] === 0xef && bytes[bytePos + 1] === 0xbf && bytes[bytePos + 2] === 0xbd)) return bytePos;
    bytePos += 3;
    charPos = i + 1;
    from = i + 1;
  }
}
