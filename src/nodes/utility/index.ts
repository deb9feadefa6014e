import type { NodeSpec } from '../types.js';
import { commentNode } from './comment-node.js';
import { logNode } from './log-node.js';
import { rerouteNode } from './reroute-node.js';
import { transformNode } from './transform-node.js';
import { validateNode } from './validate-node.js';
import { waitNode } from './wait-node.js';

/** Logging and utility nodes (nodes.md §3 CommentNode, §6). */
export const specs: readonly NodeSpec[] = [logNode, commentNode, validateNode, transformNode, rerouteNode, waitNode];
