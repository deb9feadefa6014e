/**
 * Stored (decompressed) bytes -> JSON text: strict UTF-8, a leading BOM dropped.
 */
import { CasareError } from '../errors.js';

// fatal: invalid UTF-8 throws instead of becoming U+FFFD; ignoreBOM false: the decoder drops a BOM.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array, file: string | undefined): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new CasareError('CASARE_E_LOAD_BAD_ENCODING',
      `workflow must be UTF-8 text, found an invalid byte sequence at byte ${offset}`,
      { where: { ...(file !== undefined && { file }), offset }, cause });
  }
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
