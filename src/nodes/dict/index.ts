import type { NodeSpec } from '../types.js';
import {
  createDictNode, dictGetNode, dictHasKeyNode, dictMergeNode, dictRemoveNode, dictSetNode, getPropertyNode,
} from './dict-nodes.js';
import { dictItemsNode, dictKeysNode, dictValuesNode } from './dict-view-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [
  getPropertyNode, dictGetNode, dictSetNode, dictRemoveNode, dictMergeNode, dictKeysNode, dictValuesNode,
  dictItemsNode, dictHasKeyNode, createDictNode,
];
