import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

function doc(nodes: Record<string, [string, Record<string, unknown>]>, variables: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    nodes: Object.fromEntries(Object.entries(nodes).map(([id, [type, config]]) => [id, { node_id: id, node_type: type, config }])),
    connections: [], variables,
  }));
}

describe('template warnings at load', () => {
  it('warns when a template names an output the node does not have, with node id and pointer', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    const { plan } = await engine.load(doc({
      dict_set: ['DictSetNode', { key: 'a', value: 1 }],
      reader: ['DictHasKeyNode', { dict: '{{dict_set.dict}}', key: 'a' }],
    }));
    const w = plan.warnings.filter((i) => i.code === 'UNRESOLVED_TEMPLATE');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', nodeId: 'reader', pointer: '/nodes/reader/config/dict' });
    expect(w[0]!.message).toContain("output 'dict'");
    await engine.close();
  });

  it('warns for a name nothing defines, not for file variables or variables a node sets', async () => {
    const engine = createEngine({ monitorEventLoop: false });
    const { plan } = await engine.load(doc({
      set: ['SetVariableNode', { variable_name: 'greeting', value: 'hi' }],
      use: ['TextCaseNode', { text: '{{greeting}} {{seeded}} {{typo_name}}', case: 'upper' }],
    }, { seeded: 'x' }));
    const w = plan.warnings.filter((i) => i.code === 'UNRESOLVED_TEMPLATE');
    expect(w.map((i) => i.message.includes('typo_name'))).toEqual([true]);
    await engine.close();
  });
});
