/** The §17.1 database node types mapped onto PostgreSQL (pg.Pool per target, shared by runs). */
import { defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { getIo, getScope } from '../../resources/services.js';
import type { PgTarget } from '../../resources/pg-pools.js';
import { DbConnection } from './db-connection.js';
import { boundSql, columnsOf, connectionOf, dbFail, intParam, parametersOf, rowsAffected, withRetries } from './db-common.js';

const CONNECT_KEYS = ['db_type', 'host', 'port', 'database', 'username', 'password', 'connection_string'] as const;

/** Open a handle (shared by DatabaseConnectNode and the super node's Connect action). */
export async function openConnection(ctx: NodeContext): Promise<DbConnection> {
  const dbType = pyStr(ctx.param('db_type') ?? 'sqlite').toLowerCase();
  if (dbType !== 'postgresql') throw new Error(`Unsupported database type: ${dbType}`);
  const env = ctx.services.env;
  const str = (k: string): string => pyStr(ctx.param(k) ?? '');
  const connectionString = str('connection_string') || env['DATABASE_URL'] || pyStr(ctx.vars.get('database_url') ?? '');
  const target: PgTarget = connectionString !== '' ? { connectionString } : {
    host: str('host') || 'localhost',
    port: intParam(ctx, 'port', 5432),
    database: str('database'),
    user: str('username') || env['DB_USERNAME'] || undefined,
    password: str('password') || env['DB_PASSWORD'] || undefined,
  };
  const io = getIo(ctx);
  const scope = getScope(ctx);
  const conn = new DbConnection(io.pg, target, Math.max(1, intParam(ctx, 'pool_size', 5)));
  await withRetries(intParam(ctx, 'retry_count', 0), intParam(ctx, 'retry_interval', 2000), ctx.signal,
    () => conn.withClient((c) => c.query('SELECT 1')));
  conn.scopeLease = scope.defer(() => conn.close());
  return conn;
}

export const databaseConnectNode = defineNode({
  type: 'DatabaseConnectNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: CONNECT_KEYS, outputs: ['connection', 'success', 'error'],
  config: {
    credential_name: null, db_type: 'sqlite', host: 'localhost', port: 5432, database: '', username: '', password: '',
    connection_string: '', timeout: 30.0, ssl: false, ssl_ca: '', pool_size: 5, auto_commit: true, charset: 'utf8mb4',
    retry_count: 0, retry_interval: 2000,
  },
  async run(ctx) {
    try {
      ctx.out('connection', await openConnection(ctx));
    } catch (e) {
      throw dbFail(ctx, 'Database connection error', e);
    }
    ctx.out('success', true);
    ctx.out('error', '');
  },
});

const QUERY_CONFIG = { connection: null, query: '', parameters: [], retry_count: 0, retry_interval: 1000 };

/** The node's `query` with its templates bound as parameters, run with the node's retry policy. */
async function runBoundQuery(ctx: NodeContext) {
  const conn = connectionOf(ctx);
  const q = boundSql(ctx, 'query', parametersOf(ctx));
  if (q.text.trim() === '') throw new Error('Query is required');
  return withRetries(intParam(ctx, 'retry_count', 0), intParam(ctx, 'retry_interval', 1000), ctx.signal,
    () => conn.query(q.text, q.values));
}

/** ExecuteQuery body; `bare` = super node texts. */
export async function runQuery(ctx: NodeContext, prefix: string): Promise<void> {
  try {
    const r = await runBoundQuery(ctx);
    const rows = r.rows as Record<string, unknown>[];
    ctx.out('results', rows);
    ctx.out('row_count', rows.length);
    ctx.out('columns', columnsOf(rows));
  } catch (e) {
    throw dbFail(ctx, prefix, e);
  }
  ctx.out('success', true);
  ctx.out('error', '');
}

export async function runNonQuery(ctx: NodeContext, prefix: string): Promise<void> {
  try {
    const r = await runBoundQuery(ctx);
    ctx.out('rows_affected', rowsAffected(r));
    ctx.out('last_insert_id', prefix === '' ? 0 : null);
  } catch (e) {
    throw dbFail(ctx, prefix, e);
  }
  ctx.out('success', true);
  ctx.out('error', '');
}

export const executeQueryNode = defineNode({
  type: 'ExecuteQueryNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['connection', 'query', 'parameters'], required: ['connection'],
  outputs: ['results', 'row_count', 'columns', 'success', 'error'], config: QUERY_CONFIG,
  run: (ctx) => runQuery(ctx, 'Query execution error'),
});

export const executeNonQueryNode = defineNode({
  type: 'ExecuteNonQueryNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['connection', 'query', 'parameters'], required: ['connection'],
  outputs: ['rows_affected', 'last_insert_id', 'success', 'error'], config: QUERY_CONFIG,
  run: (ctx) => runNonQuery(ctx, 'Statement execution error'),
});

/** ExecuteBatch: statements one after another on one client; returns the failure texts. */
export async function runBatch(ctx: NodeContext): Promise<{ results: Record<string, unknown>[]; total: number; errors: string[] }> {
  const conn = connectionOf(ctx);
  let stmts = ctx.param('statements');
  if (typeof stmts === 'string') { try { stmts = JSON.parse(stmts); } catch { stmts = [stmts]; } }
  if (!Array.isArray(stmts) || stmts.length === 0) throw new Error('Statements list is required');
  const stopOnError = ctx.param('stop_on_error') !== false;
  const retries = intParam(ctx, 'retry_count', 0);
  const interval = intParam(ctx, 'retry_interval', 1000);
  const results: Record<string, unknown>[] = [];
  const errors: string[] = [];
  let total = 0;
  await conn.withClient(async (client) => {
    for (let i = 0; i < stmts.length; i++) {
      let attempts = 0;
      try {
        const r = await withRetries(retries, interval, ctx.signal, () => { attempts++; return client.query(pyStr(stmts[i])); });
        total += rowsAffected(r);
        results.push({ statement: i, rows_affected: rowsAffected(r), success: true, attempts });
      } catch (e) {
        const msg = (e as Error).message;
        results.push({ statement: i, rows_affected: 0, success: false, attempts, error: msg });
        errors.push(`Statement ${i}: ${msg}`);
        if (stopOnError) break;
      }
    }
  });
  return { results, total, errors };
}

export const executeBatchNode = defineNode({
  type: 'ExecuteBatchNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['connection', 'statements'], required: ['connection'],
  outputs: ['results', 'total_rows_affected', 'success', 'error'],
  config: { connection: null, statements: [], stop_on_error: true, retry_count: 0, retry_interval: 1000 },
  async run(ctx) {
    let r;
    try {
      r = await runBatch(ctx);
    } catch (e) {
      throw dbFail(ctx, 'Batch execution error', e);
    }
    ctx.out('results', r.results);
    ctx.out('total_rows_affected', r.total);
    if (r.errors.length > 0) throw dbFail(ctx, '', new Error(r.errors.join('; ')));
    ctx.out('success', true);
    ctx.out('error', '');
  },
});

function txNode(type: string, prefix: string, op: (c: DbConnection) => Promise<void>, emits: boolean): NodeSpec {
  return defineNode({
    type, category: 'database', cost: 'io', resources: ['database'],
    inputs: ['connection'], required: ['connection'],
    outputs: emits ? ['connection', 'success', 'error'] : ['success', 'error'], config: { connection: null },
    async run(ctx) {
      try {
        const c = connectionOf(ctx);
        await op(c);
        if (emits) ctx.out('connection', c);
      } catch (e) {
        throw dbFail(ctx, prefix, e);
      }
      ctx.out('success', true);
      ctx.out('error', '');
    },
  });
}

export const beginTransactionNode = txNode('BeginTransactionNode', 'Begin transaction error', (c) => c.begin(), true);
export const commitTransactionNode = txNode('CommitTransactionNode', 'Commit transaction error', (c) => c.end(true), true);
export const rollbackTransactionNode = txNode('RollbackTransactionNode', 'Rollback transaction error', (c) => c.end(false), true);
export const closeDatabaseNode = txNode('CloseDatabaseNode', 'Close connection error', (c) => c.close(), false);

/** Connection and non-empty `table_name` of the schema-inspection nodes. */
function tableTarget(ctx: NodeContext) {
  const c = connectionOf(ctx);
  const t = pyStr(ctx.param('table_name') ?? '');
  if (t === '') throw new Error('Table name is required');
  return { c, t };
}

export const tableExistsNode = defineNode({
  type: 'TableExistsNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['connection', 'table_name'], required: ['connection'], outputs: ['exists', 'success', 'error'],
  config: { connection: null, table_name: '' },
  async run(ctx) {
    try {
      const { c, t } = tableTarget(ctx);
      const r = await c.query('SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = $1) AS e', [t]);
      ctx.out('exists', r.rows[0]?.e === true);
    } catch (e) {
      throw dbFail(ctx, 'Table exists check error', e);
    }
    ctx.out('success', true);
    ctx.out('error', '');
  },
});

export const getTableColumnsNode = defineNode({
  type: 'GetTableColumnsNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['connection', 'table_name'], required: ['connection'], outputs: ['columns', 'column_names', 'success', 'error'],
  config: { connection: null, table_name: '' },
  async run(ctx) {
    try {
      const { c, t } = tableTarget(ctx);
      const r = await c.query(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_name = $1 ORDER BY ordinal_position`, [t]);
      const cols = (r.rows as { column_name: string; data_type: string; is_nullable: string; column_default: string | null }[])
        .map((x) => ({ name: x.column_name, type: x.data_type, nullable: x.is_nullable === 'YES', default: x.column_default, primary_key: false }));
      ctx.out('columns', cols);
      ctx.out('column_names', cols.map((x) => x.name));
    } catch (e) {
      throw dbFail(ctx, 'Get columns error', e);
    }
    ctx.out('success', true);
    ctx.out('error', '');
  },
});
