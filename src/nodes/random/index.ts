import type { NodeSpec } from '../types.js';
import { randomChoiceNode, randomNumberNode, randomStringNode, randomUuidNode, shuffleListNode } from './random-nodes.js';

/** Random nodes (nodes.md §15). */
export const specs: readonly NodeSpec[] = [randomNumberNode, randomChoiceNode, randomStringNode, randomUuidNode, shuffleListNode];
