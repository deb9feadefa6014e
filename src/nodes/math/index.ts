import type { NodeSpec } from '../types.js';
import { comparisonNode, mathOperationNode } from './math-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [mathOperationNode, comparisonNode];
