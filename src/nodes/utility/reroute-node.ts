/** RerouteNode (nodes.md §6): passes `in` to `out`; routes `out` (data mode) or `exec_out`. */
import { defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyTruthy } from '../../lib/py/compare.js';

const OUT: readonly string[] = Object.freeze(['out']);
const EXEC_OUT: readonly string[] = Object.freeze(['exec_out']);

export const rerouteNode: NodeSpec = defineNode({
  type: 'RerouteNode',
  category: 'utility',
  inputs: ['in'],
  outputs: ['out'],
  execOutputs: ['exec_out', 'out'],
  config: { is_exec_reroute: false },
  routing: 'SELF',
  run(ctx) {
    ctx.out('out', ctx.param('in'));
    return pyTruthy(ctx.param('is_exec_reroute')) ? EXEC_OUT : OUT;
  },
});
