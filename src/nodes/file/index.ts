import type { NodeSpec } from '../types.js';
import { fileSystemSuperNode } from './file-system-super-node.js';
import { structuredDataSuperNode } from './structured-data-super-node.js';
import { standaloneFileNodes } from './standalone-nodes.js';

/** File nodes (nodes.md §13, §17.10). */
export const specs: readonly NodeSpec[] = [fileSystemSuperNode, structuredDataSuperNode, ...standaloneFileNodes];
