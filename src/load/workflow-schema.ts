/**
 * The JSON schema of a saved workflow's shape (workflow-format.md §7, structural part), compiled
 * once at module load. It checks JSON types; counts, length limits, config contents and node_type
 * presence are checked by validate-structure.ts in one pass over the nodes and connections.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

export const MAX_NODE_ID_LENGTH = 256;
export const MAX_NODE_TYPE_LENGTH = 128;
export const MAX_PORT_LENGTH = 128;
export const METADATA_LIMITS = { name: 256, description: 10000, version: 50 } as const;

// Length limits are checked by validate-structure.ts, not here: ajv counts code points with a
// per-character loop for every string (~1.3 ms of a 10k-node load), where a `.length` test clears
// nearly all strings first.
const optionalString = { type: ['string', 'null'] };

const schema = {
  type: 'object',
  properties: {
    metadata: {
      type: 'object',
      properties: {
        name: optionalString,
        description: optionalString,
        version: optionalString,
      },
    },
    nodes: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          node_type: optionalString,
          config: { type: 'object' },
        },
      },
    },
    connections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          source_node: optionalString,
          target_node: optionalString,
          source_port: optionalString,
          target_port: optionalString,
        },
      },
    },
  },
};

// allErrors: report every problem of a file in one error; no formats or coercion needed.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

export const validateWorkflowShape: ValidateFunction = ajv.compile(schema);

export type ShapeError = ErrorObject;
