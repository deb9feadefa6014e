/**
 * `casare run --json`: one JSON document {status, variables, outputs, executed, error?, stats}.
 * Values that are not JSON (handles, buffers, element trees) are rendered as short descriptions.
 */
import type { RunResult } from '../execute/result.js';

export function toJsonDocument(r: RunResult, file: string): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    status: r.status,
    variables: jsonSafe(r.variables),
    outputs: jsonSafe(r.outputs),
    executed: r.executed,
  };
  if (r.error) {
    doc['error'] = { ...r.error, file: r.error.file ?? file, pointer: r.error.pointer ?? null, nodeId: r.error.nodeId ?? null };
  }
  if (r.failures.length > 0) doc['failures'] = r.failures;
  doc['stats'] = r.stats;
  return doc;
}

function jsonSafe(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  if (depth > 200) return '[nested too deep]';
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x, depth + 1));
  if (v instanceof Uint8Array) return `<bytes ${v.length}>`;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return `<${(v as object).constructor?.name ?? 'object'}>`;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = jsonSafe(x, depth + 1);
  return out;
}
