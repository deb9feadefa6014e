/**
 * LoopMonitor: event-loop delay and utilisation over a run or a benchmark.
 *
 * States: idle → (start) → starting → running → (stop) → idle. Nothing is allocated or enabled
 * while idle, so an engine that never starts a monitor pays nothing. `start()` is async because
 * `monitorEventLoopDelay` records nothing until its first sample lands (~resolution ms after
 * `enable()`): a block that begins right after a synchronous start would be missed entirely
 * (measured: notes/packages.md). The same holds after `reset()`: Node drops the first delta
 * after a reset (its previous-sample time is zeroed), so the whole-run histogram is never reset.
 * With `sampleEveryMs`, a second delay histogram is reset every tick to give per-interval maxima
 * (Node cannot merge an ELD histogram into another); a short block starting in the same turn as
 * that reset is therefore missed by the series (never by the summary), and the sampler's own
 * lateness covers blocks longer than the interval. Samples go into a fixed ring that keeps the
 * newest `maxSamples`.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { EventLoopUtilization, IntervalHistogram } from 'node:perf_hooks';

/** Whole-run summary. Delays in milliseconds; utilization in [0, 1]. */
export interface LoopStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  utilization: number;
  /** Time series, oldest first; present when the monitor was created with `sampleEveryMs`. */
  samples?: LoopSample[];
}

/** One time-series point: `t` ms since start, worst delay and utilisation in that interval. */
export interface LoopSample {
  t: number;
  delayMaxMs: number;
  elu: number;
}

export interface LoopMonitorOptions {
  /** Histogram resolution in ms (default 1). */
  resolutionMs?: number;
  /** Record a time series point every N ms (default: no time series). */
  sampleEveryMs?: number;
  /** Newest points kept in the time series (default 600). */
  maxSamples?: number;
}

const NS_PER_MS = 1e6;

function statsOf(h: IntervalHistogram, elu: number): LoopStats {
  if (h.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, utilization: elu };
  return {
    p50Ms: h.percentile(50) / NS_PER_MS,
    p99Ms: h.percentile(99) / NS_PER_MS,
    maxMs: h.max / NS_PER_MS,
    meanMs: h.mean / NS_PER_MS,
    utilization: elu,
  };
}

function waitMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class LoopMonitor {
  private readonly resolutionMs: number;
  private readonly sampleEveryMs: number;
  private readonly maxSamples: number;

  private histogram: IntervalHistogram | undefined;
  private intervalHistogram: IntervalHistogram | undefined;
  private eluStart: EventLoopUtilization | undefined;
  private eluLast: EventLoopUtilization | undefined;
  private startedAt = 0;
  private lastTickAt = 0;
  private timer: NodeJS.Timeout | undefined;
  // Time series ring: [t, delayMaxMs, elu] triples.
  private ring: Float64Array | undefined;
  private ringHead = 0;
  private ringSize = 0;

  constructor(options: LoopMonitorOptions = {}) {
    this.resolutionMs = Math.max(1, Math.floor(options.resolutionMs ?? 1));
    this.sampleEveryMs = options.sampleEveryMs !== undefined ? Math.max(1, options.sampleEveryMs) : 0;
    this.maxSamples = Math.max(1, Math.floor(options.maxSamples ?? 600));
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.histogram !== undefined;
  }

  /**
   * Enable the histograms and resolve once the first sample is in, so work that starts after
   * `await start()` is measured from its first millisecond. Calling start twice is a no-op.
   */
  async start(): Promise<void> {
    if (this.histogram) return;
    const h = monitorEventLoopDelay({ resolution: this.resolutionMs });
    h.enable();
    this.histogram = h;
    if (this.sampleEveryMs > 0) {
      this.intervalHistogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
      this.intervalHistogram.enable();
      this.ring = new Float64Array(this.maxSamples * 3);
      this.ringHead = 0;
      this.ringSize = 0;
    }
    // Wait for the first recorded delta (bounded: give up after ~50 ms); no reset afterwards,
    // or the next delta (the block we want to see) would be dropped again.
    const deadline = performance.now() + 50;
    const ih = this.intervalHistogram;
    while ((h.count === 0 || (ih !== undefined && ih.count === 0)) && performance.now() < deadline && this.histogram === h) {
      await waitMs(this.resolutionMs);
    }
    if (this.histogram !== h) return; // stopped while starting
    this.startedAt = performance.now();
    this.lastTickAt = this.startedAt;
    this.eluStart = performance.eventLoopUtilization();
    this.eluLast = this.eluStart;
    if (this.sampleEveryMs > 0) {
      this.timer = setInterval(() => this.sample(), this.sampleEveryMs);
      this.timer.unref();
    }
  }

  /** Current figures without stopping. */
  snapshot(): LoopStats {
    const h = this.histogram;
    if (!h) return { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, utilization: 0 };
    const elu = this.eluStart ? performance.eventLoopUtilization(this.eluStart).utilization : 0;
    const stats = statsOf(h, elu);
    if (this.ring) stats.samples = this.samples();
    return stats;
  }

  /**
   * Let one more sample land, then stop. Use this right after synchronous work: a block that
   * has just ended is recorded only when the delay timer next fires.
   */
  async finish(): Promise<LoopStats> {
    if (this.histogram) await waitMs(this.resolutionMs + 1);
    return this.stop();
  }

  /**
   * Disable the histograms and return the summary (zeros when never started). A block that
   * ended in the same tick is not in it yet: prefer `finish()` after synchronous work.
   */
  stop(): LoopStats {
    if (!this.histogram) return { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, utilization: 0 };
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      // Close the last partial interval so a block just before stop shows in the series.
      if (this.eluLast) this.sample();
    }
    const stats = this.snapshot();
    this.histogram.disable();
    this.intervalHistogram?.disable();
    this.histogram = undefined;
    this.intervalHistogram = undefined;
    this.eluStart = undefined;
    this.eluLast = undefined;
    this.ring = undefined;
    return stats;
  }

  /** The time series so far, oldest first (empty without `sampleEveryMs`). */
  samples(): LoopSample[] {
    const ring = this.ring;
    if (!ring) return [];
    const out: LoopSample[] = [];
    const first = (this.ringHead - this.ringSize + this.maxSamples) % this.maxSamples;
    for (let i = 0; i < this.ringSize; i++) {
      const at = ((first + i) % this.maxSamples) * 3;
      out.push({ t: ring[at]!, delayMaxMs: ring[at + 1]!, elu: ring[at + 2]! });
    }
    return out;
  }

  private sample(): void {
    const ih = this.intervalHistogram;
    const ring = this.ring;
    if (!ih || !ring || !this.eluLast) return;
    const now = performance.eventLoopUtilization();
    const elu = performance.eventLoopUtilization(now, this.eluLast).utilization;
    this.eluLast = now;
    const t = performance.now();
    const lateMs = t - this.lastTickAt - this.sampleEveryMs;
    this.lastTickAt = t;
    const histMaxMs = ih.count === 0 ? 0 : ih.max / NS_PER_MS;
    const at = this.ringHead * 3;
    ring[at] = t - this.startedAt;
    ring[at + 1] = histMaxMs > lateMs ? histMaxMs : lateMs;
    ring[at + 2] = elu;
    ih.reset();
    this.ringHead = (this.ringHead + 1) % this.maxSamples;
    if (this.ringSize < this.maxSamples) this.ringSize++;
  }
}
