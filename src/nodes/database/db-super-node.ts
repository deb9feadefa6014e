/** DatabaseSuperNode (§17.1): the actions of the single nodes with bare error texts. */
import { defineNode } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { connectionOf, dbFail } from './db-common.js';
import { openConnection, runBatch, runNonQuery, runQuery } from './db-nodes.js';

export const databaseSuperNode = defineNode({
  type: 'DatabaseSuperNode', category: 'database', cost: 'io', resources: ['database'],
  inputs: ['action', 'connection', 'db_type', 'host', 'port', 'database', 'username', 'password', 'connection_string',
    'query', 'parameters', 'statements'],
  outputs: ['connection', 'results', 'row_count', 'columns', 'rows_affected', 'last_insert_id', 'success', 'error'],
  execOutputs: ['exec_out', 'exec_error'],
  config: {
    action: 'Query (SELECT)', credential_name: null, db_type: 'sqlite', host: 'localhost', port: 5432, database: '',
    username: '', password: '', connection_string: '', timeout: 30.0, use_ssl: false, pool_size: 5, retry_count: 0,
    retry_interval: 1000, query: '', parameters: [], statements: [], stop_on_error: true,
  },
  async run(ctx) {
    const action = pyStr(ctx.param('action') ?? 'Query (SELECT)');
    switch (action) {
      case 'Query (SELECT)': return runQuery(ctx, '');
      case 'Execute (INSERT/UPDATE/DELETE)': return runNonQuery(ctx, '');
      case 'Execute Batch': {
        let r;
        try { r = await runBatch(ctx); } catch (e) { throw dbFail(ctx, '', e); }
        ctx.out('results', r.results);
        ctx.out('rows_affected', r.total);
        if (r.errors.length > 0) throw dbFail(ctx, '', new Error(r.errors.join('; ')));
        break;
      }
      default:
        try {
          if (action === 'Connect') ctx.out('connection', await openConnection(ctx));
          else if (action === 'Begin Transaction') { const c = connectionOf(ctx); await c.begin(); ctx.out('connection', c); }
          else if (action === 'Commit') { const c = connectionOf(ctx); await c.end(true); ctx.out('connection', c); }
          else if (action === 'Rollback') { const c = connectionOf(ctx); await c.end(false); ctx.out('connection', c); }
          else if (action === 'Close Connection') await connectionOf(ctx).close();
          else throw new Error(`Unknown action: ${action}`);
        } catch (e) {
          throw dbFail(ctx, '', e);
        }
    }
    ctx.out('success', true);
    ctx.out('error', '');
  },
});
