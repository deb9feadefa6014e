/**
 * RunRecorder: an `onEvent` sink that keeps what a report needs from one run — node activation
 * spans (from node-end's `t` and `ms`, so overlapping activations of one node stay exact), failed
 * activations (node-start .. node-error), and errors — plus the performance.now() of the run's
 * clock origin, to line other series (event-loop samples, memory) up with the spans.
 * `reset()` reuses it for the next run.
 */
import { performance } from 'node:perf_hooks';
import type { RunEvent, RunEventSink } from '../../execute/run-state.js';
import type { ReportError } from './report-types.js';

/** A raw activation: kind is decided later from the plan's cost class. */
export interface RawSpan {
  readonly nodeId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly async: boolean;
  failed: boolean;
}

export class RunRecorder {
  readonly spans: RawSpan[] = [];
  readonly errors: ReportError[] = [];
  /** performance.now() at the run's t = 0 (NaN until the first event). */
  originMs = Number.NaN;
  readonly #started = new Map<string, number>();
  /** Bound once: pass as `engine.run(x, { onEvent: recorder.onEvent })`. */
  readonly onEvent: RunEventSink;

  constructor() {
    this.onEvent = (e: RunEvent) => this.#record(e);
  }

  reset(): void {
    this.spans.length = 0;
    this.errors.length = 0;
    this.#started.clear();
    this.originMs = Number.NaN;
  }

  #record(e: RunEvent): void {
    if (Number.isNaN(this.originMs)) this.originMs = performance.now() - e.t;
    switch (e.type) {
      case 'node-start':
        this.#started.set(e.nodeId, e.t);
        break;
      case 'node-end':
        this.spans.push({ nodeId: e.nodeId, startMs: e.t - e.ms, endMs: e.t, async: e.async, failed: false });
        this.#started.delete(e.nodeId);
        break;
      case 'node-error': {
        // A synchronous failure has no node-end: draw it from its start to the error.
        const start = this.#started.get(e.nodeId);
        if (start !== undefined) {
          this.spans.push({ nodeId: e.nodeId, startMs: start, endMs: e.t, async: false, failed: true });
          this.#started.delete(e.nodeId);
        } else {
          // An async failure already ended with node-end: mark that activation.
          for (let k = this.spans.length - 1; k >= 0; k--) {
            if (this.spans[k]!.nodeId === e.nodeId) { this.spans[k]!.failed = true; break; }
          }
        }
        this.errors.push({ code: e.code, message: e.message, nodeId: e.nodeId, nodeType: e.nodeType });
        break;
      }
      default:
        break;
    }
  }
}
