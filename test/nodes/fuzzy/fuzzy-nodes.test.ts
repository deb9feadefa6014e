import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { WorkerPool } from '../../../src/pool/worker-pool.js';
import { sequenceRatio } from '../../../src/nodes/fuzzy/sequence-matcher.js';
import { filterBySimilarityNode, fuzzyStringMatchNode } from '../../../src/nodes/fuzzy/fuzzy-match-nodes.js';
import { fuzzyBestMatchNode, fuzzyDedupeNode, fuzzyPairsNode, fuzzyTopKNode } from '../../../src/nodes/fuzzy/fuzzy-bulk-nodes.js';

const pool = new WorkerPool({ threads: 2 });
afterAll(async () => { await pool.destroy(); });

/** Seeded words: deterministic inputs for the reference comparisons. */
function words(n: number, seed: number): string[] {
  let x = seed >>> 0;
  const rnd = (): number => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 4 + Math.floor(rnd() * 8);
    let w = '';
    for (let k = 0; k < len; k++) w += 'abcdefgh'[Math.floor(rnd() * 8)];
    out.push(w);
  }
  return out;
}

describe('FuzzyStringMatchNode', () => {
  it('picks the first strictly best candidate, keys scores by text and routes match_found', async () => {
    const r = await runNode(fuzzyStringMatchNode, { inputs: { search_string: 'apple', candidates: ['Apple', 7, 'appel', 'apple pie', 'Apple'] } });
    expect(r.ok).toBe(true);
    expect(r.outputs).toMatchObject({ matched_string: 'Apple', match_score: 0.8, match_index: 0, is_match: true });
    expect(r.outputs['all_scores']).toEqual({ Apple: 0.8, appel: 0.8, 'apple pie': sequenceRatio('apple', 'apple pie') });
    expect(r.returned).toEqual(['match_found']);
    expect(fuzzyStringMatchNode.execOutputs).toEqual(['match_found', 'no_match']);
  });

  it('routes no_match below the threshold and on empty input', async () => {
    const low = await runNode(fuzzyStringMatchNode, { inputs: { search_string: 'kitten', candidates: ['sitting'] }, config: { threshold: 0.7 } });
    expect(low.outputs).toMatchObject({ matched_string: 'sitting', match_index: 0, is_match: false });
    expect(low.returned).toEqual(['no_match']);
    const empty = await runNode(fuzzyStringMatchNode, { inputs: { search_string: '', candidates: ['a'] } });
    expect(empty.outputs).toMatchObject({ is_match: false, all_scores: {}, match_index: -1, matched_string: '' });
    expect(empty.returned).toEqual(['no_match']);
    const zero = await runNode(fuzzyStringMatchNode, { inputs: { search_string: 'xyz', candidates: ['abc'] } });
    expect(zero.outputs).toMatchObject({ match_index: -1, matched_string: '', match_score: 0 });
  });

  it('scores with Levenshtein when algorithm is levenshtein', async () => {
    const r = await runNode(fuzzyStringMatchNode, { inputs: { search_string: 'kitten', candidates: ['sitting'] }, config: { algorithm: 'levenshtein', threshold: 0.5 } });
    expect(r.outputs['match_score']).toBe(1 - 3 / 7);
    expect(r.returned).toEqual(['match_found']);
  });
});

describe('FilterBySimilarityNode', () => {
  it('keeps matching strings in input order and non-strings unconditionally', async () => {
    const r = await runNode(filterBySimilarityNode, { inputs: { input_list: ['appel', 3, 'banana', 'Apple'], filter_string: 'apple' } });
    expect(r.outputs['filtered_list']).toEqual(['appel', 3, 'Apple']);
    expect(r.outputs['count']).toBe(3);
    expect(r.outputs['scores']).toEqual({ appel: 0.8, banana: sequenceRatio('apple', 'banana'), Apple: 0.8 });
    const empty = await runNode(filterBySimilarityNode, { inputs: { input_list: ['a'], filter_string: '' } });
    expect(empty.outputs).toEqual({ filtered_list: [], scores: {}, count: 0 });
  });

  it('gives the same result in the pool as inline on a large list', async () => {
    const items = words(20_000, 1);
    const inline = await runNode(filterBySimilarityNode, { inputs: { input_list: items, filter_string: 'abcdefg', threshold: 0.5 } });
    const pooled = await runNode(filterBySimilarityNode, { inputs: { input_list: items, filter_string: 'abcdefg', threshold: 0.5 }, services: { pool } });
    expect(pooled.outputs).toEqual(inline.outputs);
    expect(pool.stats().tasks).toBeGreaterThan(0);
  });
});

describe('bulk fuzzy nodes', () => {
  it('FuzzyBestMatchNode and FuzzyTopKNode order by score, ties by index', async () => {
    const candidates = ['appel', 'Apple', 'apple', null, 'apply'];
    const best = await runNode(fuzzyBestMatchNode, { inputs: { query: 'apple', candidates } });
    expect(best.outputs).toEqual({ best_match: 'apple', best_score: 1, best_index: 2, is_match: true });
    const top = await runNode(fuzzyTopKNode, { inputs: { query: 'apple', candidates, k: 3 } });
    expect(top.outputs['matches']).toEqual([
      { value: 'apple', score: 1, index: 2 }, { value: 'appel', score: 0.8, index: 0 }, { value: 'Apple', score: 0.8, index: 1 },
    ]);
  });

  it('FuzzyPairsNode finds every pair above the threshold, inline and chunked across threads', async () => {
    const left = words(300, 2);
    const right = words(400, 3);
    const expected: { left_index: number; right_index: number; score: number }[] = [];
    for (let i = 0; i < left.length; i++) {
      for (let j = 0; j < right.length; j++) {
        const s = sequenceRatio(left[i]!, right[j]!);
        if (s >= 0.7) expected.push({ left_index: i, right_index: j, score: s });
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    for (const services of [{}, { pool }]) {
      const r = await runNode(fuzzyPairsNode, { inputs: { left, right, threshold: 0.7 }, services });
      const got = (r.outputs['pairs'] as { left_index: number; right_index: number; score: number; left: string }[]);
      expect(got.map((p) => ({ left_index: p.left_index, right_index: p.right_index, score: p.score }))).toEqual(expected);
      expect(got[0]!.left).toBe(left[expected[0]!.left_index]);
    }
  });

  it('FuzzyDedupeNode keeps the first of each near-duplicate group (greedy reference)', async () => {
    const base = words(400, 4);
    const items: unknown[] = [...base, ...base.slice(0, 50).map((w) => `${w}x`), 42];
    const strs = items.filter((v): v is string => typeof v === 'string');
    const kept: string[] = [];
    const expectedDupes: { index: number; duplicate_of: number }[] = [];
    const keptIdx: number[] = [];
    strs.forEach((w, j) => {
      const k = keptIdx.find((i) => sequenceRatio(strs[i]!, w) >= 0.85);
      if (k === undefined) { kept.push(w); keptIdx.push(j); } else expectedDupes.push({ index: j, duplicate_of: k });
    });
    for (const services of [{}, { pool }]) {
      const r = await runNode(fuzzyDedupeNode, { inputs: { items, threshold: 0.85 }, services });
      expect(r.outputs['unique']).toEqual([...kept, 42]);
      expect((r.outputs['duplicates'] as { index: number; duplicate_of: number }[]).map(({ index, duplicate_of }) => ({ index, duplicate_of }))).toEqual(expectedDupes);
    }
  });
});
