/** Base64Node (nodes.md §17.9): UTF-8 text <-> standard base64; Casare sets the output port (D, 14.11). */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';

const ALPHABET = /[^A-Za-z0-9+/=]/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Python base64.b64decode (non-validating): drop foreign characters, require padding, stop at the end pad. */
export function b64decodeLenient(s: string): Uint8Array {
  const clean = s.replace(ALPHABET, '');
  const firstPad = clean.indexOf('=');
  const data = firstPad < 0 ? clean : clean.slice(0, firstPad);
  const rem = data.length % 4;
  if (rem === 1) {
    throw new NodeFailure(
      `Invalid base64 string: Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`,
      'ValueError',
    );
  }
  if (rem !== 0) {
    const pads = firstPad < 0 ? 0 : clean.length - firstPad - (clean.slice(firstPad).replace(/=/g, '').length);
    if (pads < 4 - rem) throw new NodeFailure('Invalid base64 string: Incorrect padding', 'ValueError');
  }
  return Buffer.from(data, 'base64');
}

export const base64Node: NodeSpec = defineNode({
  type: 'Base64Node',
  category: 'system',
  inputs: ['input_text'],
  outputs: ['output', 'success'],
  config: { action: 'encode', input_text: '' },
  routing: 'D',
  run(ctx) {
    const raw = ctx.param('input_text');
    const text = raw === null || raw === undefined ? '' : pyStr(raw);
    if (text === '') throw new NodeFailure('Input text is required', 'ValueError');
    const action = pyStr(ctx.param('action') ?? 'encode').toLowerCase();
    let output: string;
    if (action === 'decode') {
      const bytes = b64decodeLenient(text);
      try {
        output = utf8.decode(bytes);
      } catch {
        let i = 0;
        while (i < bytes.length && bytes[i]! < 0x80) i++;
        throw new NodeFailure(
          `Invalid base64 string: 'utf-8' codec can't decode byte 0x${bytes[i]!.toString(16).padStart(2, '0')} in position ${i}: invalid start byte`,
          'ValueError',
        );
      }
    } else {
      output = Buffer.from(text, 'utf8').toString('base64');
    }
    ctx.out('output', output);
    ctx.out('success', true);
  },
});
