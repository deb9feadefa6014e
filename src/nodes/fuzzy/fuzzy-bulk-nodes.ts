/**
 * Casare bulk fuzzy node types (not in CasareRPA). All take `algorithm` = 'ratio' (difflib, default)
 * | 'levenshtein' (normalised similarity), scores 0.0–1.0, route X, and skip non-string entries while
 * keeping the original indexes.
 *
 * FuzzyBestMatchNode  in query, candidates, threshold=0.0 → best_match (string | null), best_score,
 *                     best_index (−1 = none), is_match (best_score ≥ threshold). Best = first strictly
 *                     highest score above 0.0 (as FuzzyStringMatchNode).
 * FuzzyTopKNode       in query, candidates, k=5, threshold=0.0 → matches [{value, score, index}] by
 *                     score descending, ties by index; count.
 * FuzzyPairsNode      in left, right, threshold=0.8 → pairs [{left_index, right_index, left, right,
 *                     score}] with score ≥ threshold, left-major order; count. 10⁶ pairs are chunked
 *                     across the pool threads.
 * FuzzyDedupeNode     in items, threshold=0.9 → unique (first of each near-duplicate group, input
 *                     order), duplicates [{index, value, duplicate_of, score}], count (= unique length).
 *                     Greedy in input order: an item is a duplicate of the earliest kept item it
 *                     scores ≥ threshold with (same as comparing each item with the kept ones).
 */
import { defineNode } from '../types.js';
import { pyInt } from '../../lib/py/convert.js';
import { parseAlgorithm } from './similarity.js';
import { listParam, scoreCandidates, scorePairs, textParam, thresholdParam } from './fuzzy-run.js';

function stringsWithIndex(list: readonly unknown[]): { strs: string[]; index: number[] } {
  const strs: string[] = [];
  const index: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v === 'string') { strs.push(v); index.push(i); }
  }
  return { strs, index };
}

export const fuzzyBestMatchNode = defineNode({
  type: 'FuzzyBestMatchNode',
  category: 'fuzzy',
  inputs: ['query', 'candidates', 'threshold'],
  outputs: ['best_match', 'best_score', 'best_index', 'is_match'],
  config: { query: '', candidates: [], threshold: 0.0, algorithm: 'ratio' },
  cost: 'cpu',
  async run(ctx) {
    const query = textParam(ctx.param('query'));
    const candidates = listParam(ctx.param('candidates'));
    const threshold = thresholdParam(ctx.param('threshold'), 0.0);
    const scores = await scoreCandidates(ctx, query, candidates, parseAlgorithm(ctx.param('algorithm')));
    let best = -1;
    let bestScore = 0.0;
    for (let i = 0; i < scores.length; i++) if (scores[i]! > bestScore) { bestScore = scores[i]!; best = i; }
    ctx.out('best_match', best >= 0 ? candidates[best] : null);
    ctx.out('best_score', bestScore);
    ctx.out('best_index', best);
    ctx.out('is_match', best >= 0 && bestScore >= threshold);
  },
});

export const fuzzyTopKNode = defineNode({
  type: 'FuzzyTopKNode',
  category: 'fuzzy',
  inputs: ['query', 'candidates', 'k', 'threshold'],
  outputs: ['matches', 'count'],
  config: { query: '', candidates: [], k: 5, threshold: 0.0, algorithm: 'ratio' },
  cost: 'cpu',
  async run(ctx) {
    const query = textParam(ctx.param('query'));
    const candidates = listParam(ctx.param('candidates'));
    const k = Math.max(0, pyInt(ctx.param('k') ?? 5));
    const threshold = thresholdParam(ctx.param('threshold'), 0.0);
    const scores = await scoreCandidates(ctx, query, candidates, parseAlgorithm(ctx.param('algorithm')));
    const idx: number[] = [];
    for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!) && scores[i]! >= threshold) idx.push(i);
    idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const matches = idx.slice(0, k).map((i) => ({ value: candidates[i], score: scores[i]!, index: i }));
    ctx.out('matches', matches);
    ctx.out('count', matches.length);
  },
});

export const fuzzyPairsNode = defineNode({
  type: 'FuzzyPairsNode',
  category: 'fuzzy',
  inputs: ['left', 'right', 'threshold'],
  outputs: ['pairs', 'count'],
  config: { left: [], right: [], threshold: 0.8, algorithm: 'ratio' },
  cost: 'cpu',
  async run(ctx) {
    const left = stringsWithIndex(listParam(ctx.param('left')));
    const right = stringsWithIndex(listParam(ctx.param('right')));
    const threshold = thresholdParam(ctx.param('threshold'), 0.8);
    const found = await scorePairs(ctx, left.strs, right.strs, threshold, parseAlgorithm(ctx.param('algorithm')), false);
    const pairs = new Array<unknown>(found.left.length);
    for (let p = 0; p < pairs.length; p++) {
      const i = found.left[p]!;
      const j = found.right[p]!;
      pairs[p] = { left_index: left.index[i], right_index: right.index[j], left: left.strs[i], right: right.strs[j], score: found.score[p] };
    }
    ctx.out('pairs', pairs);
    ctx.out('count', pairs.length);
  },
});

export const fuzzyDedupeNode = defineNode({
  type: 'FuzzyDedupeNode',
  category: 'fuzzy',
  inputs: ['items', 'threshold'],
  outputs: ['unique', 'duplicates', 'count'],
  config: { items: [], threshold: 0.9, algorithm: 'ratio' },
  cost: 'cpu',
  async run(ctx) {
    const items = listParam(ctx.param('items'));
    const { strs, index } = stringsWithIndex(items);
    const threshold = thresholdParam(ctx.param('threshold'), 0.9);
    const found = await scorePairs(ctx, strs, strs, threshold, parseAlgorithm(ctx.param('algorithm')), true);
    // Candidates of each j: the i < j it matches, ascending (pairs are row-major in i).
    const firstOf = new Int32Array(strs.length).fill(-1);
    const next = new Int32Array(found.left.length).fill(-1);
    const lastOf = new Int32Array(strs.length).fill(-1);
    for (let p = 0; p < found.left.length; p++) {
      const j = found.right[p]!;
      if (firstOf[j] === -1) firstOf[j] = p; else next[lastOf[j]!] = p;
      lastOf[j] = p;
    }
    const dupOf = new Int32Array(strs.length).fill(-1);
    const dupScore = new Float64Array(strs.length);
    for (let j = 0; j < strs.length; j++) {
      for (let p = firstOf[j]!; p !== -1; p = next[p]!) {
        const i = found.left[p]!;
        if (dupOf[i] === -1) { dupOf[j] = i; dupScore[j] = found.score[p]!; break; }
      }
    }
    const isDup = new Uint8Array(items.length);
    const duplicates: unknown[] = [];
    for (let j = 0; j < strs.length; j++) {
      if (dupOf[j] === -1) continue;
      isDup[index[j]!] = 1;
      duplicates.push({ index: index[j], value: strs[j], duplicate_of: index[dupOf[j]!], score: dupScore[j] });
    }
    const unique = items.filter((_, i) => isDup[i] === 0);
    ctx.out('unique', unique);
    ctx.out('duplicates', duplicates);
    ctx.out('count', unique.length);
  },
});
