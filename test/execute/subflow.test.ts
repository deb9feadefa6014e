/**
 * SubflowNode (D4): a child workflow file runs with the parent's variables plus declared inputs,
 * returns declared outputs, never writes into the parent, and routes `error` on failure when wired.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'casare-subflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(id: string, type: string, config: Record<string, unknown> = {}) {
  return [id, { node_id: id, node_type: type, config }] as const;
}
function edge(s: string, sp: string, t: string, tp: string) {
  return { source_node: s, source_port: sp, target_node: t, target_port: tp };
}

writeFileSync(join(dir, 'greet.json'), JSON.stringify({
  nodes: Object.fromEntries([
    node('shout', 'TextCaseNode', { text: '{{greeting}}, {{who}}', case: 'upper' }),
    node('leak', 'SetVariableNode', { variable_name: 'child_only', value: 'x' }),
  ]),
  connections: [edge('shout', 'exec_out', 'leak', 'exec_in')],
  inputs: [{ name: 'who', default_value: 'world' }],
  outputs: [{ name: 'loud', internal_node_id: 'shout', internal_port_name: 'result' }, { name: 'child_only' }],
}));
writeFileSync(join(dir, 'broken.json'), JSON.stringify({
  nodes: Object.fromEntries([node('boom', 'ThrowErrorNode', { error_message: 'child failed' })]), connections: [],
}));

function parent(subflow: string, withErrorEdge: boolean, config: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    nodes: Object.fromEntries([
      node('sub', 'SubflowNode', { subflow_path: subflow, ...config }),
      node('after', 'SetVariableNode', { variable_name: 'got', value: '{{sub.loud}}' }),
      node('on_error', 'SetVariableNode', { variable_name: 'handled', value: true }),
    ]),
    connections: [edge('sub', 'exec_out', 'after', 'exec_in'), ...(withErrorEdge ? [edge('sub', 'error', 'on_error', 'exec_in')] : [])],
    variables: { greeting: 'hello' },
  }));
}

describe('SubflowNode', () => {
  it('runs the child with parent variables and declared inputs, returns declared outputs, keeps child writes out', async () => {
    const engine = createEngine({ cwd: dir, monitorEventLoop: false, retainOutputs: 'all' });
    try {
      const r = await engine.run(parent('greet.json', false, { who: 'Ada' }));
      expect(r.status).toBe('success');
      expect(r.outputs['sub']).toEqual({ loud: 'HELLO, ADA', child_only: 'x' });
      expect(r.variables['got']).toBe('HELLO, ADA');
      expect(r.variables['child_only']).toBeUndefined();
      const d = await engine.run(parent('greet.json', false));
      expect(d.outputs['sub']?.['loud']).toBe('HELLO, WORLD'); // the input's default_value
    } finally {
      await engine.close();
    }
  });

  it("fails with the child's error, or routes `error` when that port is wired", async () => {
    const engine = createEngine({ cwd: dir, monitorEventLoop: false });
    try {
      const failed = await engine.run(parent('broken.json', false));
      expect(failed.status).toBe('error');
      expect(failed.error).toMatchObject({ nodeId: 'sub', message: 'child failed', errorType: 'CustomError' });
      const routed = await engine.run(parent('broken.json', true));
      expect(routed.status).toBe('success');
      expect(routed.variables['handled']).toBe(true);
      expect(routed.executed).toEqual(['sub', 'on_error']);
      const missing = await engine.run(parent('nope.json', false));
      expect(missing.error).toMatchObject({ nodeId: 'sub', code: 'CASARE_E_LOAD_NOT_FOUND' });
    } finally {
      await engine.close();
    }
  });

  it('a ParallelForEach item that times out stops its SubflowNode child run before the child writes its file', async () => {
    writeFileSync(join(dir, 'slow.json'), JSON.stringify({
      nodes: Object.fromEntries([node('nap', 'WaitNode', { duration: 0.6 }), node('late', 'WriteFileNode', { file_path: 'late.txt', content: 'still ran' })]),
      connections: [edge('nap', 'exec_out', 'late', 'exec_in')],
    }));
    const wf = Buffer.from(JSON.stringify({
      nodes: Object.fromEntries([
        node('each', 'ParallelForEachNode', { items: [1, 2], timeout_per_item: 0.2 }),
        node('sub', 'SubflowNode', { subflow_path: 'slow.json' }),
      ]),
      connections: [edge('each', 'body', 'sub', 'exec_in')],
    }));
    const engine = createEngine({ cwd: dir, monitorEventLoop: false });
    try {
      const r = await engine.run(wf);
      expect(r.status).toBe('error');
      expect(r.error).toMatchObject({ code: 'CASARE_E_NODE_TIMEOUT', message: 'Item 0 timed out after 0.2s' });
      await new Promise((resolve) => setTimeout(resolve, 900)); // past the child's wait
      expect(existsSync(join(dir, 'late.txt'))).toBe(false);
    } finally {
      await engine.close();
    }
  }, 20_000);
});
