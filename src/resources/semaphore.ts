/**
 * Counting semaphore for quotas: acquire waits (FIFO) while all permits are taken, never fails for
 * saturation. A waiter leaves the queue when its AbortSignal fires or its timeout passes.
 */
import { CasareError } from '../errors.js';

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  done: boolean;
}

export class Semaphore {
  readonly #max: number;
  #inUse = 0;
  #waiters: Waiter[] = [];
  #head = 0;

  constructor(max: number) {
    this.#max = max;
  }

  get inUse(): number { return this.#inUse; }
  get waiting(): number { return this.#waiters.length - this.#head; }
  get max(): number { return this.#max; }

  /** Take one permit, waiting while none is free. Rejects on abort or after timeoutMs (if > 0). */
  acquire(signal?: AbortSignal, timeoutMs = 0): Promise<void> {
    if (this.#inUse < this.#max && this.waiting === 0) {
      this.#inUse++;
      return Promise.resolve();
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => finish(signal?.reason);
      const finish = (err: unknown): void => {
        if (w.done) return;
        w.done = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err === undefined) { resolve(); return; }
        // Aborted waiters leave the queue so `waiting` counts live ones only (aborts are rare).
        const i = this.#waiters.indexOf(w, this.#head);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(err);
      };
      const w: Waiter = { resolve: () => finish(undefined), reject: finish, done: false };
      this.#waiters.push(w);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0) {
        timer = setTimeout(() => finish(new CasareError('CASARE_E_RESOURCE_EXHAUSTED',
          `no free slot within ${timeoutMs} ms (max ${this.#max})`, { retryable: true })), timeoutMs);
        timer.unref();
      }
    });
  }

  /** Return a permit; hands it straight to the next live waiter. */
  release(): void {
    while (this.#head < this.#waiters.length) {
      const w = this.#waiters[this.#head++]!;
      if (this.#head > 64 && this.#head * 2 > this.#waiters.length) {
        this.#waiters = this.#waiters.slice(this.#head);
        this.#head = 0;
      }
      if (!w.done) { w.resolve(); return; }
    }
    this.#inUse--;
  }
}
