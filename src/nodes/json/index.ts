import type { NodeSpec } from '../types.js';
import { dictToJsonNode, jsonParseNode } from './json-nodes.js';

/** Node specs of this category. */
export const specs: readonly NodeSpec[] = [jsonParseNode, dictToJsonNode];
