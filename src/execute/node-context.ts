/**
 * The NodeContext a node's run() sees. One object per (frame, node), created on the node's first
 * activation in that frame and reused for every later one: no per-activation allocation. Port values
 * live on the context because CasareRPA ports keep their values for the whole run (§9.5).
 */
import { setMaxListeners } from 'node:events';
import type { LogLevel, NodeContext, NodeServices, Variables } from '../nodes/types.js';
import { configValue, type CompiledNode } from '../compile/plan.js';
import { resolveTemplates } from '../compile/template.js';

/** What a context needs from the run around it (implemented by Frame). */
export interface ContextHost {
  readonly vars: Map<string, unknown>;
  readonly variables: Variables;
  readonly cwd: string;
  readonly services: NodeServices;
  readonly runSignal: AbortSignal;
  log(node: CompiledNode, level: LogLevel, message: string): void;
  pairedNodeId(node: CompiledNode, kind: 'try' | 'catch' | 'finally' | 'fork' | 'join'): string | null;
}

export class ExecNodeContext implements NodeContext {
  readonly nodeId: string;
  readonly nodeType: string;
  readonly node: CompiledNode;
  /** Input port values; persist across activations (§9.5). */
  readonly inputs: Map<string, unknown>;
  /** Output port values; persist until overwritten. */
  readonly outputs: Map<string, unknown>;
  readonly #host: ContextHost;
  #abort: AbortController | null = null;
  #signal: AbortSignal | null = null;

  constructor(node: CompiledNode, host: ContextHost, inputs?: Map<string, unknown>, outputs?: Map<string, unknown>) {
    this.node = node;
    this.nodeId = node.id;
    this.nodeType = node.type;
    this.#host = host;
    this.inputs = inputs ?? new Map();
    this.outputs = outputs ?? new Map();
  }

  /** Port value (templates in it resolved), else the config's compiled template, else the static config value or null. */
  param(name: string): unknown {
    const s = this.node.slot(name);
    if (s.port) {
      const p = this.inputs.get(name);
      if (p !== undefined && p !== null) return typeof p === 'string' || typeof p === 'object' ? resolveTemplates(p, this.#host.vars) : p;
    }
    return s.template !== null ? s.template.resolve(this.#host.vars) ?? null : s.value;
  }

  port(name: string): unknown {
    return this.inputs.get(name) ?? null;
  }

  configRaw(name: string): unknown {
    return configValue(this.node, name);
  }

  hasConfig(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.node.fileConfig, name);
  }

  resolve(value: unknown): unknown {
    return resolveTemplates(value, this.#host.vars);
  }

  out(name: string, value: unknown): void {
    this.outputs.set(name, value);
  }

  get vars(): Variables {
    return this.#host.variables;
  }

  log(level: LogLevel, message: string): void {
    this.#host.log(this.node, level, message);
  }

  /** Per-activation signal: created lazily (sync nodes that never look at it pay nothing). */
  get signal(): AbortSignal {
    if (this.#signal === null) {
      // Aborted by this activation's timeout or by the run (cancel, global timeout).
      this.#abort = new AbortController();
      this.#signal = AbortSignal.any([this.#abort.signal, this.#host.runSignal]);
      // A CPU node may split its work into many pool tasks, each listening for abort: not a leak.
      setMaxListeners(0, this.#signal);
    }
    return this.#signal;
  }

  /** Abort the current activation (timeout or cancel) and start fresh for the next one. */
  abortActivation(reason: unknown): void {
    if (this.#abort !== null) this.#abort.abort(reason);
    this.#abort = null;
    this.#signal = null;
  }

  /** §9.8: a disabled node copies each non-null input to the output of the same name (or X_in -> X_out). */
  passThrough(): void {
    for (const [k, v] of this.inputs) {
      if (v === undefined || v === null) continue;
      this.outputs.set(k.endsWith('_in') ? `${k.slice(0, -3)}_out` : k, v);
    }
  }

  pairedNodeId(kind: 'try' | 'catch' | 'finally' | 'fork' | 'join'): string | null {
    return this.#host.pairedNodeId(this.node, kind);
  }

  get cwd(): string {
    return this.#host.cwd;
  }

  get services(): NodeServices {
    return this.#host.services;
  }
}
