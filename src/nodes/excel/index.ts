import type { NodeSpec } from '../types.js';
import { excelAppendRowsNode, excelListSheetsNode, excelReadSheetNode, excelWriteRowsNode } from './excel-nodes.js';

/** Casare's streaming .xlsx nodes (nodes.md §17.4: CasareRPA's Excel nodes are COM-only). */
export const specs: readonly NodeSpec[] = [excelReadSheetNode, excelWriteRowsNode, excelAppendRowsNode, excelListSheetsNode];
