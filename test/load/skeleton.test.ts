import { describe, expect, it } from 'vitest';
import { inspectSkeleton } from '../../src/load/skeleton.js';

describe('inspectSkeleton', () => {
  it('outlines a generated 10k-node workflow', () => {
    const nodes: Record<string, unknown> = {};
    const connections: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = `n${i}`;
      nodes[id] = { node_id: id, node_type: i % 2 === 0 ? 'LogNode' : 'SetVariableNode', config: { message: `m${i}` }, position: [i, 0] };
      if (i > 0) connections.push({ source_node: `n${i - 1}`, source_port: 'exec_out', target_node: id, target_port: 'exec_in' });
    }
    const text = JSON.stringify({ metadata: { name: 'big' }, nodes, connections, variables: { a: 1, b: 2 }, settings: { timeout: 5 } });
    const s = inspectSkeleton(text);
    expect(s).toMatchObject({
      name: 'big', nodeCount: 10_000, connectionCount: 9_999, nodeTypes: { LogNode: 5000, SetVariableNode: 5000 },
      variableNames: ['a', 'b'], settings: { timeout: 5 },
    });
    expect(typeof s.simdjson.loaded).toBe('boolean');
    if (!s.simdjson.loaded) expect(s.simdjson.reason).toBeTruthy();
  });

  it('outlines a template-dialect document', () => {
    const s = inspectSkeleton(JSON.stringify({ name: 'T', default_variables: [{ name: 'v' }], base_workflow: { nodes: [{ node_id: 'a', node_type: 'StartNode' }], connections: [] } }));
    expect(s).toMatchObject({ name: 'T', nodeCount: 1, connectionCount: 0, nodeTypes: { StartNode: 1 }, variableNames: ['v'] });
  });
});
