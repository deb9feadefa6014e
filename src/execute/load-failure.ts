/**
 * A load failure as a run result (§14.10): phase "load", every error-severity issue as
 * `"<CODE>: <message>"`, empty variables/outputs/executed.
 */
import type { CasareError } from '../errors.js';
import type { RunResult } from './result.js';

export function loadFailureResult(e: CasareError): RunResult {
  const issues = e.issues ?? [];
  const details = issues.filter((i) => i.severity === 'error').map((i) => `${i.code}: ${i.message}`);
  return {
    status: 'error',
    variables: {},
    outputs: {},
    executed: [],
    error: {
      phase: 'load',
      code: e.code,
      message: e.message,
      ...(e.where?.file !== undefined && { file: e.where.file }),
      ...(e.where?.pointer !== undefined && { pointer: e.where.pointer }),
      ...(e.where?.nodeId !== undefined && { nodeId: e.where.nodeId }),
      details,
      issues,
    },
    failures: [],
    logs: [],
    stats: { loadMs: 0, validateMs: 0, compileMs: 0, runMs: 0, nodesExecuted: 0, executedDropped: 0, logsDropped: 0, asyncActivations: 0, maxInFlight: 0, cacheHit: false, nodes: [] },
  };
}
