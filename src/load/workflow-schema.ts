/**
 * The JSON schema of a saved workflow's shape (workflow-format.md §7, structural part), compiled
 * once at module load. It checks JSON types and length limits; counts, config contents and
 * node_type presence are checked by validate-structure.ts in the same pass over the nodes.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const MAX_NODE_ID_LENGTH = 256;
export const MAX_NODE_TYPE_LENGTH = 128;
export const MAX_PORT_LENGTH = 128;
export const METADATA_LIMITS = { name: 256, description: 10000, version: 50 } as const;

const optionalString = (maxLength: number) => ({ type: ['string', 'null'], maxLength });

const schema = {
  type: 'object',
  properties: {
    metadata: {
      type: 'object',
      properties: {
        name: optionalString(METADATA_LIMITS.name),
        description: optionalString(METADATA_LIMITS.description),
        version: optionalString(METADATA_LIMITS.version),
      },
    },
    nodes: {
      type: 'object',
      propertyNames: { maxLength: MAX_NODE_ID_LENGTH },
      additionalProperties: {
        type: 'object',
        properties: {
          node_type: optionalString(MAX_NODE_TYPE_LENGTH),
          config: { type: 'object' },
        },
      },
    },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          source_node: optionalString(MAX_NODE_ID_LENGTH),
          target_node: optionalString(MAX_NODE_ID_LENGTH),
          source_port: optionalString(MAX_PORT_LENGTH),
          target_port: optionalString(MAX_PORT_LENGTH),
        },
      },
    },
  },
};

// allErrors: report every problem of a file in one error; no formats or coercion needed.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

export const validateWorkflowShape: ValidateFunction = ajv.compile(schema);

export type ShapeError = ErrorObject;
