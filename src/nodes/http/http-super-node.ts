/**
 * HttpSuperNode (nodes.md §14): the verb actions as HttpRequestNode (body text parsed as JSON when
 * possible), Download File streamed to disk (temp file + rename, never whole in memory), Upload File
 * streamed as multipart/form-data, Configure Auth (emits `headers` with the Authorization header).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { defineNode, NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { resolveSafePath } from '../file/safe-path.js';
import { runHttpCall } from './http-request-node.js';
import { HTTP_OUTPUTS, applyAuth, failHttp, num, sendOrFail, toHeaderDict, withParams } from './http-common.js';
import type { HttpResponse } from './http-client.js';

const VERBS: Readonly<Record<string, string>> = {
  'GET Request': 'GET', 'POST Request': 'POST', 'PUT Request': 'PUT', 'PATCH Request': 'PATCH', 'DELETE Request': 'DELETE',
};

function parseMaybeJson(body: unknown): unknown {
  if (typeof body !== 'string' || body.trim() === '') return body;
  try { return JSON.parse(body); } catch { return body; }
}

function baseCall(ctx: NodeContext, method: string) {
  const url = pyStr(ctx.param('url') ?? '');
  if (url === '') throw failHttp(ctx, 'URL is required', 'ValueError');
  const headers = toHeaderDict(ctx.param('headers'));
  applyAuth(ctx, headers);
  return {
    method, url: withParams(url, ctx.param('params')), headers,
    timeoutMs: Math.max(1, num(ctx.param('timeout'), 30) * 1000),
    retryCount: Math.max(0, Math.trunc(num(ctx.param('retry_count'), 0))),
    retryDelayMs: 1000, followRedirects: true, maxRedirects: 10,
  };
}

function writeMeta(ctx: NodeContext, res: HttpResponse): boolean {
  const ok = res.status >= 200 && res.status < 300;
  ctx.out('response_body', '');
  ctx.out('status_code', res.status);
  ctx.out('response_headers', res.headers);
  ctx.out('success', ok);
  ctx.out('error', ok ? '' : `HTTP ${res.status}`);
  return ok;
}

async function download(ctx: NodeContext): Promise<void> {
  const call = baseCall(ctx, 'GET');
  const given = pyStr(ctx.param('save_path') ?? '');
  if (given === '') throw failHttp(ctx, 'Save path is required', 'ValueError');
  const path = await resolveSafePath(ctx, given);
  const res = await sendOrFail(ctx, { ...call, body: null });
  if (!writeMeta(ctx, res)) { await res.body.dump(); return; }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.part`;
  try {
    await pipeline(res.body, createWriteStream(tmp), { signal: ctx.signal });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw failHttp(ctx, `HTTP GET request failed: ${(e as Error).message}`, 'ClientError');
  }
  ctx.out('file_path', path);
  ctx.out('file_size', (await stat(path)).size);
}

async function upload(ctx: NodeContext): Promise<void> {
  const call = baseCall(ctx, 'POST');
  const given = pyStr(ctx.param('file_path') ?? '');
  if (given === '') throw failHttp(ctx, 'File path is required', 'ValueError');
  const path = await resolveSafePath(ctx, given);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw failHttp(ctx, `File not found: ${given}`, 'FileNotFoundError');
  }
  const field = pyStr(ctx.param('file_field') ?? 'file');
  const boundary = `----CasareBoundary${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${basename(path)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  call.headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`;
  call.headers['Content-Length'] = String(head.length + size + tail.length);
  const body = (): Readable => Readable.from((async function* () {
    yield head;
    yield* createReadStream(path, { highWaterMark: 64 * 1024 });
    yield tail;
  })());
  const res = await sendOrFail(ctx, { ...call, body });
  const text = await res.body.text();
  writeMeta(ctx, res);
  ctx.out('response_body', text);
  try { ctx.out('response_json', text === '' ? null : JSON.parse(text)); } catch { /* not JSON */ }
}

export const httpSuperNode = defineNode({
  type: 'HttpSuperNode',
  category: 'http',
  inputs: ['url', 'headers', 'body', 'params', 'timeout', 'save_path', 'file_path'],
  outputs: [...HTTP_OUTPUTS, 'headers', 'file_path', 'file_size'],
  config: {
    action: 'GET Request', url: '', headers: {}, body: '', params: {}, timeout: 30.0, retry_count: 0,
    content_type: 'application/json', save_path: '', file_path: '', file_field: 'file',
    auth_type: 'none', username: '', password: '', bearer_token: '',
  },
  cost: 'io',
  resources: ['http', 'file'],
  pathKeys: ['save_path', 'file_path'],
  async run(ctx) {
    const action = pyStr(ctx.param('action') ?? 'GET Request');
    const verb = VERBS[action];
    if (verb !== undefined) return runHttpCall(ctx, verb, parseMaybeJson(ctx.param('body')));
    if (action === 'Download File') return download(ctx);
    if (action === 'Upload File') return upload(ctx);
    if (action === 'Configure Auth') {
      const headers = toHeaderDict(ctx.param('headers'));
      applyAuth(ctx, headers);
      ctx.out('headers', headers);
      ctx.out('success', true);
      ctx.out('error', '');
      return;
    }
    throw new NodeFailure(`Unknown action: ${action}`, 'ValueError');
  },
});
