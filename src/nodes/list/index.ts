import type { NodeSpec } from '../types.js';
import {
  createListNode, listAppendNode, listContainsNode, listGetItemNode, listJoinNode, listLengthNode,
  listReverseNode, listSliceNode, listUniqueNode,
} from './list-basic-nodes.js';
import { listFlattenNode, listReduceNode } from './list-reduce-nodes.js';
import { listFilterNode, listMapNode, listSortNode } from './list-transform-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [
  createListNode, listGetItemNode, listLengthNode, listAppendNode, listContainsNode, listSliceNode,
  listJoinNode, listSortNode, listReverseNode, listUniqueNode, listFilterNode, listMapNode,
  listReduceNode, listFlattenNode,
];
