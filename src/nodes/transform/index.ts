import type { NodeSpec } from '../types.js';
import { tableDistinctNode, tableFilterNode, tableGroupByNode, tableJoinNode, tableMapNode, tableSortNode } from './transform-nodes.js';

/** Casare table transforms over lists of row dicts (filter, map, sort, group-by, join, distinct). */
export const specs: readonly NodeSpec[] = [
  tableFilterNode, tableMapNode, tableSortNode, tableGroupByNode, tableJoinNode, tableDistinctNode,
];
