import { describe, expect, it } from 'vitest';
import { checkStructure } from '../../src/load/validate-structure.js';

const limits = { maxNodes: 100, maxConnections: 100 };
const node = (id: string, type = 'LogNode'): Record<string, unknown> => ({ node_id: id, node_type: type, config: {} });

function doc(nodes: Record<string, unknown>, connections: unknown[] = [], metadata: Record<string, unknown> = { name: 'w' }): unknown {
  return { metadata, nodes, connections };
}

describe('structural length limits (REF counts code points)', () => {
  it('reports a too-long node id, node_type, connection field and metadata field with REF texts and pointers', () => {
    const longId = 'n'.repeat(257);
    const issues = checkStructure(doc(
      { [longId]: node(longId), b: node('b', 'T'.repeat(129)) },
      [{ source_node: 'b', source_port: 'p'.repeat(129), target_node: longId, target_port: 'exec_in' }],
      { name: 'x'.repeat(257), version: '1'.repeat(51) },
    ), limits);
    expect(issues.map((i) => [i.code, i.message, i.pointer])).toEqual([
      ['FIELD_TOO_LONG', "Field 'metadata.name' exceeds maximum length of 256", '/metadata/name'],
      ['FIELD_TOO_LONG', "Field 'metadata.version' exceeds maximum length of 50", '/metadata/version'],
      ['FIELD_TOO_LONG', "Field 'node_id' exceeds maximum length of 256", `/nodes/${longId}`],
      ['FIELD_TOO_LONG', `Field 'nodes.b.node_type' exceeds maximum length of 128`, '/nodes/b/node_type'],
      ['FIELD_TOO_LONG', "Field 'connections[0].target_node' exceeds maximum length of 256", '/connections/0/target_node'],
      ['FIELD_TOO_LONG', "Field 'connections[0].source_port' exceeds maximum length of 128", '/connections/0/source_port'],
    ]);
    expect(issues[2]!.nodeId).toBe(longId);
  });

  it('counts code points, not UTF-16 units: 128 astral characters fit a 128 limit, 129 do not', () => {
    const fits = '😀'.repeat(128);
    expect(fits.length).toBe(256);
    expect(checkStructure(doc({ a: node('a', fits) }), limits)).toEqual([]);
    const over = checkStructure(doc({ a: node('a', '😀'.repeat(129)) }), limits);
    expect(over.map((i) => i.code)).toEqual(['FIELD_TOO_LONG']);
  });

  it('keeps a type error and a length error of different fields in REF order', () => {
    const issues = checkStructure(doc({ a: node('a') }, [{ source_node: 7, source_port: 'p'.repeat(200), target_node: 'a', target_port: 'exec_in' }]), limits);
    expect(issues.map((i) => i.message)).toEqual([
      'Field \'connections[0].source_node\' must be a string, got int',
      "Field 'connections[0].source_port' exceeds maximum length of 128",
    ]);
  });

  it('reports each config limit on its own in an otherwise clean config: long value, long key, depth, pattern', () => {
    const cfg = (config: Record<string, unknown>): unknown => doc({ a: { node_id: 'a', node_type: 'LogNode', config: { message: 'ok', config } } });
    const one = (config: Record<string, unknown>): [string, string | undefined][] =>
      checkStructure(cfg(config), limits).map((i) => [i.code, i.pointer]);
    expect(one({ list: ['fine', 'x'.repeat(10_001)] })).toEqual([['VALUE_TOO_LONG', '/nodes/a/config/config/list/1']]);
    expect(one({ list: ['fine', '😀'.repeat(10_000)] })).toEqual([]); // 20000 UTF-16 units, 10000 code points
    expect(one({ inner: { ['k'.repeat(257)]: 1 } })).toEqual([['FIELD_TOO_LONG', '/nodes/a/config/config/inner']]);
    let deep: unknown = 'leaf';
    for (let d = 0; d < 10; d++) deep = [deep];
    expect(one({ deep })).toEqual([['CONFIG_TOO_DEEP', '/nodes/a/config/config/deep/0/0/0/0/0/0/0/0/0']]);
    expect(one({ x: 'a.b.c __builtins__' })).toEqual([['DANGEROUS_PATTERN', '/nodes/a/config/config/x']]);
    expect(one({ x: 'a (b) c.d', y: [1, true, null, 2.5], z: { q: 'eval ()' } })).toEqual([]);
  });
});

