import { NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';

/**
 * The required-input check for ports that depend on an action (super nodes): the engine checks
 * spec.required before run(); an action's own ports are checked here with the same text.
 */
export function requirePorts(ctx: NodeContext, ports: readonly string[]): void {
  for (const p of ports) {
    const v = ctx.port(p);
    if (v !== null && v !== undefined) continue;
    const c = ctx.configRaw(p);
    if (c !== null && c !== undefined) continue;
    throw new NodeFailure(`Required input port '${p}' has no value`, 'ValidationError');
  }
}
