/**
 * The JSON schema of a saved workflow's shape (workflow-format.md §7, structural part). It checks
 * JSON types; counts, length limits, config contents and node_type presence are checked by
 * validate-structure.ts in one pass over the nodes and connections.
 *
 * ajv compiles it ahead of time (standalone code in workflow-shape.generated.ts, made by
 * `npm run gen:schema`; a test fails when that file no longer matches this schema): importing ajv
 * and compiling at start-up cost ~30 + ~26 ms of every `casare` process.
 */
import { validateDocument, validateNode } from './workflow-shape.generated.js';

export const MAX_NODE_ID_LENGTH = 256;
export const MAX_NODE_TYPE_LENGTH = 128;
export const MAX_PORT_LENGTH = 128;
export const METADATA_LIMITS = { name: 256, description: 10000, version: 50 } as const;

// Length limits are checked by validate-structure.ts, not here: ajv counts code points with a
// per-character loop for every string (~1.3 ms of a 10k-node load), where a `.length` test clears
// nearly all strings first.
const optionalString = { type: ['string', 'null'] };

/** One entry of `nodes`. */
export const NODE_SHAPE_SCHEMA = {
  type: 'object',
  properties: {
    node_type: optionalString,
    config: { type: 'object' },
  },
};

const DOCUMENT_PROPERTIES = {
  metadata: {
    type: 'object',
    properties: {
      name: optionalString,
      description: optionalString,
      version: optionalString,
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
};

/** The whole shape: what a file must satisfy. */
export const WORKFLOW_SHAPE_SCHEMA = {
  type: 'object',
  properties: { ...DOCUMENT_PROPERTIES, nodes: { type: 'object', additionalProperties: NODE_SHAPE_SCHEMA } },
};

/**
 * The same shape compiled in two parts: the document with `nodes` checked as an object only, and
 * one node. validate-structure.ts checks each node in its own pass over the nodes, so the 10k-key
 * `nodes` object is enumerated once per load, not twice (~1 ms each at 10k nodes: a dictionary-mode
 * object's keys are sorted on every enumeration).
 */
export const DOCUMENT_SHAPE_SCHEMA = {
  type: 'object',
  properties: { ...DOCUMENT_PROPERTIES, nodes: { type: 'object' } },
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

/** DOCUMENT_SHAPE_SCHEMA: everything but the entries of `nodes`. */
export const validateDocumentShape = validateDocument as ShapeValidator;
/** NODE_SHAPE_SCHEMA: one entry of `nodes` (error paths relative to the node). */
export const validateNodeShape = validateNode as ShapeValidator;
