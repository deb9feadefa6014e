/**
 * Cooperative time slicing for long synchronous loops (parse, map, encode of a whole batch): call
 * `due()` every few hundred items and `await yieldNow()` when it says so, so one batch never holds
 * the event loop for more than about `sliceMs` (STYLE §6: yield on a time budget, not per item).
 * Measured on the 100 MB bench: 5000-row batches without slicing gave loop-delay p99 15–30 ms;
 * 4 ms slices 9–12 ms (a slice plus a 4–7 ms young-generation GC pause inside it), 2 ms slices
 * 5–7.5 ms at the same throughput (CSV.gz 100 MB: 6.2 s vs 6.8 s, the box shared and noisy).
 */
import { performance } from 'node:perf_hooks';

export const SLICE_MS = 2;

export class TimeSlice {
  #start = performance.now();
  readonly #ms: number;

  constructor(ms = SLICE_MS) {
    this.#ms = ms;
  }

  /** True when the current slice is used up. */
  due(): boolean {
    return performance.now() - this.#start > this.#ms;
  }

  /** Let timers and I/O callbacks run, then start a new slice. */
  async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#start = performance.now();
  }
}
