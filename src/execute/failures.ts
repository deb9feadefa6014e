/**
 * Turning whatever a node threw into the run's failure record: message, error type (Python
 * exception class name or CasareRPA error_type, §14.4) and a Casare code.
 */
import { pyNumberStr } from '../lib/py/str.js';
import type { NodeFailureInfo } from './run-state.js';

export function toFailureInfo(node: number, e: unknown): NodeFailureInfo {
  if (e !== null && typeof e === 'object' && 'node' in e && 'errorType' in e && 'code' in e && 'message' in e) {
    return e as NodeFailureInfo; // already a failure record (timeout)
  }
  if (e instanceof Error) {
    const x = e as Error & { pyType?: string; errorType?: string; code?: unknown; sqlState?: unknown };
    const errorType = x.pyType ?? x.errorType ?? (x.name === 'Error' ? 'Exception' : x.name);
    const code = typeof x.code === 'string' && x.code.startsWith('CASARE_E_') ? x.code : 'CASARE_E_NODE_FAILED';
    return { node, message: x.message, errorType, code, stack: x.stack, ...(typeof x.sqlState === 'string' && { sqlState: x.sqlState }) };
  }
  return { node, message: String(e), errorType: 'Exception', code: 'CASARE_E_NODE_FAILED' };
}

export function timeoutFailure(node: number, nodeId: string, timeoutMs: number): NodeFailureInfo {
  return {
    node,
    message: `Node ${nodeId} timed out after ${pyNumberStr(timeoutMs / 1000)}s`,
    errorType: 'TimeoutError',
    code: 'CASARE_E_NODE_TIMEOUT',
  };
}

export function requiredInputFailure(node: number, port: string): NodeFailureInfo {
  return {
    node,
    message: `Required input port '${port}' has no value`,
    errorType: 'ValidationError',
    code: 'CASARE_E_NODE_INPUT_MISSING',
  };
}
