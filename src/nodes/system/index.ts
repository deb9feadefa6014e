import type { NodeSpec } from '../types.js';
import { runCommandNode } from './run-command-node.js';
import { systemInfoNode } from './system-info-node.js';

/** System nodes (nodes.md §15). */
export const specs: readonly NodeSpec[] = [systemInfoNode, runCommandNode];
