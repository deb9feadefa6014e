/**
 * A run's browser session (nodes.md §17.2, Casare: handles owned by the run scope): one context
 * leased from the engine's BrowserPool per run, its pages, and the active page. Launch nodes
 * create or reuse it; page nodes read port `page`, else the active page. The scope closes the
 * context on success, failure, timeout and cancel.
 */
import type { Page } from 'playwright-core';
import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { getIo, getScope } from '../../resources/services.js';
import type { ContextLease } from '../../resources/browser-pool.js';
import type { Lease } from '../../resources/run-scope.js';

const kSession = Symbol('casare.browserSession');

/** The opaque `browser` handle on data ports. */
export class BrowserSession {
  lease: ContextLease | null = null;
  scopeLease: Lease | null = null;
  active: Page | null = null;
  readonly tabs = new Map<string, Page>();

  get isOpen(): boolean { return this.lease !== null; }

  /** Close the run's context (pages die with it). Idempotent. */
  async close(): Promise<void> {
    const s = this.scopeLease;
    this.scopeLease = null;
    this.lease = null;
    this.active = null;
    this.tabs.clear();
    if (s !== null) await s.release();
  }
}

export function sessionOf(ctx: NodeContext): BrowserSession {
  return getScope(ctx).local(kSession, () => new BrowserSession());
}

/** Open (or reuse) the run's context and return its session. */
export async function openSession(ctx: NodeContext, viewport: { width: number; height: number } | null): Promise<BrowserSession> {
  const s = sessionOf(ctx);
  if (s.lease !== null && s.lease.browser.isConnected()) return s;
  if (s.lease !== null) await s.close();
  const lease = await getIo(ctx).browser.acquireContext(viewport === null ? {} : { viewport }, ctx.signal);
  s.lease = lease;
  s.scopeLease = getScope(ctx).defer(() => lease.release());
  return s;
}

function isPage(v: unknown): v is Page {
  return typeof v === 'object' && v !== null && typeof (v as Page).goto === 'function' && typeof (v as Page).locator === 'function';
}

/** Port `page`, else the active page; `nav` picks the navigation nodes' text. */
export function pageOf(ctx: NodeContext, nav = false): Page {
  const p = ctx.port('page');
  if (isPage(p) && !p.isClosed()) return p;
  const a = sessionOf(ctx).active;
  if (a !== null && !a.isClosed()) return a;
  throw new NodeFailure(nav ? 'No page instance found' : 'No page instance found. Launch browser and navigate first.', 'RuntimeError');
}

/** `//x`, `(/x`, `xpath=x` -> XPath; everything else goes to Playwright as written (CSS, text=...). */
export function normaliseSelector(raw: unknown, key = 'selector'): string {
  const s = pyStr(raw ?? '').trim();
  if (s === '') {
    throw new NodeFailure(`Selector parameter '${key}' is required but empty. Provide a valid CSS, XPath, or text selector.`, 'ValueError');
  }
  if (s.startsWith('//') || s.startsWith('(/')) return `xpath=${s}`;
  return s;
}

/** `https://` added unless http://, https://, file:// (nodes.md §17.2 GoToURL). */
export function withScheme(url: string): string {
  return /^(https?|file):\/\//i.test(url) ? url : `https://${url}`;
}

export function timeoutOf(ctx: NodeContext, dflt = 30_000): number {
  const v = ctx.param('timeout');
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

const CLOSED_TEXT = /Target page, context or browser has been closed|Browser has been closed|browser has disconnected/i;

/** Playwright's error text becomes the node error; its class name (TimeoutError, Error) the type. */
export function browserFailure(e: unknown): NodeFailure {
  if (e instanceof NodeFailure) return e;
  const err = e as Error;
  const msg = err.message ?? String(e);
  // A crashed or killed browser: typed, so callers can tell it from a page error.
  if (CLOSED_TEXT.test(msg)) {
    return new NodeFailure(msg, 'BrowserClosedError');
  }
  return new NodeFailure(msg, err.name === 'TimeoutError' ? 'TimeoutError' : 'PlaywrightError');
}

export type WaitUntil = 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
export function waitUntilOf(ctx: NodeContext): WaitUntil {
  const w = pyStr(ctx.param('wait_until') ?? 'load');
  return (['load', 'domcontentloaded', 'networkidle', 'commit'] as const).find((x) => x === w) ?? 'load';
}
