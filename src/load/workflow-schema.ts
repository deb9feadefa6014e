/**
 * The JSON schema of a saved workflow's shape (workflow-format.md §7, structural part). It checks
 * JSON types; counts, length limits, config contents and node_type presence are checked by
 * validate-structure.ts in one pass over the nodes and connections.
 *
 * ajv compiles it ahead of time (standalone code in workflow-shape.generated.ts, made by
 * `npm run gen:schema`; a test fails when that file no longer matches this schema): importing ajv
 * and compiling at start-up cost ~30 + ~26 ms of every `casare` process.
 */
import { validate as validateShape } from './workflow-shape.generated.js';

export const MAX_NODE_ID_LENGTH = 256;
export const MAX_NODE_TYPE_LENGTH = 128;
export const MAX_PORT_LENGTH = 128;
export const METADATA_LIMITS = { name: 256, description: 10000, version: 50 } as const;

// Length limits are checked by validate-structure.ts, not here: ajv counts code points with a
// per-character loop for every string (~1.3 ms of a 10k-node load), where a `.length` test clears
// nearly all strings first.
const optionalString = { type: ['string', 'null'] };

export const WORKFLOW_SHAPE_SCHEMA = {
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

/** ajv options the generated code was compiled with: every problem of a file in one error. */
export const SHAPE_AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/** A type error found by the shape check (ajv's error object, the fields Casare reads). */
export interface ShapeError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
}

export interface ShapeValidator {
  (doc: unknown): boolean;
  /** The errors of the last call that returned false. */
  errors?: ShapeError[] | null;
}

export const validateWorkflowShape = validateShape as ShapeValidator;
