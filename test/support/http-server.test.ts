import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from './http-server.js';
import type { TestHttpServer } from './http-server.js';

describe('startHttpServer', () => {
  let shared: TestHttpServer;
  beforeAll(async () => {
    // Outside a test: no auto-close, the hook closes it.
    shared = await startHttpServer({
      'POST /echo': (_req, res, body) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ got: body.toString() }));
      },
      '/any': (req, res) => res.end(req.method),
      'GET /boom': () => {
        throw new Error('handler broke');
      },
    });
  });
  afterAll(() => shared.close());

  it('routes by method and path, records requests, and answers 404 for unknown routes', async () => {
    const echo = await request(`${shared.url}/echo?x=1`, { method: 'POST', body: 'hello' });
    expect(echo.statusCode).toBe(200);
    expect(await echo.body.json()).toEqual({ got: 'hello' });

    const any = await request(`${shared.url}/any`, { method: 'PUT', body: '' });
    expect(await any.body.text()).toBe('PUT');

    const missing = await request(`${shared.url}/nope`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();

    const rec = shared.requests.find((r) => r.path === '/echo')!;
    expect(rec.method).toBe('POST');
    expect(rec.url).toBe('/echo?x=1');
    expect(rec.body.toString()).toBe('hello');
    expect(shared.requests.map((r) => r.path)).toEqual(['/echo', '/any', '/nope']);
  });

  it('answers 500 when a handler throws', async () => {
    const res = await request(`${shared.url}/boom`);
    expect(res.statusCode).toBe(500);
    expect(await res.body.text()).toBe('handler broke');
  });

  it('listens on 127.0.0.1 and stops accepting after close, even with keep-alive sockets', async () => {
    const srv = await startHttpServer({ '/': (_req, res) => res.end('ok') });
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await request(srv.url);
    expect(await first.body.text()).toBe('ok');
    await srv.close();
    await expect(request(srv.url)).rejects.toThrow();
  });

  let leaked: TestHttpServer | undefined;
  it('closes by itself when the test that started it finishes', async () => {
    leaked = await startHttpServer({ '/': (_req, res) => res.end('ok') });
    const res = await request(leaked.url);
    expect(await res.body.text()).toBe('ok');
  });
  it('(previous server is closed now)', async () => {
    await expect(request(leaked!.url)).rejects.toThrow();
  });
});
