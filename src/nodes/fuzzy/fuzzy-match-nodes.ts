/**
 * CasareRPA's FuzzyStringMatchNode and FilterBySimilarityNode (nodes.md §17.8): difflib ratio,
 * 0.0–1.0, threshold 0.6. Casare adds an `algorithm` option ('ratio' default | 'levenshtein').
 * FuzzyStringMatchNode declares its `match_found` / `no_match` exec outputs (the Open point in
 * §17.8) and routes explicitly through them.
 */
import { defineNode } from '../types.js';
import { parseAlgorithm } from './similarity.js';
import { listParam, scoreCandidates, setKey, textParam, thresholdParam } from './fuzzy-run.js';

export const fuzzyStringMatchNode = defineNode({
  type: 'FuzzyStringMatchNode',
  category: 'string',
  inputs: ['search_string', 'candidates', 'threshold'],
  outputs: ['matched_string', 'match_score', 'match_index', 'is_match', 'all_scores'],
  execOutputs: ['match_found', 'no_match'],
  config: { search_string: '', candidates: [], threshold: 0.6, algorithm: 'ratio' },
  routing: 'SELF',
  cost: 'cpu',
  async run(ctx) {
    const search = textParam(ctx.param('search_string'));
    const candidates = listParam(ctx.param('candidates'));
    const threshold = thresholdParam(ctx.param('threshold'), 0.6);
    const algorithm = parseAlgorithm(ctx.param('algorithm'));
    const allScores: Record<string, unknown> = {};
    let bestIndex = -1;
    let bestScore = 0.0;
    if (search !== '' && candidates.length > 0) {
      const scores = await scoreCandidates(ctx, search, candidates, algorithm);
      for (let i = 0; i < candidates.length; i++) {
        const s = scores[i]!;
        if (Number.isNaN(s)) continue; // non-string candidate: skipped, index still counts
        setKey(allScores, candidates[i] as string, s);
        if (s > bestScore) { bestScore = s; bestIndex = i; }
      }
    }
    const isMatch = bestIndex >= 0 && bestScore >= threshold;
    ctx.out('matched_string', bestIndex >= 0 ? candidates[bestIndex] : '');
    ctx.out('match_score', bestScore);
    ctx.out('match_index', bestIndex);
    ctx.out('is_match', isMatch);
    ctx.out('all_scores', allScores);
    return isMatch ? ['match_found'] : ['no_match'];
  },
});

export const filterBySimilarityNode = defineNode({
  type: 'FilterBySimilarityNode',
  category: 'string',
  inputs: ['input_list', 'filter_string', 'threshold'],
  outputs: ['filtered_list', 'scores', 'count'],
  config: { input_list: [], filter_string: '', threshold: 0.6, algorithm: 'ratio' },
  cost: 'cpu',
  async run(ctx) {
    const items = listParam(ctx.param('input_list'));
    const filter = textParam(ctx.param('filter_string'));
    const threshold = thresholdParam(ctx.param('threshold'), 0.6);
    const algorithm = parseAlgorithm(ctx.param('algorithm'));
    const kept: unknown[] = [];
    const scoreMap: Record<string, unknown> = {};
    if (items.length > 0 && filter !== '') {
      const scores = await scoreCandidates(ctx, filter, items, algorithm);
      for (let i = 0; i < items.length; i++) {
        const s = scores[i]!;
        if (Number.isNaN(s)) { kept.push(items[i]); continue; } // non-strings kept unconditionally
        setKey(scoreMap, items[i] as string, s);
        if (s >= threshold) kept.push(items[i]);
      }
    }
    ctx.out('filtered_list', kept);
    ctx.out('scores', scoreMap);
    ctx.out('count', kept.length);
  },
});
