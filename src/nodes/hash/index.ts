import type { NodeSpec } from '../types.js';
import { hashNode } from './hash-node.js';
import { gzipCompressNode, gzipDecompressNode } from './gzip-nodes.js';

/** Hashing and compression of large buffers (Casare node types; nodes.md §17.9 has only Base64Node). */
export const specs: readonly NodeSpec[] = [hashNode, gzipCompressNode, gzipDecompressNode];
