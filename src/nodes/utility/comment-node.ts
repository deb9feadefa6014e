/** CommentNode (nodes.md §3): does nothing; Casare continues along exec_out (D1). */
import { defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';

export const commentNode: NodeSpec = defineNode({
  type: 'CommentNode',
  category: 'basic',
  inputs: [],
  outputs: [],
  config: { comment: '' },
  run() {},
});
