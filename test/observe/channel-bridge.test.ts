import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { subscribeRunEvents, type RunEvent } from '../../src/observe/run-events.js';

describe('casare:run diagnostics channel', () => {
  it('carries a run\'s start, node and end events to global subscribers', async () => {
    const seen: RunEvent[] = [];
    const unsubscribe = subscribeRunEvents((e) => seen.push(e));
    const engine = createEngine({ monitorEventLoop: false });
    try {
      const doc = { nodes: { a: { node_id: 'a', node_type: 'SetVariableNode', config: { variable_name: 'x', value: 1 } },
        b: { node_id: 'b', node_type: 'ThrowErrorNode', config: { error_message: 'no' } } },
      connections: [{ source_node: 'a', source_port: 'exec_out', target_node: 'b', target_port: 'exec_in' }] };
      const r = await engine.run(Buffer.from(JSON.stringify(doc)));
      expect(r.status).toBe('error');
    } finally {
      unsubscribe();
      await engine.close();
    }
    expect(seen.map((e) => e.type)).toEqual(['run-start', 'node-start', 'node-end', 'node-start', 'node-error', 'run-end']);
    expect(seen.at(-1)).toMatchObject({ type: 'run-end', status: 'failed', errorCode: 'CASARE_E_NODE_FAILED' });
    expect(new Set(seen.map((e) => e.runId)).size).toBe(1);
  });
});
