/**
 * The workflow shape check runs ajv-generated standalone code (no ajv at start-up). It must be the
 * code ajv generates for the current schema, and must judge documents exactly as ajv.compile does.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { GENERATED_PATH, shapeValidatorSource } from '../support/shape-validator-source.js';
import { SHAPE_AJV_OPTIONS, WORKFLOW_SHAPE_SCHEMA, validateWorkflowShape } from '../../src/load/workflow-schema.js';

describe('generated workflow shape validator', () => {
  it('is what ajv generates for WORKFLOW_SHAPE_SCHEMA today (run `npm run gen:schema` after a schema change)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(shapeValidatorSource());
  });

  it('accepts and rejects like ajv.compile, with the same errors', () => {
    const reference = new Ajv({ ...SHAPE_AJV_OPTIONS }).compile(WORKFLOW_SHAPE_SCHEMA);
    const docs: unknown[] = [
      {}, [], 'x', null, 42,
      { metadata: { name: 'ok', description: null, version: '1' }, nodes: {}, connections: [] },
      { metadata: 'nope', nodes: [], connections: {} },
      { metadata: { name: 5, version: [] }, nodes: { a: { node_type: 7, config: [] }, b: 'x', c: { node_type: null, config: {} } } },
      { connections: [1, { source_node: 1, target_node: null, source_port: {}, target_port: 'exec_in' }, null] },
      { nodes: { a: { node_type: 'StartNode', config: { deep: { x: [1, { y: 2 }] } } } }, extra: true },
    ];
    for (const doc of docs) {
      const ok = validateWorkflowShape(doc);
      expect(ok).toBe(reference(doc));
      expect(validateWorkflowShape.errors ?? null).toEqual(reference.errors ?? null);
    }
  });
});
