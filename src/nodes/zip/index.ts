import type { NodeSpec } from '../types.js';
import { unzipBufferNode, unzipFilesNode, zipBufferNode, zipFilesNode } from './zip-nodes.js';

/** ZIP archives (nodes.md §17.6) plus Casare's in-memory ZIP nodes. */
export const specs: readonly NodeSpec[] = [zipFilesNode, unzipFilesNode, zipBufferNode, unzipBufferNode];
