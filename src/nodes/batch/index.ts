import type { NodeSpec } from '../types.js';
import { batchReadStartNode } from './batch-read-node.js';
import { batchCommitNode, batchWriteNode } from './batch-write-node.js';
import { batchMapNode } from './batch-map-node.js';
import { batchHttpEnrichNode } from './batch-http-enrich-node.js';
import { batchDistinctNode, batchGroupByNode, batchJoinNode, batchSortNode } from './batch-spill-nodes.js';

/** Casare batch node types: streamed readers feeding a batch loop, streamed atomic writers, row
 * validation with an error policy, per-row HTTP enrichment, and spill-to-disk sort / group-by / distinct / join. */
export const specs: readonly NodeSpec[] = [
  batchReadStartNode, batchWriteNode, batchCommitNode, batchMapNode, batchSortNode, batchGroupByNode, batchDistinctNode, batchJoinNode, batchHttpEnrichNode,
];
