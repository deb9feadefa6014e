import type { NodeSpec } from '../types.js';
import { base64Node } from './base64-node.js';

/** Encoding nodes (nodes.md §17.9). */
export const specs: readonly NodeSpec[] = [base64Node];
