/**
 * MemorySampler: process.memoryUsage() (RSS, heap used) every `everyMs` on an unref'd timer, plus one
 * sample at start and at stop. States: idle -> (start) -> sampling -> (stop) -> idle.
 */
import { performance } from 'node:perf_hooks';
import type { MemoryPoint } from './build-report-data.js';

const MB = 1024 * 1024;

export class MemorySampler {
  readonly #everyMs: number;
  readonly #maxPoints: number;
  #timer: NodeJS.Timeout | undefined;
  #points: MemoryPoint[] = [];

  constructor(everyMs = 20, maxPoints = 5000) {
    this.#everyMs = Math.max(1, everyMs);
    this.#maxPoints = maxPoints;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#points = [];
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), this.#everyMs);
    this.#timer.unref();
  }

  /** Stop and return the points, oldest first (evenly thinned past maxPoints). */
  stop(): MemoryPoint[] {
    if (this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#sample();
    }
    return this.#points;
  }

  #sample(): void {
    const m = process.memoryUsage();
    if (this.#points.length >= this.#maxPoints) this.#points = this.#points.filter((_, i) => i % 2 === 0);
    this.#points.push({ at: performance.now(), rssMb: m.rss / MB, heapUsedMb: m.heapUsed / MB });
  }
}
