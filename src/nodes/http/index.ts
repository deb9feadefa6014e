import type { NodeSpec } from '../types.js';
import { httpRequestNode } from './http-request-node.js';
import { httpSuperNode } from './http-super-node.js';
import { parseJsonResponseNode, setHttpHeadersNode } from './http-data-nodes.js';

/** HTTP node specs (nodes.md §14). */
export const specs: readonly NodeSpec[] = [httpRequestNode, httpSuperNode, setHttpHeadersNode, parseJsonResponseNode];
