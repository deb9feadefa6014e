import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../../support/run-node.js';
import { specs } from '../../../src/nodes/http/index.js';
import { createIoServices, resolveIoOptions } from '../../../src/resources/services.js';
import type { IoServices } from '../../../src/resources/services.js';
import { RunScope } from '../../../src/resources/run-scope.js';

const spec = (t: string) => specs.find((s) => s.type === t)!;
const HttpRequest = spec('HttpRequestNode');
const HttpSuper = spec('HttpSuperNode');

// Local equivalent of test/support/http-server.ts (not present when this was written).
type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
let server: Server;
let base = '';
let io: IoServices;
let dir = '';

function route(path: string, h: Handler): void { routes.set(path, h); }

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url!, 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const h = routes.get(path);
      if (h) h(req, res, Buffer.concat(chunks));
      else { res.statusCode = 404; res.end('nope'); }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  io = createIoServices(resolveIoOptions({ http: { allowedHosts: ['127.0.0.1'], connectionsPerHost: 4 } }));
  dir = await mkdtemp(join(tmpdir(), 'casare-http-'));
  route('/echo', (req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-test', 'yes');
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString() }));
  });
  route('/fail', (_q, res) => { res.statusCode = 500; res.end('boom'); });
  route('/slow', (_q, res) => { setTimeout(() => res.end('late'), 1500); });
  route('/redirect', (_q, res) => { res.statusCode = 302; res.setHeader('location', '/echo?from=redirect'); res.end(); });
  route('/redirect-private', (_q, res) => { res.statusCode = 302; res.setHeader('location', 'http://10.0.0.1/x'); res.end(); });
  route('/loop', (_q, res) => { res.statusCode = 302; res.setHeader('location', '/loop'); res.end(); });
  let flaky = 0;
  route('/flaky', (_q, res) => {
    flaky++;
    if (flaky < 3) { res.statusCode = 503; res.setHeader('retry-after', '0'); res.end('busy'); return; }
    res.end('ok after retries');
  });
  route('/big', (_q, res) => {
    const chunk = Buffer.alloc(64 * 1024, 97);
    let n = 0;
    const write = (): void => {
      while (n < 64) { n++; if (!res.write(chunk)) { res.once('drain', write); return; } }
      res.end();
    };
    write();
  });
});

afterAll(async () => {
  await io.close();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

function services() { return { io, scope: new RunScope() }; }

describe('HttpRequestNode', () => {
  it('sends method, JSON body, headers and params, and parses the JSON response', async () => {
    const r = await runNode(HttpRequest, {
      config: { url: `${base}/echo`, method: 'post', body: { a: 1 }, headers: '{"X-Custom":"v"}', params: { q: 'x y' } },
      services: services(),
    });
    expect(r.ok).toBe(true);
    expect(r.outputs['status_code']).toBe(200);
    expect(r.outputs['success']).toBe(true);
    expect(r.outputs['error']).toBe('');
    const json = r.outputs['response_json'] as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(json.method).toBe('POST');
    expect(json.url).toBe('/echo?q=x+y');
    expect(json.headers['x-custom']).toBe('v');
    expect(json.headers['user-agent']).toBe('CasareRPA/1.0');
    expect(json.headers['content-type']).toBe('application/json');
    expect(JSON.parse(json.body)).toEqual({ a: 1 });
    expect((r.outputs['response_headers'] as Record<string, string>)['x-test']).toBe('yes');
  });

  it('sends a raw string body with content_type and applies basic and bearer auth', async () => {
    const r = await runNode(HttpRequest, {
      config: { url: `${base}/echo`, method: 'PUT', body: 'plain', content_type: 'text/plain', auth_type: 'basic', username: 'u', password: 'p' },
      services: services(),
    });
    const json = r.outputs['response_json'] as { headers: Record<string, string>; body: string };
    expect(json.body).toBe('plain');
    expect(json.headers['content-type']).toBe('text/plain');
    expect(json.headers['authorization']).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    const b = await runNode(HttpRequest, { config: { url: `${base}/echo`, auth_type: 'bearer', bearer_token: 't0k' }, services: services() });
    expect((b.outputs['response_json'] as { headers: Record<string, string> }).headers['authorization']).toBe('Bearer t0k');
  });

  it('treats a 500 as a node success with success=false and error "HTTP 500"', async () => {
    const r = await runNode(HttpRequest, { config: { url: `${base}/fail` }, services: services() });
    expect(r.ok).toBe(true);
    expect(r.outputs['status_code']).toBe(500);
    expect(r.outputs['success']).toBe(false);
    expect(r.outputs['error']).toBe('HTTP 500');
    expect(r.outputs['response_body']).toBe('boom');
  });

  it('retries 503 honouring Retry-After until the server answers', async () => {
    const r = await runNode(HttpRequest, { config: { url: `${base}/flaky`, retry_count: 3, retry_delay: 0.01 }, services: services() });
    expect(r.outputs['status_code']).toBe(200);
    expect(r.outputs['response_body']).toBe('ok after retries');
    expect(hits.get('/flaky')).toBe(3);
  });

  it('follows redirects and fails after max_redirects', async () => {
    const r = await runNode(HttpRequest, { config: { url: `${base}/redirect` }, services: services() });
    expect((r.outputs['response_json'] as { url: string }).url).toBe('/echo?from=redirect');
    const loop = await runNode(HttpRequest, { config: { url: `${base}/loop`, max_redirects: 3 }, services: services() });
    expect(loop.ok).toBe(false);
    expect(loop.error!.message).toBe('HTTP GET request failed: Exceeded maximum allowed redirects.');
    const noFollow = await runNode(HttpRequest, { config: { url: `${base}/redirect`, follow_redirects: false }, services: services() });
    expect(noFollow.outputs['status_code']).toBe(302);
  });

  it('fails with a timeout error when the server is slower than timeout', async () => {
    const r = await runNode(HttpRequest, { config: { url: `${base}/slow`, timeout: 0.2 }, services: services() });
    expect(r.ok).toBe(false);
    expect(r.error!.errorType).toBe('TimeoutError');
    expect(r.error!.message).toMatch(/^HTTP GET request failed: /);
    expect(r.outputs['status_code']).toBe(0);
    expect(r.outputs['success']).toBe(false);
  });

  it('fails with a connection error when the server is down', async () => {
    const down = createServer();
    await new Promise<void>((res) => down.listen(0, '127.0.0.1', res));
    const port = (down.address() as AddressInfo).port;
    await new Promise<void>((res) => down.close(() => res()));
    const r = await runNode(HttpRequest, { config: { url: `http://127.0.0.1:${port}/x`, method: 'DELETE' }, services: services() });
    expect(r.ok).toBe(false);
    expect(r.error!.errorType).toBe('ClientConnectorError');
    expect(r.error!.message).toMatch(/^HTTP DELETE request failed: .*ECONNREFUSED/);
  });

  it('refuses loopback and private targets not in allowedHosts, also on a redirect hop', async () => {
    const strict = createIoServices(resolveIoOptions({}));
    try {
      const url = `${base}/echo`;
      const r = await runNode(HttpRequest, { config: { url }, services: { io: strict, scope: new RunScope() } });
      expect(r.ok).toBe(false);
      expect(r.error!.message).toBe(`SSRF protection blocked request to ${url}`);
      const loc = await runNode(HttpRequest, { config: { url: 'http://localhost:1/' }, services: { io: strict, scope: new RunScope() } });
      expect(loc.error!.message).toBe('SSRF protection blocked request to http://localhost:1/');
    } finally {
      await strict.close();
    }
    const hop = await runNode(HttpRequest, { config: { url: `${base}/redirect-private` }, services: services() });
    expect(hop.ok).toBe(false);
    expect(hop.error!.message).toBe('SSRF protection blocked request to http://10.0.0.1/x');
  });

  it('fails with "URL is required" for an empty url', async () => {
    const r = await runNode(HttpRequest, { config: { url: '' }, services: services() });
    expect(r.error!.message).toBe('URL is required');
  });
});

describe('HttpSuperNode', () => {
  it('parses a JSON body string for POST Request', async () => {
    const r = await runNode(HttpSuper, { config: { action: 'POST Request', url: `${base}/echo`, body: '{"k":[1,2]}' }, services: services() });
    const json = r.outputs['response_json'] as { body: string; headers: Record<string, string> };
    expect(JSON.parse(json.body)).toEqual({ k: [1, 2] });
    expect(json.headers['content-type']).toBe('application/json');
  });

  it('downloads a 4 MiB body to a file as a stream', async () => {
    const target = join(dir, 'sub', 'big.bin');
    const r = await runNode(HttpSuper, { config: { action: 'Download File', url: `${base}/big`, save_path: target }, services: services() });
    expect(r.ok).toBe(true);
    expect(r.outputs['file_path']).toBe(target);
    expect(r.outputs['file_size']).toBe(64 * 64 * 1024);
    const data = await readFile(target);
    expect(data.length).toBe(4 * 1024 * 1024);
    expect(data.every((b) => b === 97)).toBe(true);
  });

  it('uploads a file as multipart/form-data', async () => {
    const src = join(dir, 'up.txt');
    await writeFile(src, 'hello upload');
    const r = await runNode(HttpSuper, { config: { action: 'Upload File', url: `${base}/echo`, file_path: src }, services: services() });
    const json = r.outputs['response_json'] as { method: string; body: string; headers: Record<string, string> };
    expect(json.method).toBe('POST');
    expect(json.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(json.body).toContain('filename="up.txt"');
    expect(json.body).toContain('hello upload');
  });

  it('Configure Auth emits headers with Authorization', async () => {
    const r = await runNode(HttpSuper, { config: { action: 'Configure Auth', auth_type: 'bearer', bearer_token: 'z', headers: { A: 'b' } }, services: services() });
    expect(r.outputs['headers']).toEqual({ A: 'b', Authorization: 'Bearer z' });
  });
});

describe('SetHttpHeadersNode and ParseJsonResponseNode', () => {
  it('merges base headers, headers_json and name/value', async () => {
    const r = await runNode(spec('SetHttpHeadersNode'), { config: { base_headers: { A: 'b' }, headers_json: '{"C":"d"}', header_name: 'X', header_value: 1 } });
    expect(r.outputs['headers']).toEqual({ A: 'b', C: 'd', X: '1' });
  });

  it('follows a path, falls back to default, fails without data', async () => {
    const P = spec('ParseJsonResponseNode');
    const ok = await runNode(P, { inputs: { json_data: '{"data":{"items":[{"n":"a"},{"n":"b"}]}}' }, config: { path: 'data.items[1].n' } });
    expect(ok.outputs['value']).toBe('b');
    const dflt = await runNode(P, { inputs: { json_data: { a: 1 } }, config: { path: 'a.b', default: 'none' } });
    expect(dflt.outputs['value']).toBe('none');
    const missing = await runNode(P, {});
    expect(missing.error!.message).toBe('JSON parse error: No JSON data provided');
  });
});

describe('HTTP pools', () => {
  it('runs parallel requests over one pool per origin and ends with nothing in use', async () => {
    const own = createIoServices(resolveIoOptions({ http: { allowedHosts: ['127.0.0.0/8'], connectionsPerHost: 3 } }));
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () =>
        runNode(HttpRequest, { config: { url: `${base}/echo` }, services: { io: own, scope: new RunScope() } })));
      expect(results.every((r) => r.outputs['status_code'] === 200)).toBe(true);
      const s = own.stats().http;
      expect(s.inUse).toBe(0);
      expect(s.waiting).toBe(0);
      expect(s.connected).toBeGreaterThan(0);
      expect(s.connected).toBeLessThanOrEqual(3);
      expect(s.size).toBe(1);
      expect(s.created).toBe(1);
    } finally {
      await own.close();
    }
    expect(own.stats().http.size).toBe(0);
  });
});
