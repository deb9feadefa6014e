import type { NodeSpec } from '../types.js';
import { getVariableNode, incrementVariableNode, setVariableNode } from './variable-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [setVariableNode, getVariableNode, incrementVariableNode];
