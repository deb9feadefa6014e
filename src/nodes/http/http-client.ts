/**
 * CasareRPA's HTTP client behaviour over the engine's undici pools (nodes.md §14): User-Agent
 * `CasareRPA/1.0`, `retryCount + 1` attempts retrying connection errors and 429/502/503/504 with
 * exponential backoff (initial `retryDelayMs`, x2, max 30 s, jitter) honouring Retry-After,
 * manual redirects with every hop re-checked by the SSRF guard, and a timeout per attempt.
 * Returns the final response with its body unread; the caller consumes or dumps it.
 */
import type { Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IoServices } from '../../resources/services.js';

export const USER_AGENT = 'CasareRPA/1.0';
const RETRY_STATUS = new Set([429, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const MAX_BACKOFF_MS = 30_000;
const RETRY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);

export type BodySource = string | Buffer | (() => Readable) | null;

export interface HttpCall {
  method: string;
  url: string;
  /** Header names as given; a `user-agent` header replaces the default. */
  headers: Record<string, string>;
  body: BodySource;
  timeoutMs: number;
  retryCount: number;
  retryDelayMs: number;
  followRedirects: boolean;
  maxRedirects: number;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
  url: string;
  attempts: number;
}

/** Transport failure kinds, used for the node's error type. */
export type TransportKind = 'timeout' | 'connect' | 'redirect' | 'other';

export class HttpTransportError extends Error {
  readonly kind: TransportKind;
  constructor(message: string, kind: TransportKind, cause?: unknown) {
    super(message, { cause });
    this.name = 'HttpTransportError';
    this.kind = kind;
  }
}

export function classify(e: unknown): TransportKind {
  const code = (e as { code?: string }).code ?? '';
  const name = (e as { name?: string }).name ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ||
    name === 'TimeoutError') return 'timeout';
  if (code.startsWith('E') && !code.startsWith('ERR_')) return 'connect';
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connect';
  return 'other';
}

function isRetryableError(e: unknown): boolean {
  const k = classify(e);
  return k === 'connect' || k === 'timeout' || RETRY_CODES.has((e as { code?: string }).code ?? '');
}

/** Retry-After in ms (delta-seconds or HTTP date), or null. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value === '') return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function flattenHeaders(h: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function hasHeader(h: Record<string, string>, name: string): boolean {
  for (const k in h) if (k.toLowerCase() === name) return true;
  return false;
}

/** Perform one logical request (retries and redirects included). Throws HttpTransportError or the guard's error. */
export async function httpSend(io: IoServices, call: HttpCall): Promise<HttpResponse> {
  const attempts = Math.max(1, call.retryCount + 1);
  let delay = call.retryDelayMs;
  for (let attempt = 1; ; attempt++) {
    let res: HttpResponse;
    try {
      res = await sendFollowing(io, call);
    } catch (e) {
      if ((e as { code?: string }).code === 'CASARE_E_HTTP_SSRF_BLOCKED' || e instanceof HttpTransportError && e.kind === 'redirect') throw e;
      if (attempt >= attempts || !isRetryableError(e) || call.signal.aborted) {
        throw new HttpTransportError((e as Error).message || String(e), classify(e), e);
      }
      await backoff(delay, null, call.signal);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      continue;
    }
    res.attempts = attempt;
    if (attempt >= attempts || !RETRY_STATUS.has(res.status)) return res;
    await res.body.dump();
    await backoff(delay, retryAfterMs(res.headers['retry-after']), call.signal);
    delay = Math.min(delay * 2, MAX_BACKOFF_MS);
  }
}

async function backoff(delayMs: number, retryAfter: number | null, signal: AbortSignal): Promise<void> {
  // Jitter 0-10 % on our own backoff; Retry-After is the server's word (capped like the backoff).
  const ms = retryAfter !== null ? Math.min(retryAfter, MAX_BACKOFF_MS) : delayMs * (1 + Math.random() * 0.1);
  await sleep(ms, undefined, { signal });
}

async function sendFollowing(io: IoServices, call: HttpCall): Promise<HttpResponse> {
  let url = new URL(call.url);
  let method = call.method;
  let body = call.body;
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const k in call.headers) {
    if (k.toLowerCase() === 'user-agent') delete headers['user-agent'];
    headers[k] = call.headers[k]!;
  }
  for (let hop = 0; ; hop++) {
    await io.http.guard.check(url);
    const signal = AbortSignal.any([call.signal, AbortSignal.timeout(call.timeoutMs)]);
    const r = await io.http.get(url.origin).request({
      path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers,
      body: typeof body === 'function' ? body() : body, signal,
      headersTimeout: call.timeoutMs, bodyTimeout: call.timeoutMs,
    });
    const resHeaders = flattenHeaders(r.headers);
    const location = resHeaders['location'];
    if (!call.followRedirects || !REDIRECT_STATUS.has(r.statusCode) || location === undefined) {
      return { status: r.statusCode, headers: resHeaders, body: r.body, url: url.href, attempts: 1 };
    }
    await r.body.dump();
    if (hop >= call.maxRedirects) throw new HttpTransportError('Exceeded maximum allowed redirects.', 'redirect');
    const next = new URL(location, url);
    if (r.statusCode === 303 || ((r.statusCode === 301 || r.statusCode === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = null;
      for (const k of Object.keys(headers)) {
        const l = k.toLowerCase();
        if (l === 'content-type' || l === 'content-length') delete headers[k];
      }
    }
    if (next.origin !== url.origin) {
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
    }
    url = next;
  }
}

export { hasHeader };
