/**
 * The built CLI end to end (npm test builds dist/ first): JSON document shape, exit codes,
 * one-line errors without stacks, validate and inspect.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'casare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function casare(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, doc: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
}

const ok = {
  nodes: {
    a: { node_id: 'a', node_type: 'SetVariableNode', config: { variable_name: 'greeting', value: 'hi {{who}}' } },
    b: { node_id: 'b', node_type: 'TextCaseNode', config: { text: '{{greeting}}', case: 'upper' } },
  },
  connections: [{ source_node: 'a', source_port: 'exec_out', target_node: 'b', target_port: 'exec_in' }],
};

describe('casare CLI', () => {
  it('run --json prints one document with status, variables, outputs, executed and stats', () => {
    const r = casare('run', write('ok.json', ok), '--json', '--var', 'who=Ada');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('success');
    expect(doc.variables).toEqual({ greeting: 'hi Ada', who: 'Ada' });
    expect(doc.outputs.b).toEqual({ result: 'HI ADA' });
    expect(doc.executed).toEqual(['a', 'b']);
    for (const k of ['loadMs', 'validateMs', 'compileMs', 'runMs', 'nodesExecuted']) expect(typeof doc.stats[k]).toBe('number');
    expect(doc.stats.eventLoop.p99Ms).toBeGreaterThanOrEqual(0);
  });

  it('runs a .json.gz the same way (format by magic bytes, not extension)', () => {
    const p = join(dir, 'ok-gz.bin');
    writeFileSync(p, gzipSync(Buffer.from(JSON.stringify(ok))));
    const doc = JSON.parse(casare('run', p, '--json', '--var', 'who=Bo').stdout);
    expect(doc.outputs.b).toEqual({ result: 'HI BO' });
  });

  it('exits 1 when the workflow runs and fails, naming the node', () => {
    const r = casare('run', write('fail.json', { nodes: { t: { node_id: 't', node_type: 'ThrowErrorNode', config: { error_message: 'nope' } } } }), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatchObject({ code: 'CASARE_E_NODE_FAILED', message: 'nope', nodeId: 't' });
  });

  it('exits 2 on bad JSON with one line giving code, line and column, and no stack', () => {
    const r = casare('validate', write('bad.json', '{\n  "nodes": {,}\n}'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^CASARE_E_LOAD_BAD_JSON: .*line 2/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate --json reports every problem and the stats', () => {
    const bad = { nodes: { a: { node_id: 'x', node_type: 'LogNode' }, b: { node_id: 'b', node_type: 'NoSuchNode' } }, connections: [{ source_node: 'a', source_port: 'exec_out', target_node: 'ghost', target_port: 'exec_in' }] };
    const r = casare('validate', write('bad2.json', bad), '--json');
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    const codes = doc.problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { code: string }) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['NODE_ID_MISMATCH', 'UNKNOWN_NODE_TYPE', 'ORPHANED_CONNECTION']));
    const good = JSON.parse(casare('validate', write('ok2.json', ok), '--json').stdout);
    expect(good.ok).toBe(true);
    expect(good.stats.nodes).toBe(2);
  });

  it('bad input without --json: the error line and one line per problem on stderr, for validate and run alike', () => {
    const bad = { nodes: { a: { node_id: 'x', node_type: 'LogNode' } }, connections: [{ source_node: 'a', source_port: 'exec_out', target_node: 'ghost', target_port: 'exec_in' }] };
    const path = write('bad3.json', bad);
    for (const cmd of ['validate', 'run']) {
      const r = casare(cmd, path);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^CASARE_E_VALIDATE_SEMANTIC: .*bad3\.json/);
      expect(lines.slice(1)).toEqual([
        "  error NODE_ID_MISMATCH: Node ID in data 'x' doesn't match key 'a' (/nodes/a/node_id)",
        '  error ORPHANED_CONNECTION: Connection references non-existent target node: ghost (/connections/0/target_node)',
        '  warning MISSING_NAME: Workflow has no name (/metadata/name)',
      ]);
    }
  });

  it('exits 2 with CASARE_E_VALIDATE_UNSUPPORTED_NODE for a node type Casare does not run', () => {
    const r = casare('run', write('gmail.json', { nodes: { g: { node_id: 'g', node_type: 'GmailSendEmailNode', config: {} } } }), '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('CASARE_E_VALIDATE_UNSUPPORTED_NODE');
  });

  it('inspect --verbose reports counts, types and whether simdjson and the XXH3 hasher really loaded', () => {
    const r = casare('inspect', write('ok3.json', ok), '--verbose');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 nodes, 1 connections/);
    expect(r.stdout).toMatch(/simdjson native addon: (loaded|NOT loaded)/);
    expect(r.stdout).toMatch(/plan cache key: xxh3-64 \(@node-rs\/xxhash loaded\)/);
  });

  it('shows batch progress as plain lines off a TTY and as NDJSON on stderr with --json', () => {
    const demo = join(root, 'fixtures', 'batch-demo');
    const out = join(dir, 'matched.ndjson.gz');
    const plain = spawnSync(process.execPath, [cli, 'run', 'batch-demo.json', '--var', `output_file=${out}`], { encoding: 'utf8', cwd: demo });
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(/\[progress\] read done 100% rows=22 /);
    const json = spawnSync(process.execPath, [cli, 'run', 'batch-demo.json', '--json', '--var', `output_file=${out}`], { encoding: 'utf8', cwd: demo });
    expect(json.status).toBe(0);
    const events = json.stderr.trim().split('\n').map((l) => JSON.parse(l) as { type: string; phase: string; rows: number; loopP99Ms: number });
    expect(events.at(-1)).toMatchObject({ type: 'batch-progress', phase: 'done', rows: 22 });
    expect(typeof events[0]!.loopP99Ms).toBe('number');
  });

  it('run --report writes a self-contained HTML report', () => {
    const html = join(dir, 'report.html');
    const r = casare('run', write('rep.json', ok), '--report', html, '--var', 'who=Cy');
    expect(r.code).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toContain('<svg');
    expect(text).not.toMatch(/<script[^>]+src=/); // nothing fetched at view time
  });

  it('runs the shipped demo', () => {
    const r = spawnSync(process.execPath, [cli, 'run', join(root, 'fixtures', 'demo.json'), '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('success');
    expect(doc.variables.branch_2_shouted).toHaveLength(5);
  });
});
