/**
 * Forward a run's events to the `casare:run` diagnostics channel, for tools that subscribe globally
 * instead of passing `onEvent`. Only built when the channel has subscribers at run start: otherwise
 * the engine passes the caller's sink (or none) and nothing here runs.
 */
import type { RunEvent as EngineEvent, RunEventSink } from '../execute/run-state.js';
import { emitNodeEnd, emitNodeError, emitNodeRetry, emitNodeStart } from './run-events.js';

export function channelSink(runId: string, next: RunEventSink | undefined): RunEventSink {
  const started = new Map<string, number>();
  return (e: EngineEvent) => {
    switch (e.type) {
      case 'node-start':
        started.set(e.nodeId, e.t);
        emitNodeStart(runId, e.nodeId, e.nodeType);
        break;
      case 'node-end':
        emitNodeEnd(runId, e.nodeId, e.nodeType, e.ms);
        break;
      case 'node-error':
        emitNodeError(runId, e.nodeId, e.nodeType, e.t - (started.get(e.nodeId) ?? e.t), e.message, e.code);
        break;
      case 'node-retry':
        emitNodeRetry(runId, e.nodeId, e.nodeType, e.attempt + 1, 0, '');
        break;
      case 'log':
        break;
    }
    next?.(e);
  };
}
