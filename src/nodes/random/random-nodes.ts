/** Random nodes (nodes.md §15): values are non-deterministic; types, shapes and error texts are not. */
import { randomBytes, randomUUID } from 'node:crypto';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFloat, pyInt } from '../../lib/py/convert.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

function randInt(lo: number, hi: number): number {
  if (hi < lo) throw new NodeFailure(`empty range in randrange(${lo}, ${hi + 1})`, 'ValueError');
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

function asSequence(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (v !== null && typeof v === 'object') return Object.keys(v);
  throw new NodeFailure(`object of type '${typeof v === 'number' ? 'int' : 'bool'}' has no len()`, 'TypeError');
}

function shuffled<T>(a: readonly T[]): T[] {
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = out[i]!; out[i] = out[j]!; out[j] = t;
  }
  return out;
}

export const randomNumberNode: NodeSpec = defineNode({
  type: 'RandomNumberNode', category: 'utility', inputs: ['min_value', 'max_value'], outputs: ['result'],
  config: { min_value: 0, max_value: 100, integer_only: false },
  run(ctx) {
    const lo = pyFloat(ctx.param('min_value') ?? 0);
    const hi = pyFloat(ctx.param('max_value') ?? 100);
    ctx.out('result', pyTruthy(ctx.param('integer_only')) ? randInt(pyInt(lo), pyInt(hi)) : lo + (hi - lo) * Math.random());
  },
});

export const randomChoiceNode: NodeSpec = defineNode({
  type: 'RandomChoiceNode', category: 'utility', inputs: ['items'], required: ['items'], outputs: ['result', 'index'],
  config: { items: null, count: 1, allow_duplicates: false },
  run(ctx) {
    const items = asSequence(ctx.param('items'));
    const count = pyInt(ctx.param('count') ?? 1);
    if (count <= 1) {
      if (items.length === 0) throw new NodeFailure('Cannot choose from an empty sequence', 'IndexError');
      const i = Math.floor(Math.random() * items.length);
      ctx.out('result', items[i]);
      ctx.out('index', i);
      return;
    }
    let result: unknown[];
    if (pyTruthy(ctx.param('allow_duplicates'))) {
      if (items.length === 0) throw new NodeFailure('Cannot choose from an empty sequence', 'IndexError');
      result = Array.from({ length: count }, () => items[Math.floor(Math.random() * items.length)]);
    } else {
      if (count > items.length) throw new NodeFailure('Sample larger than population or is negative', 'ValueError');
      result = shuffled(items).slice(0, count);
    }
    ctx.out('result', result);
    ctx.out('index', -1);
  },
});

export const randomStringNode: NodeSpec = defineNode({
  type: 'RandomStringNode', category: 'utility', inputs: ['length'], outputs: ['result'],
  config: { length: 8, include_uppercase: true, include_lowercase: true, include_digits: true, include_special: false, custom_chars: '' },
  run(ctx) {
    const length = pyInt(ctx.param('length') ?? 8);
    const custom = ctx.param('custom_chars');
    let chars = pyTruthy(custom) ? pyStr(custom) : '';
    if (chars === '') {
      if (pyTruthy(ctx.param('include_uppercase'))) chars += UPPER;
      if (pyTruthy(ctx.param('include_lowercase'))) chars += LOWER;
      if (pyTruthy(ctx.param('include_digits'))) chars += DIGITS;
      if (pyTruthy(ctx.param('include_special'))) chars += PUNCTUATION;
    }
    const pool = [...chars];
    if (pool.length === 0) throw new NodeFailure('No character types selected', 'ValueError');
    let out = '';
    for (let i = 0; i < length; i++) out += pool[Math.floor(Math.random() * pool.length)];
    ctx.out('result', out);
  },
});

/** A version-1 UUID: 100 ns ticks since 1582-10-15, random clock sequence and node (multicast bit set). */
function uuid1(): string {
  const ticks = BigInt(Date.now()) * 10000n + 0x01b21dd213814000n;
  const b = randomBytes(8);
  const hex = (n: bigint, w: number): string => n.toString(16).padStart(w, '0');
  const timeLow = hex(ticks & 0xffffffffn, 8);
  const timeMid = hex((ticks >> 32n) & 0xffffn, 4);
  const timeHi = hex(((ticks >> 48n) & 0x0fffn) | 0x1000n, 4);
  const clockSeq = (((b[0]! & 0x3f) | 0x80) << 8 | b[1]!).toString(16).padStart(4, '0');
  b[2] = b[2]! | 0x01;
  const node = Buffer.from(b.subarray(2, 8)).toString('hex');
  return `${timeLow}-${timeMid}-${timeHi}-${clockSeq}-${node}`;
}

export const randomUuidNode: NodeSpec = defineNode({
  type: 'RandomUUIDNode', category: 'utility', inputs: [], outputs: ['result'],
  config: { version: 4, format: 'standard' },
  run(ctx) {
    const version = pyInt(ctx.param('version') ?? 4);
    if (version !== 1 && version !== 4) throw new NodeFailure(`Unsupported UUID version: ${version}`, 'ValueError');
    const u = version === 1 ? uuid1() : randomUUID();
    const format = pyStr(ctx.param('format') ?? 'standard');
    ctx.out('result', format === 'hex' ? u.replaceAll('-', '') : format === 'urn' ? `urn:uuid:${u}` : u);
  },
});

export const shuffleListNode: NodeSpec = defineNode({
  type: 'ShuffleListNode', category: 'utility', inputs: ['items'], required: ['items'], outputs: ['result'],
  config: { items: null },
  run(ctx) {
    ctx.out('result', shuffled(asSequence(ctx.param('items'))));
  },
});
