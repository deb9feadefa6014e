/**
 * Ordered commit for work items (batches) that run out of order: item `seq` may enter its ordered
 * section (`turn()`) only once every earlier item has ended, so a sink written from that section
 * sees the items in input order whatever order they finish in.
 *
 * Per item: running -> ended ok | ended failed. `head` is the first item not yet ended; items that
 * end beyond it wait in a small map (at most the concurrency limit). The committed prefix is the
 * run of ok items from 0 up to the first failure: its length and `onCommit` give the resume point.
 * With `stopOnFailure` (fail fast) a failure rejects the turns of every later item, now and later;
 * without it a failed item is passed over and later items still get their turn.
 */
export class CommitSequencer {
  /** Items in the committed prefix. */
  committed = 0;
  #head = 0;
  #ended = new Map<number, boolean>();
  #waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #failAt = Infinity;
  #prefixBroken = false;
  readonly #stopOnFailure: boolean;
  readonly #onCommit: (seq: number) => void;
  #stopReason: () => Error;

  constructor(stopOnFailure: boolean, onCommit: (seq: number) => void, stopReason: (failedSeq: number) => Error) {
    this.#stopOnFailure = stopOnFailure;
    this.#onCommit = onCommit;
    this.#stopReason = () => stopReason(this.#failAt);
  }

  /** Resolves when item `seq` may write; rejects if fail fast stopped the stream before it. */
  turn(seq: number): Promise<void> {
    if (seq > this.#failAt) return Promise.reject(this.#stopReason());
    if (seq <= this.#head) return Promise.resolve();
    return new Promise<void>((resolve, reject) => { this.#waiters.set(seq, { resolve, reject }); });
  }

  /** Item `seq` ended (its ordered section too). */
  end(seq: number, ok: boolean): void {
    if (!ok && seq < this.#failAt && this.#stopOnFailure) {
      this.#failAt = seq;
      for (const [s, w] of this.#waiters) {
        if (s > seq) { this.#waiters.delete(s); w.reject(this.#stopReason()); }
      }
    }
    this.#ended.set(seq, ok);
    while (this.#ended.has(this.#head)) {
      const s = this.#head;
      const good = this.#ended.get(s)!;
      this.#ended.delete(s);
      if (!good) this.#prefixBroken = true;
      if (!this.#prefixBroken) { this.committed++; this.#onCommit(s); }
      this.#head = s + 1;
      if (this.#head > this.#failAt) break;
      const w = this.#waiters.get(this.#head);
      if (w !== undefined) { this.#waiters.delete(this.#head); w.resolve(); }
    }
  }
}
