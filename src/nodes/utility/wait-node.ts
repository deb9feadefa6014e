/** WaitNode (nodes.md §6; BrowserWaitNode is an alias): sleeps `duration` seconds, abortable. */
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyFloat } from '../../lib/py/convert.js';

export const waitNode: NodeSpec = defineNode({
  type: 'WaitNode',
  category: 'browser',
  inputs: ['duration'],
  outputs: [],
  config: { duration: 1.0 },
  cost: 'io',
  async run(ctx) {
    const raw = ctx.param('duration');
    const seconds = raw === null || raw === undefined || raw === '' ? 1.0 : pyFloat(raw);
    if (seconds < 0) throw new NodeFailure('Duration must be non-negative', 'ValueError');
    if (seconds === 0) return;
    // Rejects with AbortError as soon as the run or node is cancelled.
    await sleep(seconds * 1000, undefined, { signal: ctx.signal });
  },
});
