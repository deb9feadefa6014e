import type { NodeSpec } from '../types.js';
import { textCountNode, textJoinNode } from './text-analysis-nodes.js';
import {
  textCaseNode, textLinesNode, textPadNode, textReplaceNode, textReverseNode, textSplitNode, textTrimNode,
} from './text-manipulation-nodes.js';
import {
  textContainsNode, textEndsWithNode, textExtractNode, textStartsWithNode, textSubstringNode,
} from './text-search-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [
  textSplitNode, textReplaceNode, textTrimNode, textCaseNode, textPadNode, textReverseNode, textLinesNode,
  textSubstringNode, textContainsNode, textStartsWithNode, textEndsWithNode, textExtractNode, textCountNode,
  textJoinNode,
];
