/**
 * Which connection ports carry execution flow. REF uses different rules in different places
 * (workflow-format.md §5); each is named here once.
 */

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

/** Port-name rules are pure functions of the name, and names repeat: evaluated once per name. */
export function memoPort(f: (port: string) => boolean): (port: string) => boolean {
  const cache = new Map<string, boolean>();
  return (port) => {
    let v = cache.get(port);
    if (v === undefined) cache.set(port, (v = f(port)));
    return v;
  };
}
