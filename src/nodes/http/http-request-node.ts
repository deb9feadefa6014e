/** HttpRequestNode (nodes.md §14) plus Casare's auth keys (auth_type basic|bearer). */
import { defineNode } from '../types.js';
import type { NodeContext } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { HTTP_OUTPUTS, applyAuth, bool, encodeBody, failHttp, num, sendOrFail, toHeaderDict, withParams, writeResponse } from './http-common.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Common request set-up of HttpRequestNode and HttpSuperNode's verb actions. */
export async function runHttpCall(ctx: NodeContext, method: string, body: unknown): Promise<void> {
  const url = pyStr(ctx.param('url') ?? '');
  if (url === '') throw failHttp(ctx, 'URL is required', 'ValueError');
  const headers = toHeaderDict(ctx.param('headers'));
  applyAuth(ctx, headers);
  let target: string;
  try {
    target = withParams(url, ctx.param('params'));
  } catch (e) {
    throw failHttp(ctx, `HTTP ${method} request failed: ${(e as Error).message}`, 'InvalidURL');
  }
  const payload = BODY_METHODS.has(method) ? encodeBody(body, pyStr(ctx.param('content_type') ?? 'application/json'), headers) : null;
  const res = await sendOrFail(ctx, {
    method, url: target, headers, body: payload,
    timeoutMs: Math.max(1, num(ctx.param('timeout'), 30) * 1000),
    retryCount: Math.max(0, Math.trunc(num(ctx.param('retry_count'), 0))),
    retryDelayMs: Math.max(0, num(ctx.param('retry_delay'), 1) * 1000),
    followRedirects: bool(ctx.param('follow_redirects'), true),
    maxRedirects: Math.max(0, Math.trunc(num(ctx.param('max_redirects'), 10))),
  });
  await writeResponse(ctx, res, pyStr(ctx.param('response_encoding') ?? ''));
}

export const httpRequestNode = defineNode({
  type: 'HttpRequestNode',
  category: 'http',
  inputs: ['url', 'method', 'headers', 'body', 'params', 'timeout'],
  required: ['url'],
  outputs: HTTP_OUTPUTS,
  config: {
    url: null, method: 'GET', headers: {}, body: '', params: {}, timeout: 30.0, verify_ssl: true,
    follow_redirects: true, max_redirects: 10, content_type: 'application/json', proxy: '', retry_count: 0,
    retry_delay: 1.0, response_encoding: '', auth_type: 'none', username: '', password: '', bearer_token: '',
  },
  cost: 'io',
  resources: ['http'],
  async run(ctx) {
    const method = pyStr(ctx.param('method') ?? 'GET').toUpperCase();
    if (!METHODS.has(method)) throw failHttp(ctx, `HTTP ${method} error: Unsupported HTTP method: ${method}`, 'ValueError');
    await runHttpCall(ctx, method, ctx.param('body'));
  },
});
