/**
 * A long loop must not grow the run result with items × nodes: `executed` and `logs` keep their
 * first and last halves (traceLimit), and the stats count what was left out.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

function loopWithLog(items: number): Buffer {
  const node = (id: string, type: string, config: Record<string, unknown> = {}): [string, unknown] => [id, { node_id: id, node_type: type, config }];
  const edge = (s: string, sp: string, t: string, tp: string): unknown => ({ source_node: s, source_port: sp, target_node: t, target_port: tp });
  return Buffer.from(JSON.stringify({
    metadata: { name: 'long loop' },
    nodes: Object.fromEntries([
      node('start', 'StartNode'),
      node('loop', 'ForLoopStartNode', { mode: 'range', start: 0, end: items, step: 1 }),
      node('log', 'LogNode', { message: 'item {{loop.current_index}}', level: 'info' }),
      node('loop_end', 'ForLoopEndNode', { paired_start_id: 'loop' }),
      node('end', 'EndNode'),
    ]),
    connections: [
      edge('start', 'exec_out', 'loop', 'exec_in'), edge('loop', 'body', 'log', 'exec_in'),
      edge('log', 'exec_out', 'loop_end', 'exec_in'), edge('loop', 'completed', 'end', 'exec_in'),
    ],
    variables: {}, settings: {},
  }));
}

describe('trace limit', () => {
  it('keeps the head and the tail of executed and logs, counting the rest', async () => {
    const engine = createEngine({ monitorEventLoop: false, traceLimit: 10 });
    try {
      const r = await engine.run(loopWithLog(1000));
      expect(r.status).toBe('success');
      // start, then (loop, log, loop_end) x 1000, then the final loop visit and end.
      const total = 1 + 3 * 1000 + 2;
      expect(r.stats.nodesExecuted).toBe(total);
      expect(r.executed).toEqual(['start', 'loop', 'log', 'loop_end', 'loop', 'loop', 'log', 'loop_end', 'loop', 'end']);
      expect(r.stats.executedDropped).toBe(total - 10);
      expect(r.logs).toHaveLength(10);
      expect(r.logs.slice(0, 2).map((l) => l.message)).toEqual(['[log] item 0', '[log] item 1']);
      expect(r.logs.at(-1)!.message).toBe('[log] item 999');
      expect(r.stats.logsDropped).toBe(1000 - 10);
    } finally {
      await engine.close();
    }
  });

  it('keeps everything of a run below the default limit', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    try {
      const r = await engine.run(loopWithLog(50));
      expect(r.executed).toHaveLength(1 + 3 * 50 + 2);
      expect([r.stats.executedDropped, r.stats.logsDropped]).toEqual([0, 0]);
      expect(r.logs).toHaveLength(50);
    } finally {
      await engine.close();
    }
  });
});
