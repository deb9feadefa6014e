/**
 * Shared pieces of the HTTP nodes: parameter coercion (headers as dict or JSON text, params, auth),
 * running a call and writing CasareRPA's outputs (nodes.md §14), and the failure texts.
 */
import type { NodeContext } from '../types.js';
import { NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { getIo } from '../../resources/services.js';
import { hasHeader, httpSend, HttpTransportError } from './http-client.js';
import type { BodySource, HttpCall, HttpResponse } from './http-client.js';

export const HTTP_OUTPUTS = ['response_body', 'response_json', 'status_code', 'response_headers', 'success', 'error'] as const;

/** Dict, or JSON text of a dict; anything else (invalid JSON included) -> {}. Values str()'d. */
export function toHeaderDict(v: unknown): Record<string, string> {
  let obj = v;
  if (typeof v === 'string') {
    if (v.trim() === '') return {};
    try { obj = JSON.parse(v); } catch { return {}; }
  }
  const out: Record<string, string> = {};
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return out;
  for (const [k, val] of Object.entries(obj as Record<string, unknown>)) out[k] = pyStr(val);
  return out;
}

/** Apply `params` (dict or JSON text) to a URL's query string. */
export function withParams(url: string, params: unknown): string {
  const p = toHeaderDict(params);
  const keys = Object.keys(p);
  if (keys.length === 0) return url;
  const u = new URL(url);
  for (const k of keys) u.searchParams.append(k, p[k]!);
  return u.href;
}

/** Authorization header from `auth_type` (none | basic | bearer) with username/password or bearer_token. */
export function applyAuth(ctx: NodeContext, headers: Record<string, string>): void {
  const type = pyStr(ctx.param('auth_type') ?? 'none').toLowerCase();
  if (type === 'basic') {
    const user = pyStr(ctx.param('username') ?? '');
    const pass = pyStr(ctx.param('password') ?? '');
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  } else if (type === 'bearer') {
    headers['Authorization'] = `Bearer ${pyStr(ctx.param('bearer_token') ?? '')}`;
  }
}

/** Body per nodes.md §14: dict/list -> JSON; other truthy -> str() with Content-Type; falsy -> none. */
export function encodeBody(body: unknown, contentType: string, headers: Record<string, string>): BodySource {
  if (body === null || body === undefined || body === '' || body === false || body === 0) return null;
  if (typeof body === 'object') {
    if (Array.isArray(body) && body.length === 0) return null;
    if (!Array.isArray(body) && Object.keys(body).length === 0) return null;
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    return JSON.stringify(body);
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = contentType;
  return pyStr(body);
}

export function num(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : dflt;
}

export function bool(v: unknown, dflt: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return !['false', '0', '', 'no', 'off'].includes(v.trim().toLowerCase());
  if (typeof v === 'number') return v !== 0;
  return dflt;
}

/** Failure outputs (§14) and the node failure to throw. */
export function failHttp(ctx: NodeContext, message: string, errorType: string, code?: string): NodeFailure {
  ctx.out('success', false);
  ctx.out('error', message);
  ctx.out('status_code', 0);
  ctx.out('response_body', '');
  ctx.out('response_headers', {});
  return new NodeFailure(message, errorType, code);
}

/** Send and map transport errors to `HTTP <METHOD> request failed: <reason>` / the SSRF text. */
export async function sendOrFail(ctx: NodeContext, call: Omit<HttpCall, 'signal'>): Promise<HttpResponse> {
  try {
    return await httpSend(getIo(ctx), { ...call, signal: ctx.signal });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'CASARE_E_HTTP_SSRF_BLOCKED') throw failHttp(ctx, err.message, 'SSRFError', err.code);
    const kind = e instanceof HttpTransportError ? e.kind : 'other';
    const type = kind === 'timeout' ? 'TimeoutError' : kind === 'connect' ? 'ClientConnectorError' : 'ClientError';
    // A guard refusal inside the connector's lookup surfaces as the cause of a transport error.
    const cause = (err.cause as { code?: string; message?: string } | undefined);
    if (cause?.code === 'CASARE_E_HTTP_SSRF_BLOCKED') {
      throw failHttp(ctx, `SSRF protection blocked request to ${call.url}`, 'SSRFError', cause.code);
    }
    throw failHttp(ctx, `HTTP ${call.method} request failed: ${err.message}`, type);
  }
}

/** Read the body as text (optionally in `encoding`) and write the success outputs. */
export async function writeResponse(ctx: NodeContext, res: HttpResponse, encoding: string): Promise<void> {
  const bytes = Buffer.from(await res.body.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder(encoding === '' ? 'utf-8' : encoding).decode(bytes);
  } catch {
    text = bytes.toString('utf8');
  }
  let json: unknown = null;
  if (text !== '') {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  const ok = res.status >= 200 && res.status < 300;
  ctx.out('response_body', text);
  ctx.out('response_json', json);
  ctx.out('status_code', res.status);
  ctx.out('response_headers', res.headers);
  ctx.out('success', ok);
  ctx.out('error', ok ? '' : `HTTP ${res.status}`);
}
