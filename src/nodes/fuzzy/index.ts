import type { NodeSpec } from '../types.js';
import { filterBySimilarityNode, fuzzyStringMatchNode } from './fuzzy-match-nodes.js';
import { fuzzyBestMatchNode, fuzzyDedupeNode, fuzzyPairsNode, fuzzyTopKNode } from './fuzzy-bulk-nodes.js';

/** Fuzzy matching: CasareRPA's two nodes (nodes.md §17.8) and Casare's bulk node types. */
export const specs: readonly NodeSpec[] = [
  fuzzyStringMatchNode, filterBySimilarityNode, fuzzyBestMatchNode, fuzzyTopKNode, fuzzyPairsNode, fuzzyDedupeNode,
];
