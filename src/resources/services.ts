/**
 * Engine-wide I/O services (HTTP pools + SSRF guard, pg pools, browser pool) and the per-run
 * RunScope, as nodes reach them: the engine puts `io` (created once per engine with
 * `createIoServices`) and `scope` (a `new RunScope()` per run, closed when the run ends) into
 * `ctx.services`; nodes read them through `getIo()` / `getScope()`.
 */
import { CasareError } from '../errors.js';
import { BrowserPool } from './browser-pool.js';
import type { BrowserPoolStats } from './browser-pool.js';
import { HttpPools } from './http-pools.js';
import type { HttpPoolStats } from './http-pools.js';
import { PgPools } from './pg-pools.js';
import type { PgPoolStats } from './pg-pools.js';
import type { RunScope } from './run-scope.js';
import { SsrfGuard } from './ssrf-guard.js';

/** Options of the I/O resources, all required once resolved. */
export interface IoOptions {
  readonly http: {
    /** Hosts, IPs or CIDR ranges the SSRF guard admits (CLI `--allow-host`). @default [] */
    readonly allowedHosts: readonly string[];
    /** Sockets per origin. @default 16 */
    readonly connectionsPerHost: number;
  };
  readonly pg: {
    /** Clients per connection target. @default 10 */
    readonly maxPerTarget: number;
  };
  readonly browser: {
    /** @default '/usr/bin/chromium' */
    readonly executablePath: string;
    /** Contexts (runs using the browser) at once. @default 4 */
    readonly maxContexts: number;
    /** Close the browser after this many ms without a context. @default 30000 */
    readonly idleMs: number;
    /** @default true */
    readonly headless: boolean;
  };
}

export interface IoOptionsInput {
  http?: Partial<IoOptions['http']>;
  pg?: Partial<IoOptions['pg']>;
  browser?: Partial<IoOptions['browser']>;
}

function bad(option: string, value: unknown, expected: string): CasareError {
  return new CasareError('CASARE_E_CONFIG_INVALID',
    `${option} must be ${expected}, got ${JSON.stringify(value)?.slice(0, 80) ?? String(value)}`);
}

function posInt(option: string, value: unknown, dflt: number): number {
  if (value === undefined) return dflt;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad(option, value, 'a positive integer');
  return value;
}

/** Validate, default and freeze the I/O options (CASARE_E_CONFIG_INVALID naming option and value). */
export function resolveIoOptions(raw: unknown = {}): IoOptions {
  if (typeof raw !== 'object' || raw === null) throw bad('io', raw, 'an object');
  const r = raw as IoOptionsInput;
  const hosts = r.http?.allowedHosts ?? [];
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string' && h.trim() !== '')) {
    throw bad('http.allowedHosts', hosts, 'a list of host names, IPs or CIDR ranges');
  }
  new SsrfGuard(hosts); // validates CIDR entries
  const exe = r.browser?.executablePath ?? '/usr/bin/chromium';
  if (typeof exe !== 'string' || exe === '') throw bad('browser.executablePath', exe, 'a path');
  const headless = r.browser?.headless ?? true;
  if (typeof headless !== 'boolean') throw bad('browser.headless', headless, 'a boolean');
  const idleMs = r.browser?.idleMs ?? 30_000;
  if (typeof idleMs !== 'number' || !Number.isFinite(idleMs) || idleMs < 0) throw bad('browser.idleMs', idleMs, 'a number of ms >= 0');
  return Object.freeze({
    http: Object.freeze({ allowedHosts: Object.freeze([...hosts]), connectionsPerHost: posInt('http.connectionsPerHost', r.http?.connectionsPerHost, 16) }),
    pg: Object.freeze({ maxPerTarget: posInt('pg.maxPerTarget', r.pg?.maxPerTarget, 10) }),
    browser: Object.freeze({ executablePath: exe, maxContexts: posInt('browser.maxContexts', r.browser?.maxContexts, 4), idleMs, headless }),
  });
}

export interface IoStats {
  http: HttpPoolStats;
  pg: PgPoolStats;
  browser: BrowserPoolStats;
}

/** Engine-wide I/O resources. */
export interface IoServices {
  readonly options: IoOptions;
  readonly http: HttpPools;
  readonly pg: PgPools;
  readonly browser: BrowserPool;
  stats(): IoStats;
  /** Close every pool (browser, pg, HTTP). Idempotent. */
  close(): Promise<void>;
}

export function createIoServices(opts: IoOptions): IoServices {
  const guard = new SsrfGuard(opts.http.allowedHosts);
  const http = new HttpPools({ connectionsPerHost: opts.http.connectionsPerHost, guard });
  const pg = new PgPools({ maxPerTarget: opts.pg.maxPerTarget });
  const browser = new BrowserPool({ ...opts.browser });
  let closing: Promise<void> | null = null;
  return {
    options: opts, http, pg, browser,
    stats: () => ({ http: http.stats(), pg: pg.stats(), browser: browser.stats() }),
    close() {
      closing ??= (async () => {
        const results = await Promise.allSettled([browser.close(), pg.close(), http.close()]);
        const failed = results.find((x) => x.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      })();
      return closing;
    },
  };
}

interface ServicesHolder {
  readonly services: { readonly [key: string]: unknown };
}

/** The engine-wide I/O services of a node context (`ctx.services.io`). */
export function getIo(ctx: ServicesHolder): IoServices {
  const io = ctx.services['io'];
  if (io === undefined || io === null) {
    throw new CasareError('CASARE_E_INTERNAL', 'I/O services are not configured (ctx.services.io is missing)');
  }
  return io as IoServices;
}

/** The run's scope (`ctx.services.scope`). */
export function getScope(ctx: ServicesHolder): RunScope {
  const scope = ctx.services['scope'];
  // Duck-typed, not instanceof: the engine and the nodes may load different copies of this module.
  if (typeof scope !== 'object' || scope === null || typeof (scope as RunScope).defer !== 'function') {
    throw new CasareError('CASARE_E_INTERNAL', 'run scope is not configured (ctx.services.scope is missing)');
  }
  return scope as RunScope;
}
