/**
 * The loader's first semantic pass looks for errors only (warnings are found when first read).
 * That pass must find exactly the errors of the full pass, in the same order, and resolve the same
 * graph — on every corpus file and on documents broken in each way the checks know.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSemantics } from '../../src/load/validate-semantic.js';
import { convertTemplate, isTemplateDialect } from '../../src/load/convert-template.js';
import { wideWorkflow } from '../../native-bench/support/generate.js';

type Obj = Record<string, unknown>;

function compare(doc: Obj): { errors: number; warnings: number } {
  const full = checkSemantics(doc, undefined, true);
  const fast = checkSemantics(doc, undefined, false);
  expect(fast.issues).toEqual(full.issues.filter((i) => i.severity === 'error'));
  const pick = (r: typeof full.resolved) => ({ ids: r.ids, specs: r.specs, src: [...r.src], dst: [...r.dst], sp: [...r.sourcePort], tp: [...r.targetPort] });
  expect(pick(fast.resolved)).toEqual(pick(full.resolved));
  return { errors: fast.issues.length, warnings: full.issues.length - fast.issues.length };
}

const COMPAT = '/work/shared/compat/casare';
const corpus = existsSync(COMPAT) ? readdirSync(COMPAT).filter((f) => f.endsWith('.json')).sort() : [];

/** A small valid workflow, then one mutation per kind of finding. */
function broken(): [string, Obj][] {
  const base = (): Obj => JSON.parse(JSON.stringify(wideWorkflow(60))) as Obj;
  const nodes = (d: Obj) => d['nodes'] as Record<string, Obj>;
  const conns = (d: Obj) => d['connections'] as Obj[];
  const cases: [string, (d: Obj) => void][] = [
    ['valid', () => {}],
    ['duplicate connection', (d) => conns(d).push({ ...conns(d)[3]! })],
    ['unreachable node', (d) => { nodes(d)['lonely'] = { node_id: 'lonely', node_type: 'LogNode', config: { message: 'x' } }; }],
    ['unread config key', (d) => { (nodes(d)['n3']!['config'] as Obj)['nonsense'] = 1; }],
    ['bad position', (d) => { nodes(d)['n4']!['position'] = [1]; }],
    ['no name', (d) => { delete (d['metadata'] as Obj)['name']; }],
    ['dangling edge', (d) => conns(d).push({ source_node: 'n1', source_port: 'exec_out', target_node: 'ghost', target_port: 'exec_in' })],
    ['self connection', (d) => conns(d).push({ source_node: 'n2', source_port: 'exec_out', target_node: 'n2', target_port: 'exec_in' })],
    ['cycle', (d) => conns(d).push({ source_node: 'n10', source_port: 'exec_out', target_node: 'n5', target_port: 'exec_in' })],
    ['unknown input port', (d) => conns(d).push({ source_node: 'n2', source_port: 'result', target_node: 'n3', target_port: 'nope' })],
    ['unknown source port', (d) => conns(d).push({ source_node: 'n2', source_port: 'nope', target_node: 'n3', target_port: 'exec_in' })],
    ['unknown type', (d) => { nodes(d)['n6']!['node_type'] = 'NoSuchNode'; }],
    ['node id mismatch', (d) => { nodes(d)['n7']!['node_id'] = 'n8'; }],
    ['missing field', (d) => { delete conns(d)[5]!['target_port']; }],
    ['whitespace name and a warning', (d) => { (d['metadata'] as Obj)['name'] = '  '; nodes(d)['n4']!['position'] = 'x'; }],
  ];
  return cases.map(([name, mutate]) => { const d = base(); mutate(d); return [name, d]; });
}

describe('errors-only semantic pass', () => {
  it.skipIf(corpus.length === 0)('finds the same errors and graph as the full pass on every corpus file', () => {
    let warned = 0;
    for (const f of corpus) {
      const parsed = JSON.parse(readFileSync(join(COMPAT, f), 'utf8')) as Obj;
      const doc = isTemplateDialect(parsed) ? convertTemplate(parsed) : parsed;
      if (compare(doc).warnings > 0) warned++;
    }
    expect(warned).toBeGreaterThan(0); // the corpus does exercise the skipped checks
  });

  it('finds the same errors and graph on documents broken in each way', () => {
    const seen: string[] = [];
    for (const [name, doc] of broken()) {
      const { errors, warnings } = compare(doc);
      seen.push(`${name}: ${errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'clean'}`);
    }
    expect(seen).toEqual([
      'valid: clean', 'duplicate connection: warning', 'unreachable node: warning', 'unread config key: warning',
      'bad position: warning', 'no name: warning', 'dangling edge: error', 'self connection: error', 'cycle: error',
      'unknown input port: error', 'unknown source port: warning', 'unknown type: error', 'node id mismatch: error',
      'missing field: error', 'whitespace name and a warning: error',
    ]);
  });
});
