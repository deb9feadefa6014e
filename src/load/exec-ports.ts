/**
 * Which connection ports carry execution flow. REF uses different rules in different places
 * (workflow-format.md §5); each is named here once.
 */
import { StringIndex } from '../lib/string-index.js';

const CYCLE_EXEC_PORTS = new Set([
  'exec_in', 'exec_out', 'exec', 'loop_body', 'completed', 'true', 'false', 'then', 'else', 'on_success',
  'on_error', 'on_finally', 'body', 'done', 'finish', 'next',
]);

const EXEC_INPUT_PORTS = new Set([
  'exec_in', 'exec', 'loop_body', 'true', 'false', 'then', 'else', 'on_success', 'on_error', 'on_finally', 'body',
]);

/** Cycle-check rule (`is_exec_port`): a listed name or any name containing "exec"; names with
 * surrounding whitespace are malformed and never exec ports. */
export function isExecPort(port: string): boolean {
  if (port === '' || port !== port.trim()) return false;
  const lower = port.toLowerCase();
  return CYCLE_EXEC_PORTS.has(lower) || lower.includes('exec');
}

/** Entry-point rule (`is_exec_input_port`), used by the reachability warning. */
export function isExecInputPort(port: string): boolean {
  return port !== '' && EXEC_INPUT_PORTS.has(port.toLowerCase());
}

/** PortNames flag bits: the rules above, and compile's routing rule, per distinct name. */
export const PORT_EXEC = 1;
export const PORT_EXEC_INPUT = 2;
/** Name contains "exec" in any case (routing D: the edge takes part in exec routing). */
export const PORT_EXECISH = 4;

/**
 * The distinct port names of one load, numbered in order of first appearance, with the rules above
 * evaluated once per name: connections carry port ids, and the per-connection checks of load and
 * compile test bits instead of lower-casing and hashing every edge's strings again in each pass
 * (a `toLowerCase()` allocates a new string even when nothing changes).
 */
export class PortNames {
  readonly #index = new StringIndex([]);
  readonly #names: string[] = [];
  readonly #flags: number[] = [];

  // The two names seen last: edges alternate source and target port names (exec_out, exec_in).
  #recentName0 = '';
  #recentId0 = -1;
  #recentName1 = '';
  #recentId1 = -1;

  /** Id of `name`, added on first sight. */
  id(name: string): number {
    // A string compare before any hashing: most edges repeat the names just seen.
    if (this.#recentId0 >= 0 && name === this.#recentName0) return this.#recentId0;
    if (this.#recentId1 >= 0 && name === this.#recentName1) return this.#recentId1;
    const id = this.#index.add(name);
    this.#recentName1 = this.#recentName0;
    this.#recentId1 = this.#recentId0;
    this.#recentName0 = name;
    this.#recentId0 = id;
    if (id === this.#names.length) {
      this.#names.push(name);
      this.#flags.push((isExecPort(name) ? PORT_EXEC : 0) | (isExecInputPort(name) ? PORT_EXEC_INPUT : 0) |
        (name.toLowerCase().includes('exec') ? PORT_EXECISH : 0));
    }
    return id;
  }

  /** Id of `name`, or -1 when no connection of the load uses it. */
  find(name: string): number {
    return this.#index.get(name) ?? -1;
  }

  /** The name of port id (its first occurrence's string); '' for -1 (a port that was not a string). */
  name(id: number): string {
    return id < 0 ? '' : this.#names[id]!;
  }

  /** Whether port id has flag bit `f`; never for -1. */
  is(id: number, f: number): boolean {
    return id >= 0 && (this.#flags[id]! & f) !== 0;
  }
}
