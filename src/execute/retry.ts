/**
 * A failed activation, and what happens next: D6 retries (`settings.retry_count`) at once, or with
 * the Casare extension `settings.retry_delay` as backoff (seconds, doubled per attempt, capped at
 * 30 s). The backoff waits on a timer, so the node counts as in flight and independent branches go
 * on; a cancelled run or an aborted frame (item / batch timeout) ends the wait, and no retry follows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { NodeReturn } from '../nodes/types.js';
import type { NodeFailureInfo } from './run-state.js';
import type { Frame } from './frame.js';

/** A node activation that failed (after retries). */
export class Failed {
  constructor(readonly info: NodeFailureInfo) {}
}

export type Activation = NodeReturn | Failed;

export function failOrRetry(frame: Frame, i: number, attempt: number, info: NodeFailureInfo): Activation | Promise<Activation> {
  const run = frame.run;
  if (attempt >= run.retryCount || run.stopReason !== null) return new Failed(info);
  if (run.onEvent !== null) {
    const nd = run.plan.nodes[i]!;
    run.onEvent({ type: 'node-retry', nodeId: nd.id, nodeType: nd.type, t: performance.now() - run.t0, attempt: attempt + 1 });
  }
  const delayMs = run.plan.settings.retryDelayMs;
  if (delayMs <= 0) return frame.activate(i, attempt + 1);
  const wait = Math.min(30_000, delayMs * 2 ** attempt);
  return sleep(wait, undefined, { signal: frame.runSignal }).catch(() => undefined)
    .then(() => (run.stopReason === null && !frame.stopFlag ? frame.activate(i, attempt + 1) : new Failed(info)));
}
