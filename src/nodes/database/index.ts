import type { NodeSpec } from '../types.js';
import {
  beginTransactionNode, closeDatabaseNode, commitTransactionNode, databaseConnectNode, executeBatchNode,
  executeNonQueryNode, executeQueryNode, getTableColumnsNode, rollbackTransactionNode, tableExistsNode,
} from './db-nodes.js';
import { databaseBulkInsertNode, databaseStreamQueryNode } from './db-stream-nodes.js';
import { databaseSuperNode } from './db-super-node.js';

/** Database node specs (nodes.md §17.1 on PostgreSQL, plus Casare's bulk insert and streamed query). */
export const specs: readonly NodeSpec[] = [
  databaseConnectNode, executeQueryNode, executeNonQueryNode, executeBatchNode, beginTransactionNode,
  commitTransactionNode, rollbackTransactionNode, closeDatabaseNode, tableExistsNode, getTableColumnsNode,
  databaseSuperNode, databaseBulkInsertNode, databaseStreamQueryNode,
];
