/**
 * The workflow shape check runs ajv-generated standalone code (no ajv at start-up), compiled in two
 * parts (document, one node) so the loader walks `nodes` once. It must be the code ajv generates for
 * the current schemas, and the two parts together must judge documents exactly as ajv.compile of
 * the whole schema does.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { GENERATED_PATH, shapeValidatorSource } from '../support/shape-validator-source.js';
import { SHAPE_AJV_OPTIONS, WORKFLOW_SHAPE_SCHEMA, validateDocumentShape, validateNodeShape } from '../../src/load/workflow-schema.js';

interface Found { instancePath: string; keyword: string; message?: string }

const key = (e: Found): string => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`;
const escape = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

/** The split validators' verdict on a whole document, errors with document-relative paths. */
function splitErrors(doc: unknown): string[] {
  const out: Found[] = [];
  if (!validateDocumentShape(doc)) out.push(...validateDocumentShape.errors!);
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && typeof nodes === 'object' && nodes !== null && !Array.isArray(nodes)) {
    for (const [id, node] of Object.entries(nodes)) {
      if (!validateNodeShape(node)) out.push(...validateNodeShape.errors!.map((e) => ({ ...e, instancePath: `/nodes/${escape(id)}${e.instancePath}` })));
    }
  }
  return out.map(key).sort();
}

describe('generated workflow shape validator', () => {
  it('is what ajv generates for the document and node schemas today (run `npm run gen:schema` after a schema change)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(shapeValidatorSource());
  });

  it('accepts and rejects like ajv.compile of the whole schema, with the same errors', () => {
    const reference = new Ajv({ ...SHAPE_AJV_OPTIONS }).compile(WORKFLOW_SHAPE_SCHEMA);
    const docs: unknown[] = [
      {}, [], 'x', null, 42,
      { metadata: { name: 'ok', description: null, version: '1' }, nodes: {}, connections: [] },
      { metadata: 'nope', nodes: [], connections: {} },
      { metadata: { name: 5, version: [] }, nodes: { a: { node_type: 7, config: [] }, b: 'x', c: { node_type: null, config: {} } } },
      { nodes: { 'a/b~c': { node_type: [], config: 'x' }, d: null } },
      { connections: [1, { source_node: 1, target_node: null, source_port: {}, target_port: 'exec_in' }, null] },
      { nodes: { a: { node_type: 'StartNode', config: { deep: { x: [1, { y: 2 }] } } } }, extra: true },
    ];
    let rejected = 0;
    for (const doc of docs) {
      const ok = reference(doc);
      const expected = (reference.errors ?? []).map(key).sort();
      expect(splitErrors(doc)).toEqual(expected);
      expect(expected.length === 0).toBe(ok);
      if (!ok) rejected++;
    }
    expect(rejected).toBe(8);
  });
});
