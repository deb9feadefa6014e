import diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RUN_CHANNEL_NAME,
  emitNodeEnd,
  emitNodeError,
  emitNodeRetry,
  emitNodeStart,
  emitProgress,
  emitRunEnd,
  emitRunStart,
  hasRunSubscribers,
  publishRunEvent,
  subscribeRunEvents,
} from '../../src/observe/run-events.js';
import type { RunEvent } from '../../src/observe/run-events.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function collect(): RunEvent[] {
  const events: RunEvent[] = [];
  cleanups.push(subscribeRunEvents((e) => events.push(e)));
  return events;
}

describe('run events', () => {
  it('delivers every event type in order with its fields', () => {
    const events = collect();
    emitRunStart('r1', 'wf.json', 3);
    emitNodeStart('r1', 'n1', 'SetVariableNode');
    emitNodeEnd('r1', 'n1', 'SetVariableNode', 1.5);
    emitNodeStart('r1', 'n2', 'HttpRequestNode', 1);
    emitNodeRetry('r1', 'n2', 'HttpRequestNode', 2, 100, 'boom');
    emitNodeError('r1', 'n2', 'HttpRequestNode', 4, 'boom', 'ConnectionError');
    emitProgress('r1', 2, 3, 0);
    emitRunEnd('r1', 'failed', 12, 'CASARE_E_NODE_FAILED', 'boom');
    expect(events.map((e) => e.type)).toEqual([
      'run-start', 'node-start', 'node-end', 'node-start', 'node-retry', 'node-error', 'progress', 'run-end',
    ]);
    expect(events.every((e) => e.runId === 'r1' && typeof e.t === 'number')).toBe(true);
    expect(events[0]).toMatchObject({ workflow: 'wf.json', nodeCount: 3 });
    expect(events[1]).toMatchObject({ nodeId: 'n1', nodeType: 'SetVariableNode', attempt: 1 });
    expect(events[2]).toMatchObject({ durationMs: 1.5 });
    expect(events[4]).toMatchObject({ attempt: 2, delayMs: 100, message: 'boom' });
    expect(events[5]).toMatchObject({ errorType: 'ConnectionError', message: 'boom' });
    expect(events[6]).toMatchObject({ done: 2, total: 3, running: 0 });
    expect(events[7]).toMatchObject({ status: 'failed', errorCode: 'CASARE_E_NODE_FAILED', durationMs: 12 });
  });

  it('uses the casare:run channel so plain diagnostics_channel subscribers see events', () => {
    const seen: unknown[] = [];
    const fn = (m: unknown): void => {
      seen.push(m);
    };
    diagnosticsChannel.subscribe(RUN_CHANNEL_NAME, fn);
    cleanups.push(() => diagnosticsChannel.unsubscribe(RUN_CHANNEL_NAME, fn));
    emitProgress('r2', 1, 4, 1);
    expect(seen).toEqual([expect.objectContaining({ type: 'progress', runId: 'r2', done: 1, total: 4 })]);
  });

  it('reports subscribers and stops delivering after unsubscribe', () => {
    expect(hasRunSubscribers()).toBe(false);
    const events: RunEvent[] = [];
    const off = subscribeRunEvents((e) => events.push(e));
    expect(hasRunSubscribers()).toBe(true);
    publishRunEvent({ type: 'node-end', runId: 'r3', t: 0, nodeId: 'a', nodeType: 'X', durationMs: 1 });
    off();
    expect(hasRunSubscribers()).toBe(false);
    emitNodeEnd('r3', 'b', 'X', 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ nodeId: 'a' });
  });

  it('does not evaluate a lazily built event when nobody listens', () => {
    let built = 0;
    const maybe = (): void => {
      if (!hasRunSubscribers()) return;
      built++;
      publishRunEvent({ type: 'progress', runId: 'r4', t: Date.now(), done: 1, total: 1, running: 0 });
    };
    maybe();
    expect(built).toBe(0);
    const events = collect();
    maybe();
    expect(built).toBe(1);
    expect(events).toHaveLength(1);
  });
});
