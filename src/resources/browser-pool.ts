/**
 * Browser pool: one Chromium per process (launched lazily through playwright-core with the system
 * binary), one BrowserContext per lease (a run), at most `maxContexts` at once; further acquires
 * wait. Measured here: launch 215-450 ms, newContext 24-53 ms, so contexts isolate runs cheaply.
 *
 * States: idle (no browser) -> launching -> up -> (contexts reach 0) idle timer armed -> closed
 * after `idleMs`. A browser that disconnects without our asking (crash, killed) goes back to idle;
 * the next acquire relaunches it, and leases on the dead browser release without error.
 * `close()` closes the browser and refuses further acquires; idempotent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lazyRequire } from '../lib/lazy-require.js';

const playwright = lazyRequire<typeof import('playwright-core')>('playwright-core');
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { CasareError } from '../errors.js';
import { Semaphore } from './semaphore.js';

/** Flags that keep Chromium off the network and quiet (notes/packages.md). */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-dev-shm-usage',
]);

export interface BrowserPoolOptions {
  executablePath: string;
  maxContexts: number;
  /** Close the browser after this long with no context open. */
  idleMs: number;
  headless: boolean;
  /** @default 60000 */
  acquireTimeoutMs?: number;
}

export interface BrowserPoolStats {
  /** 1 while a browser process is up. */
  size: number;
  /** Contexts leased now. */
  inUse: number;
  waiting: number;
  /** Browser launches. */
  created: number;
  /** Browsers closed for idleness or lost to a crash. */
  evicted: number;
  crashed: number;
  contextsCreated: number;
}

export interface ContextLease {
  readonly context: BrowserContext;
  readonly browser: Browser;
  release(): Promise<void>;
}

export class BrowserPool {
  readonly #opts: BrowserPoolOptions;
  readonly #slots: Semaphore;
  #browser: Browser | null = null;
  #launching: Promise<Browser> | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #created = 0;
  #evicted = 0;
  #crashed = 0;
  #contexts = 0;

  constructor(opts: BrowserPoolOptions) {
    this.#opts = opts;
    this.#slots = new Semaphore(opts.maxContexts);
  }

  /** Lease a fresh context (waits for a free slot; launches the browser if needed). */
  async acquireContext(options: BrowserContextOptions = {}, signal?: AbortSignal): Promise<ContextLease> {
    if (this.#closed) throw new CasareError('CASARE_E_ENGINE_CLOSED', 'browser pool is closed');
    await this.#slots.acquire(signal, this.#opts.acquireTimeoutMs ?? 60_000);
    this.#clearIdle();
    let context: BrowserContext;
    let browser: Browser;
    try {
      browser = await this.#ensureBrowser();
      context = await browser.newContext(options);
    } catch (e) {
      this.#slots.release();
      this.#armIdle();
      throw e;
    }
    this.#contexts++;
    let released: Promise<void> | null = null;
    return {
      context, browser,
      release: () => {
        released ??= (async () => {
          try {
            if (browser.isConnected()) await context.close().catch(() => undefined);
          } finally {
            this.#slots.release();
            this.#armIdle();
          }
        })();
        return released;
      },
    };
  }

  #ensureBrowser(): Promise<Browser> {
    if (this.#browser !== null && this.#browser.isConnected()) return Promise.resolve(this.#browser);
    this.#launching ??= (async () => {
      try {
        // Chromium's own temp files (org.chromium.Chromium.*) go to a directory of this browser's,
        // removed when it disconnects: a browser that crashes or is killed leaves them otherwise.
        const scratch = await mkdtemp(join(tmpdir(), 'casare-chromium-'));
        const dropScratch = (): void => { void rm(scratch, { recursive: true, force: true }).catch(() => undefined); };
        let b: Browser;
        try {
          b = await playwright().chromium.launch({
            executablePath: this.#opts.executablePath,
            headless: this.#opts.headless,
            args: [...CHROMIUM_ARGS],
            env: { ...process.env, TMPDIR: scratch },
          });
        } catch (err) {
          dropScratch();
          throw err;
        }
        this.#created++;
        b.on('disconnected', () => {
          dropScratch();
          if (this.#browser === b) {
            this.#browser = null;
            if (!this.#closed && !closingOnPurpose.has(b)) { this.#crashed++; this.#evicted++; }
          }
        });
        this.#browser = b;
        return b;
      } finally {
        this.#launching = null;
      }
    })();
    return this.#launching;
  }

  #clearIdle(): void {
    if (this.#idleTimer !== null) { clearTimeout(this.#idleTimer); this.#idleTimer = null; }
  }

  #armIdle(): void {
    if (this.#slots.inUse > 0 || this.#browser === null || this.#closed) return;
    this.#clearIdle();
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      const b = this.#browser;
      if (b === null || this.#slots.inUse > 0) return;
      this.#browser = null;
      this.#evicted++;
      closingOnPurpose.add(b);
      void b.close().catch(() => undefined);
    }, this.#opts.idleMs);
    this.#idleTimer.unref();
  }

  stats(): BrowserPoolStats {
    return {
      size: this.#browser !== null && this.#browser.isConnected() ? 1 : 0,
      inUse: this.#slots.inUse, waiting: this.#slots.waiting,
      created: this.#created, evicted: this.#evicted, crashed: this.#crashed, contextsCreated: this.#contexts,
    };
  }

  /** Close the browser (open contexts die with it). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearIdle();
    const b = this.#browser ?? (this.#launching ? await this.#launching.catch(() => null) : null);
    this.#browser = null;
    if (b !== null) {
      closingOnPurpose.add(b);
      await b.close().catch(() => undefined);
    }
  }
}

const closingOnPurpose = new WeakSet<Browser>();
