/**
 * The loaded workflow document: the boundary between load/ and compile/. Everything here has been
 * validated once; compile/ does not re-check shapes.
 */
import type { Issue } from '../errors.js';
import type { ReadonlyIndex } from '../lib/string-index.js';
import type { NodeSpec } from '../nodes/types.js';
import type { PortNames } from './exec-ports.js';

export interface WorkflowMetadata {
  readonly id: string | null;
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly author: string;
  readonly tags: readonly string[];
}

export interface NodeDoc {
  /** node_id (== its key in `nodes`). `__auto_start__` for the loader's hidden start. */
  readonly id: string;
  /** Type that runs (registry alias applied, workflow-format.md §8 Table A). */
  readonly type: string;
  /** node_type as written in the file. */
  readonly fileType: string;
  /** Config as in the file (never mutated; defaults are applied by compile/). */
  readonly config: Readonly<Record<string, unknown>>;
  /** RFC 6901 pointer of the node object in the source document, e.g. `/nodes/n12`. */
  readonly pointer: string;
  /** True for the hidden auto-start node (§6 step 6): never listed in a run result. */
  readonly hidden: boolean;
}

export interface ConnectionDoc {
  readonly source: string;
  readonly sourcePort: string;
  readonly target: string;
  readonly targetPort: string;
  /** Pointer of the connection object, e.g. `/connections/3`; auto-start edges get `""`. */
  readonly pointer: string;
}

/**
 * The validated workflow as parallel arrays: what compile/ reads. Node i is `ids[i]`; connection k
 * runs from node `src[k]` port `ports.name(sourcePort[k])` to node `dst[k]` port `ports.name(targetPort[k])`. Loader-added
 * nodes and edges (the auto-start, §6 step 6) come last. Built from the parsed document without
 * an object per node or connection: at 10k nodes those records were ~1.5 MB of young objects per
 * load, and every young collection during a load also copies the whole parsed document.
 */
export interface DocGraph {
  readonly ids: readonly string[];
  readonly index: ReadonlyIndex;
  /** Spec of the type that runs (registry alias applied). */
  readonly specs: readonly NodeSpec[];
  /** Config objects as in the file (a shared frozen `{}` when absent). */
  readonly configs: readonly Readonly<Record<string, unknown>>[];
  /** Nodes from here on were added by the loader (hidden). */
  readonly fileNodes: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** Port names of the load; by connection index the source / target port id (-1: not a string in the file). */
  readonly ports: PortNames;
  readonly sourcePort: Int32Array;
  readonly targetPort: Int32Array;
  /** Connections from here on were added by the loader. */
  readonly fileConnections: number;
}

export type SourceFormat = 'json' | 'gzip' | 'zstd';

export interface WorkflowDoc {
  readonly metadata: WorkflowMetadata;
  /** The graph compile/ reads (nodes and connections below are views of it, built on first read). */
  readonly graph: DocGraph;
  /** Nodes in file order; the auto-start node (if added) last. */
  readonly nodes: readonly NodeDoc[];
  /** Connections in file order; auto-start edges appended after them. */
  readonly connections: readonly ConnectionDoc[];
  /** Top-level `variables` as written (seeding rules are applied by compile/, D6). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Top-level `settings` merged with `execution_settings` as read (D6 applied by compile/). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly executionSettings: Readonly<Record<string, unknown>>;
  /** Warnings found while loading (D3 unread keys, duplicate connections, unreachable nodes...). */
  readonly warnings: readonly Issue[];
  readonly source: {
    readonly file: string | null;
    readonly format: SourceFormat;
    /** Bytes as stored (possibly compressed) and decoded JSON text length. */
    readonly storedBytes: number;
    readonly jsonBytes: number;
    /** Hex content hash of the stored bytes (cache key). */
    readonly hash: string;
    /** 'template' when the project-template dialect was converted (D5). */
    readonly dialect: 'workflow' | 'template';
  };
  /** Milliseconds spent per load stage. */
  readonly timings: { readonly readMs: number; readonly parseMs: number; readonly validateMs: number };
}
