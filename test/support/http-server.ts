/**
 * A node:http server on 127.0.0.1 port 0 with a route table, for tests of HTTP nodes:
 *
 *   const srv = await startHttpServer({ 'GET /ok': (req, res) => res.end('hi') });
 *   afterAll(() => srv.close());
 *   await fetchSomething(`${srv.url}/ok`); expect(srv.requests[0].method).toBe('GET');
 *
 * Routes are `'METHOD /path'` or `'/path'` (any method); the path matches without the query.
 * Unmatched requests get 404. Every request is recorded (method, url, headers, body) before
 * its handler runs. A throwing handler answers 500. `close()` drops keep-alive sockets too.
 * When `autoClose` (default) is on and this runs inside a vitest test, the server also closes
 * when that test finishes, pass or fail.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A route handler; `body` is the whole request body, already read. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;

export type RouteTable = Record<string, RouteHandler>;

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Add or replace a route while running. */
  route(key: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

export interface StartHttpServerOptions {
  /** Close when the current vitest test finishes (only when called inside a test). Default true. */
  autoClose?: boolean;
}

export async function startHttpServer(routes: RouteTable = {}, options: StartHttpServerOptions = {}): Promise<TestHttpServer> {
  const table = new Map<string, RouteHandler>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      requests.push({ method, url, path, headers: req.headers, body });
      const handler = table.get(`${method} ${path}`) ?? table.get(path);
      if (!handler) {
        res.statusCode = 404;
        res.end(`no route for ${method} ${path}`);
        return;
      }
      Promise.resolve()
        .then(() => handler(req, res, body))
        .catch((err: unknown) => {
          if (!res.headersSent) res.statusCode = 500;
          res.end(String(err instanceof Error ? err.message : err));
        });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    return closing;
  };

  if (options.autoClose !== false) {
    try {
      onTestFinished(() => close());
    } catch {
      // Not inside a running test (beforeAll, globalSetup): the caller closes it.
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    route(key, handler) {
      table.set(key, handler);
    },
    close,
  };
}
