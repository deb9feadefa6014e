/**
 * BatchHttpEnrichNode (Casare type): one HTTP request per row of a batch, the answer added to the row.
 *
 * `url` is a row template: each `{{column}}` is replaced by that column's value, percent-encoded
 * (a row without the column is a row error). Only `{{ }}` placeholders count, so a URL's own
 * `%xx` escapes stay as written. `method` GET (default) | POST | PUT | PATCH | DELETE; with
 * `send_row` true the row goes as the JSON body. The response body (JSON when it parses, else text)
 * is set on a copy of the row as `output_column` (default 'response'); a non-2xx status is a row
 * error `HTTP <status>` unless `accept_status` lists it.
 *
 * Up to `concurrency` requests of a batch are in flight at once; the engine's HTTP pools hold at
 * most `http.connectionsPerHost` sockets per origin whatever the node asks, and the SSRF guard and
 * retries (`retry_count`, `retry_delay`: transport errors, 429/5xx with Retry-After) are the HTTP
 * nodes'. The node returns when every row of the batch is answered, so a slow API slows the reader
 * (the batch loop's backpressure). Rows keep their input order.
 *
 * `on_error`: fail_fast (default) stops sending, aborts the requests in flight and fails with
 * CASARE_E_BATCH_ROW_INVALID naming the first failed row; skip_and_record leaves failed rows out of
 * `rows` and records {row_number, reason, row} in `rejects` and `reject_path` (as BatchMapNode).
 * Row numbers are `row_offset` (wire the reader's) + index + 1.
 */
import { defineNode, NodeFailure, type NodeContext } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { getIo } from '../../resources/services.js';
import { httpSend, HttpTransportError } from '../http/http-client.js';
import { num, toHeaderDict } from '../http/http-common.js';
import { intParam, recordRejects, rowsInput, strParam, type RowReject } from './batch-io.js';
import { copyRow } from './batch-map-node.js';

type Row = Record<string, unknown>;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The URL template as literal pieces and column names: pieces[0] col[0] pieces[1] ... pieces[n]. */
interface UrlTemplate { readonly pieces: readonly string[]; readonly columns: readonly string[] }

export function parseUrlTemplate(text: string): UrlTemplate {
  const pieces: string[] = [];
  const columns: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    const close = open < 0 ? -1 : text.indexOf('}}', open + 2);
    if (close < 0) break;
    pieces.push(text.slice(at, open));
    columns.push(text.slice(open + 2, close).trim());
    at = close + 2;
  }
  pieces.push(text.slice(at));
  return { pieces, columns };
}

/** The row's URL, or a row error text. */
function urlFor(t: UrlTemplate, row: Row): string | { error: string } {
  let out = t.pieces[0]!;
  for (let k = 0; k < t.columns.length; k++) {
    const v = row[t.columns[k]!];
    if (v === undefined || v === null) return { error: `missing column '${t.columns[k]}' for the url` };
    out += encodeURIComponent(pyStr(v)) + t.pieces[k + 1]!;
  }
  return out;
}

function statusList(v: unknown): Set<number> {
  if (v === null || v === undefined || v === '') return new Set();
  const list = Array.isArray(v) ? v : [v];
  return new Set(list.map((x) => Number(x)).filter((n) => Number.isInteger(n)));
}

interface Call { readonly method: string; readonly headers: Record<string, string>; readonly sendRow: boolean; readonly timeoutMs: number; readonly retryCount: number; readonly retryDelayMs: number; readonly accept: Set<number> }

type Answer = { value: unknown } | { error: string };

/**
 * One row's request: the parsed answer, or a row error text (transport failures and aborts too).
 * Throws only a NodeFailure for the SSRF guard: a refused target is the workflow's fault, not the row's.
 */
async function enrichOne(ctx: NodeContext, url: string, row: Row, c: Call, signal: AbortSignal): Promise<Answer> {
  try {
    const headers = { ...c.headers };
    if (c.sendRow) headers['Content-Type'] ??= 'application/json';
    const res = await httpSend(getIo(ctx), {
      method: c.method, url, headers, body: c.sendRow ? JSON.stringify(row) : null, timeoutMs: c.timeoutMs,
      retryCount: c.retryCount, retryDelayMs: c.retryDelayMs, followRedirects: true, maxRedirects: 10, signal,
    });
    const text = await res.body.text();
    if ((res.status < 200 || res.status >= 300) && !c.accept.has(res.status)) return { error: `HTTP ${res.status}` };
    try {
      return { value: text === '' ? null : JSON.parse(text) };
    } catch {
      return { value: text };
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'CASARE_E_HTTP_SSRF_BLOCKED') throw new NodeFailure(err.message, 'SSRFError', err.code);
    return { error: e instanceof HttpTransportError ? `request failed (${e.kind}): ${err.message}` : `request failed: ${err.message}` };
  }
}

export const batchHttpEnrichNode = defineNode({
  type: 'BatchHttpEnrichNode', category: 'batch',
  inputs: ['rows', 'row_offset', 'url'],
  outputs: ['rows', 'count', 'rejected_count', 'rejects', 'requests'],
  config: {
    rows: null, row_offset: 0, url: null, method: 'GET', headers: {}, send_row: false, output_column: 'response',
    concurrency: 8, timeout: 30, retry_count: 0, retry_delay: 1, accept_status: [], on_error: 'fail_fast', reject_path: '',
    allow_dangerous_paths: false,
  },
  cost: 'io', resources: ['http'], pathKeys: ['reject_path'],
  async run(ctx) {
    const rows = rowsInput(ctx, 'rows');
    // The raw template: `{{column}}` is the row's, not resolved against workflow variables.
    const raw = ctx.port('url') ?? ctx.configRaw('url');
    if (typeof raw !== 'string' || raw === '') throw new NodeFailure('url is required (a URL with {{column}} placeholders)', 'ValueError');
    const template = parseUrlTemplate(raw);
    const method = strParam(ctx, 'method', 'GET').toUpperCase();
    if (!METHODS.has(method)) throw new NodeFailure(`method must be one of ${[...METHODS].join(', ')}, got '${method}'`, 'ValueError');
    const policy = strParam(ctx, 'on_error', 'fail_fast');
    if (policy !== 'fail_fast' && policy !== 'skip_and_record') throw new NodeFailure(`on_error must be fail_fast or skip_and_record, got '${policy}'`, 'ValueError');
    const column = strParam(ctx, 'output_column', 'response');
    const offset = intParam(ctx, 'row_offset', 0);
    const call: Call = {
      method, headers: toHeaderDict(ctx.param('headers')), sendRow: ctx.param('send_row') === true,
      timeoutMs: Math.max(1, num(ctx.param('timeout'), 30) * 1000), retryCount: Math.max(0, intParam(ctx, 'retry_count', 0)),
      retryDelayMs: Math.max(0, num(ctx.param('retry_delay'), 1) * 1000), accept: statusList(ctx.param('accept_status')),
    };
    // fail_fast aborts the requests still in flight once a row has failed.
    const stop = new AbortController();
    const signal = AbortSignal.any([ctx.signal, stop.signal]);
    const results: (Answer | undefined)[] = new Array(rows.length);
    let next = 0;
    let requests = 0;
    let firstFailed = -1; // lowest row that failed on its own (not aborted by fail_fast)
    let fatal: unknown = null;
    const settle = (i: number, a: Answer): void => {
      results[i] = a;
      if (!('error' in a) || stop.signal.aborted) return;
      if (firstFailed < 0 || i < firstFailed) firstFailed = i;
      if (policy === 'fail_fast') stop.abort();
    };
    const worker = async (): Promise<void> => {
      while (next < rows.length && !stop.signal.aborted) {
        const i = next++;
        const r = rows[i];
        const url = r === null || typeof r !== 'object' || Array.isArray(r) ? { error: 'row is not a dict' } : urlFor(template, r as Row);
        if (typeof url !== 'string') { settle(i, url); continue; }
        requests++;
        try {
          settle(i, await enrichOne(ctx, url, r as Row, call, signal));
        } catch (e) {
          fatal ??= e; // stop every worker, then fail once they have all settled
          stop.abort();
        }
      }
    };
    const width = Math.min(rows.length, Math.max(1, intParam(ctx, 'concurrency', 8)));
    await Promise.all(Array.from({ length: width }, worker));
    ctx.signal.throwIfAborted();
    if (fatal !== null) throw fatal;
    if (policy === 'fail_fast' && firstFailed >= 0) {
      throw new NodeFailure(`row ${offset + firstFailed + 1}: ${(results[firstFailed] as { error: string }).error}`, 'ValueError', 'CASARE_E_BATCH_ROW_INVALID');
    }
    const out: Row[] = [];
    const rejects: RowReject[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = results[i];
      if (r === undefined) continue;
      if ('error' in r) {
        rejects.push({ row_number: offset + i + 1, reason: r.error, row: rows[i] });
        continue;
      }
      const o = copyRow(rows[i] as Row);
      o[column] = r.value;
      out.push(o);
    }
    await recordRejects(ctx, rejects);
    ctx.out('rows', out);
    ctx.out('count', out.length);
    ctx.out('rejected_count', rejects.length);
    ctx.out('rejects', rejects);
    ctx.out('requests', requests);
  },
});
