/**
 * RunScope: owns every lease one run takes (browser context, pg client, held transactions, handles).
 *
 * States: open -> closing -> closed. `defer()` while open registers a releaser; `close()` runs the
 * releasers in reverse registration order (last acquired, first released), awaits each, keeps the
 * first error and rethrows it after all ran. A second `close()` returns the same promise. A releaser
 * deferred after close started runs at once (a late lease must not leak).
 */

/** A borrowed resource. `release()` is idempotent. */
export interface Lease {
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export type Releaser = () => void | Promise<void>;

/** Wrap a release function as an idempotent Lease. */
export function makeLease(release: Releaser): Lease {
  let done: Promise<void> | null = null;
  const run = (): Promise<void> => {
    if (done === null) done = (async () => { await release(); })();
    return done;
  };
  return { release: run, [Symbol.asyncDispose]: run };
}

export class RunScope {
  #releasers: (Releaser | null)[] = [];
  #closing: Promise<void> | null = null;
  #live = 0;
  readonly #locals = new Map<symbol, unknown>();

  /** True once close() has been called. */
  get isClosed(): boolean {
    return this.#closing !== null;
  }

  /** Number of registered releasers not yet run. */
  get liveCount(): number {
    return this.#live;
  }

  /**
   * Register a releaser; returns a Lease whose release() runs it early (and unregisters it).
   * After close() began, the releaser runs immediately.
   */
  defer(release: Releaser): Lease {
    if (this.#closing !== null) {
      const lease = makeLease(release);
      void lease.release().catch(() => undefined);
      return lease;
    }
    const slot = this.#releasers.length;
    this.#releasers.push(release);
    this.#live++;
    return makeLease(async () => {
      const r = this.#releasers[slot];
      if (r === null || r === undefined) return;
      this.#releasers[slot] = null;
      this.#live--;
      await r();
    });
  }

  /** Per-run state keyed by a module's symbol (e.g. the run's browser session), made on first use. */
  local<T>(key: symbol, make: () => T): T {
    if (this.#locals.has(key)) return this.#locals.get(key) as T;
    const v = make();
    this.#locals.set(key, v);
    return v;
  }

  /** Release everything in reverse order; first error is rethrown after all releasers ran. Idempotent. */
  close(): Promise<void> {
    if (this.#closing === null) this.#closing = this.#drain();
    return this.#closing;
  }

  async #drain(): Promise<void> {
    let first: unknown = null;
    let failed = false;
    for (let i = this.#releasers.length - 1; i >= 0; i--) {
      const r = this.#releasers[i];
      if (r === null || r === undefined) continue;
      this.#releasers[i] = null;
      this.#live--;
      try {
        await r();
      } catch (e) {
        if (!failed) { failed = true; first = e; }
      }
    }
    this.#releasers.length = 0;
    this.#locals.clear();
    if (failed) throw first;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
