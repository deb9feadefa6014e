/**
 * Run one NodeSpec outside a workflow, with a real variable map and real template resolution.
 * For node unit tests; the engine's own NodeContext lives in src/execute/.
 */
import type { NodeContext, NodeReturn, NodeServices, NodeSpec, LogLevel } from '../../src/nodes/types.js';
import { resolveTemplates } from '../../src/compile/template.js';

export interface RunNodeOptions {
  config?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  cwd?: string;
  services?: Partial<NodeServices>;
  signal?: AbortSignal;
  nodeId?: string;
}

export interface RunNodeResult {
  ok: boolean;
  outputs: Record<string, unknown>;
  variables: Map<string, unknown>;
  returned: NodeReturn;
  error?: { message: string; errorType: string };
  logs: { level: LogLevel; message: string }[];
}

export async function runNode(spec: NodeSpec, opts: RunNodeOptions = {}): Promise<RunNodeResult> {
  const config = opts.config ?? {};
  const inputs = opts.inputs ?? {};
  const vars = new Map<string, unknown>(Object.entries(opts.variables ?? {}));
  const outputs: Record<string, unknown> = {};
  const logs: { level: LogLevel; message: string }[] = [];
  const defaults = spec.config ?? {};
  const rawConfig = (name: string): unknown => {
    const v = config[name];
    if (v !== undefined && v !== null) return v;
    const d = defaults[name];
    return d === undefined ? undefined : d;
  };
  const services: NodeServices = { fileRoot: null, env: process.env, ...opts.services };
  const ctx: NodeContext = {
    nodeId: opts.nodeId ?? 'node_under_test',
    nodeType: spec.type,
    param(name) {
      const p = inputs[name];
      if (p !== undefined && p !== null) return resolveTemplates(p, vars);
      const c = rawConfig(name);
      return c === undefined ? null : resolveTemplates(c, vars);
    },
    port: (name) => inputs[name] ?? null,
    configRaw: rawConfig,
    hasConfig: (name) => Object.prototype.hasOwnProperty.call(config, name),
    resolve: (value) => resolveTemplates(value, vars),
    out(name, value) { outputs[name] = value; },
    vars: {
      get: (n) => vars.get(n),
      has: (n) => vars.has(n),
      set: (n, v) => { vars.set(n, v); },
      delete: (n) => vars.delete(n),
      map: vars,
    },
    log(level, message) { logs.push({ level, message }); },
    signal: opts.signal ?? new AbortController().signal,
    cwd: opts.cwd ?? process.cwd(),
    services,
    pairedNodeId: (kind) => {
      const key = kind === 'try' ? 'paired_try_id' : kind === 'fork' ? 'paired_fork_id' : kind === 'join' ? 'paired_join_id' : null;
      const v = key ? config[key] : undefined;
      return typeof v === 'string' && v !== '' ? v : null;
    },
  };
  for (const r of spec.required ?? []) {
    const p = inputs[r];
    const c = config[r] ?? defaults[r];
    if ((p === undefined || p === null) && (c === undefined || c === null)) {
      return { ok: false, outputs, variables: vars, returned: undefined, logs,
        error: { message: `Required input port '${r}' has no value`, errorType: 'ValidationError' } };
    }
  }
  try {
    const returned = await spec.run(ctx);
    return { ok: true, outputs, variables: vars, returned, logs };
  } catch (e) {
    const err = e as Error & { pyType?: string; errorType?: string };
    return { ok: false, outputs, variables: vars, returned: undefined, logs,
      error: { message: err.message, errorType: err.pyType ?? err.errorType ?? err.name } };
  }
}
