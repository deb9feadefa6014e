import type { NodeSpec } from '../types.js';
import { xmlFileNodes } from './xml-file-nodes.js';
import { xmlNodes } from './xml-nodes.js';

/** XML nodes (nodes.md §17.7). */
export const specs: readonly NodeSpec[] = [...xmlNodes, ...xmlFileNodes];
