/**
 * Whole workflows through the engine that use HTTP, PostgreSQL, the browser and files together,
 * against the real things: a node:http server on 127.0.0.1, the run's throwaway PostgreSQL cluster
 * (a database for this file), Debian's Chromium and a temp directory. Covers the happy path, the
 * failure paths as a run sees them (500, server down, bad SQL, element not found, file missing),
 * Try/Catch around an I/O failure, concurrent HTTP fan-out and the SSRF guard's engine-only exemption.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEngine } from '../../src/index.js';
import type { Engine } from '../../src/engine.js';
import type { RunResult } from '../../src/execute/result.js';
import { startHttpServer } from '../support/http-server.js';
import type { TestHttpServer } from '../support/http-server.js';
import { pgAvailable, useTestDatabase } from '../support/pg-database.js';
import { chromiumAvailable } from '../support/chromium.js';
import { freePort } from '../support/postgres.js';

type N = [id: string, type: string, config?: Record<string, unknown>];
/** [source, sourcePort, target, targetPort] */
type E = [s: string, sp: string, t: string, tp: string];

function wf(nodes: N[], edges: E[], settings: Record<string, unknown> = {}, variables: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    metadata: { name: 'io-e2e' },
    nodes: Object.fromEntries(nodes.map(([id, type, config]) => [id, { node_id: id, node_type: type, config: config ?? {} }])),
    connections: edges.map(([s, sp, t, tp]) => ({ source_node: s, source_port: sp, target_node: t, target_port: tp })),
    variables,
    settings,
  }));
}

/** Exec chain a -> b -> c ... */
function chain(...ids: string[]): E[] {
  const out: E[] = [];
  for (let i = 1; i < ids.length; i++) out.push([ids[i - 1]!, 'exec_out', ids[i]!, 'exec_in']);
  return out;
}

const PAGE = `<!doctype html><html><body>
<h1 id="title">Stock report</h1>
<table id="stock"><tr><th>sku</th><th>qty</th></tr><tr><td>A-1</td><td>3</td></tr><tr><td>B-2</td><td>5</td></tr></table>
</body></html>`;

const ITEMS = [{ sku: 'A-1', qty: 3 }, { sku: 'B-2', qty: 5 }, { sku: "C'; DROP TABLE stock; --", qty: 7 }];

const db = useTestDatabase('io_workflows');
const hasAll = pgAvailable() && chromiumAvailable();

describe.skipIf(!hasAll)('I/O workflows through the engine', () => {
  let srv: TestHttpServer;
  let engine: Engine;
  let dir = '';
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    srv = await startHttpServer({
      'GET /items': (_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(ITEMS)); },
      'GET /page': (_req, res) => { res.setHeader('content-type', 'text/html'); res.end(PAGE); },
      'GET /broken': (_req, res) => { res.statusCode = 500; res.end('{"detail":"boom"}'); },
      'POST /report': (_req, res) => { res.statusCode = 201; res.end('{"ok":true}'); },
      'GET /slow': (_req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => { inFlight--; res.end('{"slow":true}'); }, 50);
      },
    }, { autoClose: false });
    engine = createEngine({ http: { allowedHosts: ['127.0.0.1'] }, monitorEventLoop: false, retainOutputs: 'all' });
    dir = await mkdtemp(join(tmpdir(), 'casare-io-e2e-'));
    const c = new pg.Client(db.url);
    await c.connect();
    await c.query('CREATE TABLE stock (sku text PRIMARY KEY, qty int NOT NULL)');
    await c.end();
  });

  afterAll(async () => {
    await engine?.close();
    await srv?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every pool of the engine is idle between runs. */
  function expectIdle(): void {
    const s = engine.io.stats();
    expect({ http: s.http.inUse, pg: s.pg.inUse, browser: s.browser.inUse }).toEqual({ http: 0, pg: 0, browser: 0 });
    expect({ http: s.http.waiting, pg: s.pg.waiting, browser: s.browser.waiting }).toEqual({ http: 0, pg: 0, browser: 0 });
  }

  async function stockRows(): Promise<{ sku: string; qty: number }[]> {
    const c = new pg.Client(db.url);
    await c.connect();
    try {
      return (await c.query('SELECT sku, qty FROM stock ORDER BY sku')).rows as { sku: string; qty: number }[];
    } finally {
      await c.end();
    }
  }

  it('moves data from HTTP into PostgreSQL, a file, the browser and back out over HTTP', async () => {
    const out = join(dir, 'stock.json');
    const r = await engine.run(wf([
      ['get', 'HttpRequestNode', { url: `${srv.url}/items`, method: 'GET' }],
      ['conn', 'DatabaseConnectNode', { db_type: 'postgresql', connection_string: db.url }],
      ['bulk', 'DatabaseBulkInsertNode', { table_name: 'stock' }],
      ['sel', 'ExecuteQueryNode', { query: 'SELECT sku, qty FROM stock WHERE qty >= {{min_qty}} ORDER BY sku' }],
      ['save', 'WriteJSONFileNode', { file_path: out }],
      ['load', 'ReadJSONFileNode', { file_path: out }],
      ['open', 'LaunchBrowserNode', { url: `${srv.url}/page`, headless: true }],
      ['title', 'ExtractTextNode', { selector: '#title' }],
      ['scrape', 'TableScraperNode', { table_selector: '#stock' }],
      ['post', 'HttpRequestNode', { url: `${srv.url}/report`, method: 'POST' }],
      ['close', 'CloseBrowserNode'],
    ], [
      ...chain('get', 'conn', 'bulk', 'sel', 'save', 'load', 'open', 'title', 'scrape', 'post', 'close'),
      ['get', 'response_json', 'bulk', 'rows'],
      ['conn', 'connection', 'bulk', 'connection'],
      ['conn', 'connection', 'sel', 'connection'],
      ['sel', 'results', 'save', 'data'],
      ['scrape', 'data', 'post', 'body'],
    ], {}, { min_qty: 3 }));

    expect(r.error).toBeUndefined();
    expect(r.status).toBe('success');
    expect(r.outputs['get']).toMatchObject({ status_code: 200, success: true });
    expect(r.outputs['bulk']).toMatchObject({ rows_affected: 3, success: true });
    // The injection-shaped sku went in as data: the table is intact and holds it verbatim.
    expect(await stockRows()).toEqual([...ITEMS].sort((a, b) => (a.sku < b.sku ? -1 : 1)));
    expect(r.outputs['sel']?.['row_count']).toBe(3);
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(r.outputs['sel']?.['results']);
    expect(r.outputs['load']?.['data']).toEqual(r.outputs['sel']?.['results']);
    expect(r.outputs['title']).toEqual({ text: 'Stock report' });
    expect(r.outputs['scrape']?.['data']).toEqual([{ sku: 'A-1', qty: '3' }, { sku: 'B-2', qty: '5' }]);
    const report = srv.requests.find((q) => q.path === '/report')!;
    expect(JSON.parse(report.body.toString())).toEqual([{ sku: 'A-1', qty: '3' }, { sku: 'B-2', qty: '5' }]);
    expect(report.headers['content-type']).toBe('application/json');
    expect(r.outputs['post']).toMatchObject({ status_code: 201, success: true, response_json: { ok: true } });
    expect(r.stats['resources']).toMatchObject({ pg: { inUse: 0 }, browser: { inUse: 0 } });
    expectIdle();
  });

  it('reports a 500 as success=false outputs without failing the run', async () => {
    const r = await engine.run(wf([
      ['get', 'HttpRequestNode', { url: `${srv.url}/broken` }],
      ['after', 'SetVariableNode', { variable_name: 'seen', value: '{{get.status_code}}' }],
    ], chain('get', 'after')));
    expect(r.status).toBe('success');
    expect(r.outputs['get']).toMatchObject({
      status_code: 500, success: false, error: 'HTTP 500', response_body: '{"detail":"boom"}', response_json: { detail: 'boom' },
    });
    expect(r.variables['seen']).toBe(500);
    expectIdle();
  });

  it('fails the run at the HTTP node when the server is down, naming node, type and cause', async () => {
    const port = await freePort();
    const r = await engine.run(wf([
      ['get', 'HttpRequestNode', { url: `http://127.0.0.1:${port}/x`, timeout: 5 }],
      ['never', 'SetVariableNode', { variable_name: 'reached', value: true }],
    ], chain('get', 'never')));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ phase: 'run', nodeId: 'get', nodeType: 'HttpRequestNode', errorType: 'ClientConnectorError', code: 'CASARE_E_NODE_FAILED' });
    expect(r.error!.message).toMatch(/^HTTP GET request failed: .*ECONNREFUSED/);
    expect(r.executed).toEqual(['get']);
    expect(r.variables['reached']).toBeUndefined();
    expectIdle();
  });

  it('fails the run on bad SQL with the PostgreSQL error and its SQLSTATE, and returns the client', async () => {
    const events: { type: string; message?: string }[] = [];
    const r = await engine.run(wf([
      ['conn', 'DatabaseConnectNode', { db_type: 'postgresql', connection_string: db.url }],
      ['q', 'ExecuteQueryNode', { query: 'SELECT * FROM no_such_table' }],
    ], [...chain('conn', 'q'), ['conn', 'connection', 'q', 'connection']]), { onEvent: (e) => events.push(e) });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({
      nodeId: 'q', errorType: 'PostgresError', message: 'Query execution error: relation "no_such_table" does not exist',
      sqlState: '42P01',
    });
    // SQLSTATE 42P01 (undefined_table) is passed through: a log record of the failing node carries it.
    expect(r.logs.filter((l) => l.nodeId === 'q').map((l) => l.message)).toContain(
      'SQLSTATE 42P01: relation "no_such_table" does not exist');
    expect(events.some((e) => e.type === 'node-error' && e.message === r.error!.message)).toBe(true);
    expectIdle();
    // A syntax error is 42601, not 42P01: the code comes from the server, not from us.
    const syn = await engine.run(wf([
      ['conn', 'DatabaseConnectNode', { db_type: 'postgresql', connection_string: db.url }],
      ['q', 'ExecuteNonQueryNode', { query: 'UPDATE stock SET WHERE' }],
    ], [...chain('conn', 'q'), ['conn', 'connection', 'q', 'connection']]));
    expect(syn.error).toMatchObject({ nodeId: 'q', errorType: 'PostgresError', sqlState: '42601' });
    expect(syn.logs.some((l) => l.message.startsWith('SQLSTATE 42601: '))).toBe(true);
    expectIdle();
  });

  it('rolls back an open transaction when a later node fails the run', async () => {
    const r = await engine.run(wf([
      ['conn', 'DatabaseConnectNode', { db_type: 'postgresql', connection_string: db.url }],
      ['begin', 'BeginTransactionNode'],
      ['ins', 'ExecuteNonQueryNode', { query: "INSERT INTO stock (sku, qty) VALUES ('TX-1', 1)" }],
      ['read', 'ReadFileNode', { file_path: join(dir, 'missing.txt') }],
      ['commit', 'CommitTransactionNode'],
    ], [
      ...chain('conn', 'begin', 'ins', 'read', 'commit'),
      ['conn', 'connection', 'begin', 'connection'], ['begin', 'connection', 'ins', 'connection'],
      ['begin', 'connection', 'commit', 'connection'],
    ]));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ nodeId: 'read', errorType: 'FileNotFoundError', message: `File not found: ${join(dir, 'missing.txt')}` });
    expect(r.outputs['ins']).toMatchObject({ rows_affected: 1 });
    expect((await stockRows()).map((x) => x.sku)).not.toContain('TX-1');
    expectIdle();
  });

  it('fails on an element that never appears and still closes the run\'s browser context', async () => {
    const before = engine.io.stats().browser.contextsCreated;
    const r = await engine.run(wf([
      ['open', 'LaunchBrowserNode', { url: `${srv.url}/page`, headless: true }],
      ['click', 'ClickElementNode', { selector: '#not-there', timeout: 300 }],
    ], chain('open', 'click')));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ nodeId: 'click', nodeType: 'ClickElementNode', errorType: 'TimeoutError' });
    expect(r.error!.message).toMatch(/Timeout 300ms exceeded/);
    const st = engine.io.stats().browser;
    expect(st.contextsCreated).toBe(before + 1);
    expectIdle();
  });

  it('fails on a missing file with CasareRPA\'s text', async () => {
    const missing = join(dir, 'nope', 'data.csv');
    const r = await engine.run(wf([['read', 'ReadCSVNode', { file_path: missing }]], []));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ nodeId: 'read', errorType: 'FileNotFoundError' });
    expect(r.error!.message).toContain(missing);
  });

  it('catches an I/O failure in a Try body and continues with the Catch', async () => {
    const port = await freePort();
    const note = join(dir, 'caught.txt');
    const r = await engine.run(wf([
      ['try', 'TryNode'],
      ['get', 'HttpRequestNode', { url: `http://127.0.0.1:${port}/x`, timeout: 5 }],
      ['skipped', 'SetVariableNode', { variable_name: 'after_get', value: true }],
      ['catch', 'CatchNode'],
      ['write', 'WriteFileNode', { file_path: note, content: '{{catch.error_type}}: {{catch.error_message}}' }],
      ['done', 'SetVariableNode', { variable_name: 'handled', value: '{{catch.error_type}}' }],
    ], [
      ['try', 'try_body', 'get', 'exec_in'], ['get', 'exec_out', 'skipped', 'exec_in'],
      ['try', 'exec_out', 'catch', 'exec_in'], ['catch', 'catch_body', 'write', 'exec_in'], ['write', 'exec_out', 'done', 'exec_in'],
    ]));
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('success');
    expect(r.executed).toEqual(['try', 'get', 'catch', 'write', 'done']);
    expect(r.variables['handled']).toBe('ClientConnectorError');
    expect(r.variables['after_get']).toBeUndefined();
    expect(await readFile(note, 'utf8')).toMatch(/^ClientConnectorError: HTTP GET request failed: .*ECONNREFUSED/);
    expectIdle();
  });

  it('runs 8 independent 50 ms HTTP branches at once (auto-start fan-out)', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `h${i}`);
    const bytes = wf(ids.map((id): N => [id, 'HttpRequestNode', { url: `${srv.url}/slow?i=${id}` }]), []);
    await engine.run(bytes); // warm: sockets open, plan cached
    maxInFlight = 0;
    const t0 = performance.now();
    const r = await engine.run(bytes);
    const wallMs = performance.now() - t0;
    expect(r.status).toBe('success');
    for (const id of ids) expect(r.outputs[id]).toMatchObject({ status_code: 200, response_json: { slow: true } });
    expect(r.stats.maxInFlight).toBeGreaterThanOrEqual(8);
    expect(maxInFlight).toBe(8); // the server saw all eight at once
    expect(wallMs).toBeLessThan(8 * 50 * 0.9); // sequential would be >= 400 ms; concurrent is ~50-60 ms (wide margin: shared 2-core CI)
    expectIdle();
  });

  it('refuses 127.0.0.1 when the engine allows no hosts, whatever the workflow file says', async () => {
    const strict = createEngine({ monitorEventLoop: false, retainOutputs: 'all' });
    const seen = srv.requests.length;
    try {
      const url = `${srv.url}/items`;
      const r = await strict.run(wf([['get', 'HttpRequestNode', { url }]], [],
        // Attempts at self-exemption: none of these are engine options.
        { allowed_hosts: ['127.0.0.1'], allowedHosts: ['127.0.0.1'], http: { allowedHosts: ['127.0.0.1'] } },
        { allowed_hosts: ['127.0.0.1'] }));
      expect(r.status).toBe('error');
      expect(r.error).toMatchObject({ nodeId: 'get', errorType: 'SSRFError', code: 'CASARE_E_HTTP_SSRF_BLOCKED',
        message: `SSRF protection blocked request to ${url}` });
      expect(srv.requests.length).toBe(seen); // nothing reached the server
      const ok = await engine.run(wf([['get', 'HttpRequestNode', { url }]], []));
      expect(ok.outputs['get']).toMatchObject({ status_code: 200 });
    } finally {
      await strict.close();
    }
  });

  it('keeps writing files under a missing directory and reading them back (file round trip)', async () => {
    const p = join(dir, 'deep', 'a', 'note.txt');
    await writeFile(join(dir, 'seed.txt'), 'seed');
    const r = await engine.run(wf([
      ['w', 'WriteFileNode', { file_path: p, content: 'line {{n}}' }],
      ['a', 'AppendFileNode', { file_path: p, content: '\nmore' }],
      ['r', 'ReadFileNode', { file_path: p }],
    ], chain('w', 'a', 'r'), {}, { n: 1 }));
    expect(r.status).toBe('success');
    expect(r.outputs['r']).toMatchObject({ content: 'line 1\nmore', success: true });
    expect(existsSync(p)).toBe(true);
  });
});
