/**
 * Run events on the `casare:run` diagnostics channel: progress bars, run reports and tracing
 * subscribe; the engine publishes. Publishing costs one `hasSubscribers` check when nobody
 * listens: every `emit*` helper returns before building the event object. Channels are
 * per-thread, so events are published from the thread that runs the scheduler.
 */
import diagnosticsChannel from 'node:diagnostics_channel';

export const RUN_CHANNEL_NAME = 'casare:run';

/** The channel object; module-level so it (and its subscribers) stay alive. */
export const runChannel = diagnosticsChannel.channel(RUN_CHANNEL_NAME);

export type RunStatus = 'success' | 'failed' | 'cancelled' | 'timeout';

interface RunEventBase {
  runId: string;
  /** Wall-clock time, ms since the epoch. */
  t: number;
}

export interface RunStartEvent extends RunEventBase {
  type: 'run-start';
  workflow: string;
  nodeCount: number;
}

export interface RunEndEvent extends RunEventBase {
  type: 'run-end';
  status: RunStatus;
  durationMs: number;
  /** CasareError code when the run did not succeed. */
  errorCode?: string;
  message?: string;
}

export interface NodeStartEvent extends RunEventBase {
  type: 'node-start';
  nodeId: string;
  nodeType: string;
  /** 1 for the first try. */
  attempt: number;
}

export interface NodeEndEvent extends RunEventBase {
  type: 'node-end';
  nodeId: string;
  nodeType: string;
  durationMs: number;
}

export interface NodeErrorEvent extends RunEventBase {
  type: 'node-error';
  nodeId: string;
  nodeType: string;
  durationMs: number;
  message: string;
  errorType: string;
}

export interface NodeRetryEvent extends RunEventBase {
  type: 'node-retry';
  nodeId: string;
  nodeType: string;
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  delayMs: number;
  message: string;
}

export interface ProgressEvent extends RunEventBase {
  type: 'progress';
  done: number;
  total: number;
  running: number;
}

export type RunEvent =
  | RunStartEvent
  | RunEndEvent
  | NodeStartEvent
  | NodeEndEvent
  | NodeErrorEvent
  | NodeRetryEvent
  | ProgressEvent;

export type RunEventType = RunEvent['type'];

/** True when someone listens: check before computing anything only an event needs. */
export function hasRunSubscribers(): boolean {
  return runChannel.hasSubscribers;
}

/**
 * Listen to every run event (of every run in this thread). Returns the unsubscribe function.
 * Uses the module-level `subscribe`, which keeps the channel alive (nodejs/node#42170).
 */
export function subscribeRunEvents(listener: (event: RunEvent) => void): () => void {
  const handler = (message: unknown): void => listener(message as RunEvent);
  diagnosticsChannel.subscribe(RUN_CHANNEL_NAME, handler);
  return () => {
    diagnosticsChannel.unsubscribe(RUN_CHANNEL_NAME, handler);
  };
}

/** Publish a ready-made event (callers should check `hasRunSubscribers()` first). */
export function publishRunEvent(event: RunEvent): void {
  if (runChannel.hasSubscribers) runChannel.publish(event);
}

export function emitRunStart(runId: string, workflow: string, nodeCount: number): void {
  if (!runChannel.hasSubscribers) return;
  const e: RunStartEvent = { type: 'run-start', runId, t: Date.now(), workflow, nodeCount };
  runChannel.publish(e);
}

export function emitRunEnd(runId: string, status: RunStatus, durationMs: number, errorCode?: string, message?: string): void {
  if (!runChannel.hasSubscribers) return;
  const e: RunEndEvent = { type: 'run-end', runId, t: Date.now(), status, durationMs };
  if (errorCode !== undefined) e.errorCode = errorCode;
  if (message !== undefined) e.message = message;
  runChannel.publish(e);
}

export function emitNodeStart(runId: string, nodeId: string, nodeType: string, attempt = 1): void {
  if (!runChannel.hasSubscribers) return;
  const e: NodeStartEvent = { type: 'node-start', runId, t: Date.now(), nodeId, nodeType, attempt };
  runChannel.publish(e);
}

export function emitNodeEnd(runId: string, nodeId: string, nodeType: string, durationMs: number): void {
  if (!runChannel.hasSubscribers) return;
  const e: NodeEndEvent = { type: 'node-end', runId, t: Date.now(), nodeId, nodeType, durationMs };
  runChannel.publish(e);
}

export function emitNodeError(
  runId: string,
  nodeId: string,
  nodeType: string,
  durationMs: number,
  message: string,
  errorType: string,
): void {
  if (!runChannel.hasSubscribers) return;
  const e: NodeErrorEvent = { type: 'node-error', runId, t: Date.now(), nodeId, nodeType, durationMs, message, errorType };
  runChannel.publish(e);
}

export function emitNodeRetry(
  runId: string,
  nodeId: string,
  nodeType: string,
  attempt: number,
  delayMs: number,
  message: string,
): void {
  if (!runChannel.hasSubscribers) return;
  const e: NodeRetryEvent = { type: 'node-retry', runId, t: Date.now(), nodeId, nodeType, attempt, delayMs, message };
  runChannel.publish(e);
}

export function emitProgress(runId: string, done: number, total: number, running: number): void {
  if (!runChannel.hasSubscribers) return;
  const e: ProgressEvent = { type: 'progress', runId, t: Date.now(), done, total, running };
  runChannel.publish(e);
}
