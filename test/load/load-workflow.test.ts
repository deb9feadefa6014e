import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, loadWorkflow } from '../../src/load/load-workflow.js';
import { issueDetails } from '../../src/load/validate-semantic.js';
import type { Issue } from '../../src/errors.js';
import { edge, gzip, node, registerTestNodes, workflow, zstdCompress } from './helpers.js';

beforeAll(registerTestNodes);

async function loadError(bytes: Uint8Array, opts = DEFAULT_LOAD_OPTIONS): Promise<{ code: string; message: string; issues: Issue[] }> {
  try {
    await loadWorkflow(bytes, opts);
  } catch (e) {
    return e as Awaited<ReturnType<typeof loadError>>;
  }
  throw new Error('loaded');
}

describe('loadWorkflow', () => {
  it('loads .json, .json.gz and .json.zst bytes to identical documents', async () => {
    const bytes = workflow([node('s', 'StartNode'), node('a')], [edge('s', 'a')]);
    const a = await loadWorkflow(bytes, DEFAULT_LOAD_OPTIONS);
    const b = await loadWorkflow(gzip(bytes), DEFAULT_LOAD_OPTIONS);
    const c = await loadWorkflow(await zstdCompress(bytes), DEFAULT_LOAD_OPTIONS);
    expect(b.nodes).toEqual(a.nodes);
    expect(c.connections).toEqual(a.connections);
    expect([a.source.format, b.source.format, c.source.format]).toEqual(['json', 'gzip', 'zstd']);
    expect(a.nodes.map((n) => n.id)).toEqual(['s', 'a']);
    const e = a.connections[0]!;
    expect({ source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort, pointer: e.pointer })
      .toEqual({ source: 's', sourcePort: 'exec_out', target: 'a', targetPort: 'exec_in', pointer: '/connections/0' });
    expect(a.nodes[1]!.pointer).toBe('/nodes/a');
  });

  it('reports every semantic error in one error: dangling connection, id mismatch, exec cycle with node ids', async () => {
    const parsed = JSON.parse(workflow([node('a'), node('b'), node('c'), node('d')], [
      edge('a', 'ghost'),
      edge('c', 'd'),
      edge('d', 'c'),
    ]).toString());
    parsed.nodes.b.node_id = 'other';
    const bytes = Buffer.from(JSON.stringify(parsed));
    const err = await loadError(bytes);
    expect(err.code).toBe('CASARE_E_VALIDATE_SEMANTIC');
    expect(err.message).toBe('Workflow semantic validation failed');
    expect(issueDetails(err.issues)).toEqual([
      "NODE_ID_MISMATCH: Node ID in data 'other' doesn't match key 'b'",
      'ORPHANED_CONNECTION: Connection references non-existent target node: ghost',
      'CIRCULAR_DEPENDENCY: Workflow contains circular execution flow: c -> d -> c',
    ]);
    const cycle = err.issues.find((i) => i.code === 'CIRCULAR_DEPENDENCY')!;
    expect(cycle.nodeId).toBe('c');
    expect(err.issues.find((i) => i.code === 'ORPHANED_CONNECTION')!.pointer).toBe('/connections/0/target_node');
    // A cycle alone is reported under its own code.
    const onlyCycle = await loadError(workflow([node('c'), node('d')], [edge('c', 'd'), edge('d', 'c')]));
    expect(onlyCycle.code).toBe('CASARE_E_COMPILE_CYCLE');
    expect(onlyCycle.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual(['Workflow contains circular execution flow: c -> d -> c']);
  });

  it('does not treat a loop body edge from a data port as a cycle, and warns on duplicates and unread keys', async () => {
    const bytes = workflow([node('s', 'StartNode'), node('a', 'LoadTestActionNode', { mode: 'b', old_mode: 'x', bogus: 1, _disabled: false }), node('b')], [
      edge('s', 'a'), edge('a', 'b'), edge('a', 'b'), edge('b', 'a', 'case_x', 'exec_in'),
    ]);
    const doc = await loadWorkflow(bytes, DEFAULT_LOAD_OPTIONS);
    expect(doc.warnings.map((w) => w.code).sort()).toEqual(['DUPLICATE_CONNECTION', 'UNKNOWN_SOURCE_PORT', 'UNREAD_CONFIG_KEY']);
    expect(doc.warnings.find((w) => w.code === 'UNREAD_CONFIG_KEY')!.pointer).toBe('/nodes/a/config/bogus');
  });

  it('warns on a source port the node does not have (it never routes); exec-like names are left to the routing rule', async () => {
    const doc = await loadWorkflow(workflow([node('s', 'StartNode'), node('a'), node('b')], [
      edge('s', 'a'), edge('a', 'b', 'reslt', 'value'), edge('a', 'b', 'exec_out_2'), edge('a', 'b', 'result', 'value'),
    ]), DEFAULT_LOAD_OPTIONS);
    expect(doc.warnings.map((w) => [w.code, w.pointer, w.nodeId, w.message])).toEqual([
      ['UNKNOWN_SOURCE_PORT', '/connections/1/source_port', 'a', "Output port 'reslt' does not exist on LoadTestActionNode; this connection never carries anything"],
    ]);
  });

  it('finds every duplicate connection, also among the many edges of one source and with dangling ends', async () => {
    // 40 targets of one source (past the per-source chain): duplicates early, late and across the switch.
    const targets = Array.from({ length: 40 }, (_, k) => node(`t${k}`));
    const edges = [edge('s', 'hub'), ...targets.map((t) => edge('hub', t['node_id'] as string))];
    edges.push(edge('hub', 't3'), edge('hub', 't39'), edge('hub', 't20', 'exec_out', 'other_port'), edge('hub', 't20', 'exec_out', 'other_port'));
    const doc = await loadWorkflow(workflow([node('s', 'StartNode'), node('hub'), ...targets], edges), DEFAULT_LOAD_OPTIONS);
    const dups = doc.warnings.filter((w) => w.code === 'DUPLICATE_CONNECTION');
    expect(dups.map((w) => [w.pointer, w.message])).toEqual([
      ['/connections/41', 'Duplicate connection: hub.exec_out -> t3.exec_in'],
      ['/connections/42', 'Duplicate connection: hub.exec_out -> t39.exec_in'],
      ['/connections/44', 'Duplicate connection: hub.exec_out -> t20.other_port'],
    ]);
    const dangling = await loadError(workflow([node('s', 'StartNode'), node('a')], [edge('s', 'a'), edge('s', 'gone'), edge('s', 'gone')]));
    expect(dangling.issues.filter((i) => i.code === 'DUPLICATE_CONNECTION').map((i) => i.pointer)).toEqual(['/connections/2']);
  });

  it('rejects a data edge into an undeclared input port; exec edges into missing ports are fine', async () => {
    const ok = workflow([node('s', 'StartNode'), node('a'), node('b')], [edge('s', 'a'), edge('a', 'b'), edge('a', 'b', 'result', 'value')]);
    await expect(loadWorkflow(ok, DEFAULT_LOAD_OPTIONS)).resolves.toBeTruthy();
    const bad = workflow([node('s', 'StartNode'), node('a'), node('b')], [edge('s', 'a'), edge('a', 'b', 'result', 'nope')]);
    const err = await loadError(bad);
    expect(issueDetails(err.issues)).toEqual(["UNKNOWN_PORT: Input port 'nope' does not exist on LoadTestActionNode"]);
  });

  it('fails with CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE when every error is an unknown type', async () => {
    const err = await loadError(workflow([node('a', 'NoSuchNode'), node('b', 'AlsoMissingNode')]));
    expect(err.code).toBe('CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE');
    expect(issueDetails(err.issues)).toEqual(['UNKNOWN_NODE_TYPE: Unknown node type: NoSuchNode', 'UNKNOWN_NODE_TYPE: Unknown node type: AlsoMissingNode']);
  });

  it('reports structural problems with REF texts, all of them, as CASARE_E_VALIDATE_SCHEMA', async () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 12; i++) cur = (cur['k'] = {}) as Record<string, unknown>;
    const bytes = Buffer.from(JSON.stringify({
      metadata: { name: 5 },
      nodes: { a: { node_id: 'a', node_type: 'LoadTestActionNode', config: { code: "__import__('os')", deep } }, b: [] },
      connections: [{ source_node: 'a', target_node: 1 }],
    }));
    const err = await loadError(bytes);
    expect(err.code).toBe('CASARE_E_VALIDATE_SCHEMA');
    expect(err.message).toBe("Field 'metadata.name' must be a string, got int");
    expect(err.issues.map((i) => i.message)).toEqual([
      "Field 'metadata.name' must be a string, got int",
      "Security error: dangerous pattern '__import__' found in nodes.a.config.code",
      "Config at 'nodes.a.config.deep.k.k.k.k.k.k.k.k.k.k' exceeds maximum nesting depth of 10",
      "Node 'b' must be a dictionary",
      "Field 'connections[0].target_node' must be a string, got int",
    ]);
    const top = await loadError(Buffer.from('[1]'));
    expect(top.message).toBe('Workflow must be a dictionary, got list');
    const listed = await loadError(Buffer.from(JSON.stringify({
      nodes: { 'a/b': { node_id: 'a/b', node_type: 'LoadTestActionNode', config: { list: ['ok', { 'x~y': 'eval(1)' }] } } },
    })));
    expect(listed.issues[0]).toMatchObject({
      message: "Security error: dangerous pattern 'eval(' found in nodes.a/b.config.list[1].x~y",
      pointer: '/nodes/a~1b/config/list/1/x~0y',
    });
  });

  it('applies the node limit option with the REF message', async () => {
    const err = await loadError(workflow([node('a'), node('b'), node('c')]), { ...DEFAULT_LOAD_OPTIONS, maxNodes: 2 });
    expect(err.message).toBe('Workflow exceeds maximum of 2 nodes (has 3)');
  });

  it('adds a hidden auto-start wired to entry nodes and to trigger targets', async () => {
    const bytes = workflow([node('t', 'LoadTestTriggerNode'), node('a'), node('b'), node('c')], [
      edge('t', 'b'), edge('a', 'c'),
    ]);
    const doc = await loadWorkflow(bytes, DEFAULT_LOAD_OPTIONS);
    expect(doc.nodes.at(-1)).toMatchObject({ id: '__auto_start__', type: 'StartNode', hidden: true });
    expect(doc.connections.slice(2).map((c) => `${c.source}.${c.sourcePort}->${c.target}.${c.targetPort}`)).toEqual([
      '__auto_start__.exec_out->a.exec_in',
      '__auto_start__.exec_out->b.exec_in',
    ]);
    const withStart = await loadWorkflow(workflow([node('s', 'StartNode'), node('a')], [edge('s', 'a')]), DEFAULT_LOAD_OPTIONS);
    expect(withStart.nodes.some((n) => n.hidden)).toBe(false);
  });

  it('converts the template dialect (D5) including loop pairing and envelope fields', async () => {
    const tpl = {
      name: 'T', version: '2.0', default_variables: [{ name: 'v', data_type: 'String', default_value: 'x', description: 'd' }],
      default_settings: { stop_on_error: false, timeout_seconds: 30, retry_count: 1, default_browser: 'chromium' },
      base_workflow: {
        nodes: [
          { node_id: 'S', node_type: 'StartNode', config: {}, display_name: 'Start' },
          { node_id: 'L', node_type: 'ForLoopStartNode', config: { items: [1, 2] } },
          { node_id: 'A', node_type: 'LoadTestActionNode', config: {} },
          { node_id: 'E', node_type: 'ForLoopEndNode', config: {} },
          { node_id: 'Z', node_type: 'LoadTestActionNode', config: {} },
        ],
        connections: [
          { from_node: 'S', from_port: 'out', to_node: 'L', to_port: 'in' },
          { from_node: 'L', from_port: 'loop', to_node: 'A', to_port: 'in' },
          { from_node: 'A', from_port: 'out', to_node: 'E', to_port: 'in' },
          { from_node: 'E', from_port: 'out', to_node: 'Z', to_port: 'in' },
        ],
      },
    };
    const doc = await loadWorkflow(Buffer.from(JSON.stringify(tpl)), DEFAULT_LOAD_OPTIONS);
    expect(doc.source.dialect).toBe('template');
    expect(doc.metadata).toMatchObject({ name: 'T', version: '2.0' });
    expect(doc.variables).toEqual({ v: { type: 'String', default_value: 'x', description: 'd' } });
    expect(doc.settings).toEqual({ stop_on_error: false, timeout: 30, retry_count: 1 });
    expect(doc.nodes.find((n) => n.id === 'E')!.config).toEqual({ paired_start_id: 'L' });
    expect(doc.connections.map((c) => `${c.source}.${c.sourcePort}->${c.target}.${c.targetPort}`)).toEqual([
      'S.exec_out->L.exec_in', 'L.body->A.exec_in', 'A.exec_out->E.exec_in', 'L.completed->Z.exec_in',
    ]);
  });
});
