import type { NodeSpec } from '../types.js';
import { concatenateNode, formatStringNode, regexMatchNode, regexReplaceNode } from './string-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [concatenateNode, formatStringNode, regexMatchNode, regexReplaceNode];
