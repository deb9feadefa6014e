/** ForkNode / JoinNode / ParallelForEachNode (nodes.md §5; engine side in execute/parallel.ts). */
import { defineNode, type ControlResult } from '../types.js';
import { pyInt } from '../../lib/py/convert.js';

const PORT_NAMES = Array.from({ length: 10 }, (_, i) => `branch_${i + 1}`);

export const forkNode = defineNode({
  type: 'ForkNode', category: 'control_flow', inputs: [], outputs: [], execOutputs: PORT_NAMES,
  config: { branch_count: 2, fail_fast: false, paired_join_id: '' }, routing: 'SELF', writes: ['any'],
  run(ctx): ControlResult {
    const n = Math.min(10, Math.max(2, pyInt(ctx.param('branch_count') ?? 2)));
    return { kind: 'fork', ports: PORT_NAMES.slice(0, n), failFast: ctx.param('fail_fast') === true };
  },
});

export const joinNode = defineNode({
  type: 'JoinNode', category: 'control_flow', inputs: [], outputs: ['results', 'branch_count'],
  config: { merge_strategy: 'all', paired_fork_id: '' }, routing: 'X', writes: ['any'], readsAnyVariable: true,
  run(ctx) {
    const fork = ctx.pairedNodeId('fork');
    const key = `${fork}_branch_results`;
    const all = (fork ? ctx.vars.get(key) : undefined) as Record<string, Record<string, unknown>> | undefined;
    const results = all ?? {};
    const order = ((fork ? ctx.vars.get(`_${fork}_branch_order`) : undefined) as string[] | undefined) ?? Object.keys(results);
    const strategy = String(ctx.param('merge_strategy') ?? 'all');
    const pick = strategy === 'first' ? order[0] : strategy === 'last' ? order[order.length - 1] : undefined;
    ctx.out('results', pick === undefined ? results : pick in results ? { [pick]: results[pick] } : {});
    ctx.out('branch_count', Object.keys(results).length);
    for (const [port, vars] of Object.entries(results)) {
      for (const [name, v] of Object.entries(vars)) if (!name.startsWith('_')) ctx.vars.set(`${port}_${name}`, v);
    }
    if (fork) { ctx.vars.delete(key); ctx.vars.delete(`_${fork}_branch_order`); }
  },
});

export const parallelForEachNode = defineNode({
  type: 'ParallelForEachNode', category: 'control_flow', inputs: ['items'], required: ['items'],
  outputs: ['current_item', 'current_index', 'results'], execOutputs: ['body', 'completed'],
  config: { batch_size: 5, fail_fast: false, timeout_per_item: 60 }, routing: 'SELF', writes: ['any'],
  run(ctx): ControlResult {
    const raw = ctx.param('items');
    const items = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const batch = Math.min(50, Math.max(1, pyInt(ctx.param('batch_size') ?? 5)));
    const timeoutS = Number(ctx.param('timeout_per_item') ?? 60);
    return { kind: 'parallelForEach', items, batchSize: batch, timeoutPerItemMs: timeoutS * 1000, failFast: ctx.param('fail_fast') === true };
  },
});
