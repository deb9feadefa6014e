/**
 * BatchHttpEnrichNode against a real HTTP server on 127.0.0.1, inside a streamed batch pipeline:
 * every row gets the server's answer in input order, requests overlap up to `concurrency`, URL
 * values are percent-encoded, failed rows are rejected with their row number or fail the run first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';
import { parseUrlTemplate } from '../../../src/nodes/batch/batch-http-enrich-node.js';
import { startHttpServer, type TestHttpServer } from '../../support/http-server.js';
import { workflow } from './workflow.js';

registerNodes(specs);

let dir: string;
let engine: Engine;
let server: TestHttpServer;
const seen = { active: 0, max: 0 };
const N = 300;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'casare-enrich-'));
  engine = createEngine({ cwd: dir, retainOutputs: 'all', http: { allowedHosts: ['127.0.0.1'] } });
  const lines = ['id,name'];
  for (let i = 1; i <= N; i++) lines.push(`${i},${i === 7 ? '"ada & grace/?"' : `n${i}`}`);
  writeFileSync(join(dir, 'in.csv'), lines.join('\n') + '\n');
  // GET /lookup?id=<id>&name=<name>: {id, score} after 2 ms; every 50th id is unknown (404).
  server = await startHttpServer({
    'GET /lookup': (req, res) => {
      const id = Number(new URL(req.url ?? '', 'http://x').searchParams.get('id'));
      seen.active++;
      seen.max = Math.max(seen.max, seen.active);
      setTimeout(() => {
        seen.active--;
        if (id % 50 === 0) { res.statusCode = 404; res.end('no such id'); return; }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id, score: id * 2 }));
      }, 2);
    },
  }, { autoClose: false });
});
afterAll(async () => {
  await engine.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** read (CSV, batches of 64) -> enrich -> write NDJSON -> loop end; completed -> commit. */
function enrichPipeline(enrich: Record<string, unknown>, out: string): Buffer {
  return workflow([
    ['start', 'StartNode'],
    ['read', 'BatchReadStartNode', { file_path: 'in.csv', batch_size: 64 }],
    ['enrich', 'BatchHttpEnrichNode', { url: `${server.url}/lookup?id={{id}}&name={{ name }}`, concurrency: 6, ...enrich }],
    ['write', 'BatchWriteNode', { file_path: out }],
    ['loop_end', 'ForLoopEndNode', { paired_start_id: 'read' }],
    ['commit', 'BatchCommitNode'],
    ['end', 'EndNode'],
  ], [
    'start.exec_out>read.exec_in', 'read.body>enrich.exec_in', 'enrich.exec_out>write.exec_in', 'write.exec_out>loop_end.exec_in',
    'read.completed>commit.exec_in', 'commit.exec_out>end.exec_in',
    'read.batch>enrich.rows', 'read.row_offset>enrich.row_offset', 'enrich.rows>write.rows',
  ]);
}

const ndjson = (p: string): Record<string, unknown>[] => readFileSync(p, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('BatchHttpEnrichNode', () => {
  it('parses {{column}} placeholders only ({{ }} with spaces too; a URL\'s own %xx escapes stay)', () => {
    expect(parseUrlTemplate('http://h/a%C3%A9/{{id}}?q={{ name }}&x=1')).toEqual({ pieces: ['http://h/a%C3%A9/', '?q=', '&x=1'], columns: ['id', 'name'] });
  });

  it('adds each row\'s answer in input order, with up to `concurrency` requests in flight; failed rows go to rejects with their row number', async () => {
    seen.max = 0;
    server.requests.length = 0;
    const res = await engine.run(enrichPipeline({ on_error: 'skip_and_record', reject_path: 'rejects.ndjson' }, 'enriched.ndjson'));
    expect(res.status).toBe('success');
    const got = ndjson(join(dir, 'enriched.ndjson'));
    const kept = Array.from({ length: N }, (_, k) => k + 1).filter((id) => id % 50 !== 0);
    expect(got.map((r) => r['id'])).toEqual(kept.map(String));
    for (const r of got) expect(r['response']).toEqual({ id: Number(r['id']), score: Number(r['id']) * 2 });
    expect(seen.max).toBeGreaterThan(1);
    expect(seen.max).toBeLessThanOrEqual(6);
    // Percent-encoded on the way out: the server reads the value back whole.
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('name'))).toContain('ada & grace/?');
    const rejects = ndjson(join(dir, 'rejects.ndjson'));
    expect(rejects.map((r) => [r['row_number'], r['reason']])).toEqual([50, 100, 150, 200, 250, 300].map((n) => [n, 'HTTP 404']));
  });

  it('fail_fast: the run fails naming the first failed row, and the atomic output is not committed', async () => {
    const res = await engine.run(enrichPipeline({}, 'never.ndjson'));
    expect(res.status).toBe('error');
    expect(res.error).toMatchObject({ code: 'CASARE_E_BATCH_ROW_INVALID', nodeId: 'enrich', message: 'row 50: HTTP 404' });
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
  });

  it('a row without a placeholder column is a row error; accept_status keeps a non-2xx answer', async () => {
    const res = await engine.run(enrichPipeline({ url: `${server.url}/lookup?id={{id}}&name={{nope}}`, on_error: 'skip_and_record' }, 'none.ndjson'));
    expect(res.status).toBe('success');
    expect(ndjson(join(dir, 'none.ndjson'))).toEqual([]);
    const ok = await engine.run(enrichPipeline({ accept_status: [404] }, 'all.ndjson'));
    expect(ok.status).toBe('success');
    const all = ndjson(join(dir, 'all.ndjson'));
    expect(all).toHaveLength(N);
    expect(all[49]!['response']).toBe('no such id');
  });

  it('a target the SSRF guard refuses fails the node (not a row), with the guard\'s code', async () => {
    const guarded = createEngine({ cwd: dir, monitorEventLoop: false }); // 127.0.0.1 not allowed
    try {
      const res = await guarded.run(enrichPipeline({ on_error: 'skip_and_record' }, 'blocked.ndjson'));
      expect(res.status).toBe('error');
      expect(res.error).toMatchObject({ code: 'CASARE_E_HTTP_SSRF_BLOCKED', nodeId: 'enrich' });
    } finally {
      await guarded.close();
    }
  });
});
