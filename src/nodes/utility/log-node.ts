/** LogNode (nodes.md §6): template-resolved message, then Python str.format over all variables. */
import { NodeFailure, defineNode } from '../types.js';
import type { LogLevel, NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFormat } from '../../lib/py/format.js';

const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'error', 'critical']);

/** The text LogNode logs: format pass (KeyError/ValueError keep the text), node-id prefix, data suffix. */
export function formatLogMessage(message: unknown, vars: ReadonlyMap<string, unknown>, nodeId: string | null, data: unknown): string {
  let msg = pyTruthy(message) ? pyStr(message) : '';
  try {
    msg = pyFormat(msg, vars);
  } catch (e) {
    const t = (e as { pyType?: string }).pyType;
    if (t !== 'KeyError' && t !== 'ValueError') throw new NodeFailure(`Log error: ${(e as Error).message}`, t ?? 'ExecutionError');
  }
  if (nodeId !== null) msg = `[${nodeId}] ${msg}`;
  if (data !== null && data !== undefined) msg += ` | Data: ${pyStr(data)}`;
  return msg;
}

export const logNode: NodeSpec = defineNode({
  type: 'LogNode',
  category: 'utility',
  inputs: ['message', 'data'],
  outputs: [],
  config: { message: '', data: null, level: 'critical', include_timestamp: true, include_node_id: true, print_to_terminal: true },
  readsAnyVariable: true,
  run(ctx) {
    const raw = ctx.param('level');
    const lv = typeof raw === 'string' ? raw.toLowerCase() : 'info';
    const level = (LEVELS.has(lv) ? lv : 'info') as LogLevel;
    const withId = pyTruthy(ctx.param('include_node_id'));
    const text = formatLogMessage(ctx.param('message'), ctx.vars.map, withId ? ctx.nodeId : null, ctx.param('data'));
    ctx.log(level, text);
  },
});
