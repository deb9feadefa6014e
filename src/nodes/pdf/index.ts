import type { NodeSpec } from '../types.js';
import { extractPdfPagesNode, getPdfInfoNode, mergePdfsNode, readPdfTextNode, splitPdfNode } from './pdf-nodes.js';

/** PDF nodes (nodes.md §17.5); PDFToImagesNode is not provided (no rasteriser). */
export const specs: readonly NodeSpec[] = [readPdfTextNode, getPdfInfoNode, mergePdfsNode, splitPdfNode, extractPdfPagesNode];
