/** StartNode / EndNode (nodes.md §3). End stays terminal under D1. */
import { defineNode } from '../types.js';

export const startNode = defineNode({
  type: 'StartNode', category: 'basic', inputs: [], outputs: [], routing: 'X', run() {},
});

export const endNode = defineNode({
  type: 'EndNode', category: 'basic', inputs: [], outputs: [], routing: 'END', run() {},
});
