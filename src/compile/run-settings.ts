/**
 * D6 (workflow-format.md §14.6): the file's settings and variables as they take effect in a run.
 */
import type { RunSettings } from './plan.js';

const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function resolveRunSettings(
  settings: Readonly<Record<string, unknown>>,
  exec: Readonly<Record<string, unknown>>,
): RunSettings {
  let continueOnError = !(bool(settings['stop_on_error']) ?? true);
  const execStop = bool(exec['stop_on_error']);
  if (execStop !== undefined) continueOnError = !execStop;
  const execCont = bool(exec['continue_on_error']);
  if (execCont !== undefined) continueOnError = execCont;

  const execTimeout = num(exec['node_timeout']);
  const timeoutS = (execTimeout !== undefined && execTimeout > 0 ? execTimeout : undefined)
    ?? num(settings['node_timeout']) ?? num(settings['timeout']) ?? 120;
  const globalS = num(settings['global_timeout']) ?? 0;

  let retryCount = num(settings['retry_count']) ?? 0;
  if (!(retryCount > 0) && settings['retry_failed'] === true) retryCount = num(settings['max_retries']) ?? 0;

  const lvl = typeof settings['log_level'] === 'string' ? settings['log_level'].toLowerCase() : 'debug';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(lvl) ? (lvl as RunSettings['logLevel']) : 'debug';

  return Object.freeze({
    continueOnError,
    nodeTimeoutMs: Math.max(0, timeoutS) * 1000,
    globalTimeoutMs: Math.max(0, globalS) * 1000,
    retryCount: Math.max(0, Math.floor(retryCount)),
    retryDelayMs: Math.max(0, num(exec['retry_delay']) ?? num(settings['retry_delay']) ?? 0) * 1000,
    logLevel,
  });
}

/** Top-level `variables`: a definition object (has `type`/`data_type`) gives its default, else the value itself. */
export function seedVariables(variables: Readonly<Record<string, unknown>>): (readonly [string, unknown])[] {
  const out: (readonly [string, unknown])[] = [];
  for (const [name, def] of Object.entries(variables)) {
    if (def !== null && typeof def === 'object' && !Array.isArray(def) && ('type' in def || 'data_type' in def)) {
      const d = def as Record<string, unknown>;
      out.push([name, d['default_value'] ?? d['value'] ?? d['default'] ?? null]);
    } else {
      out.push([name, def]);
    }
  }
  return out;
}
