/**
 * The loaded document's node and connection records. Pointers are computed when asked for: only
 * error reports and tools read them, and building 20k pointer strings per 10k-node load was a
 * visible share of load time.
 */
import { escapePointer } from './pointer.js';
import type { Issue } from '../errors.js';
import type { ConnectionDoc, DocGraph, NodeDoc, WorkflowDoc, WorkflowMetadata } from './types.js';

export class FileNode implements NodeDoc {
  constructor(
    readonly id: string,
    readonly type: string,
    readonly fileType: string,
    readonly config: Readonly<Record<string, unknown>>,
    readonly hidden: boolean,
  ) {}

  get pointer(): string {
    return this.hidden ? '' : `/nodes/${escapePointer(this.id)}`;
  }
}

export class FileConnection implements ConnectionDoc {
  constructor(
    readonly source: string,
    readonly sourcePort: string,
    readonly target: string,
    readonly targetPort: string,
    /** Index in the file's `connections`; -1 for an edge the loader added (auto-start). */
    readonly fileIndex: number,
  ) {}

  get pointer(): string {
    return this.fileIndex < 0 ? '' : `/connections/${this.fileIndex}`;
  }
}

/**
 * A loaded document whose node and connection records are views of its graph, and whose warnings
 * are found, on first read (tools, reports, tests, `casare validate`): a run needs only the graph.
 */
export class LoadedDoc implements WorkflowDoc {
  #nodes: readonly NodeDoc[] | null = null;
  #connections: readonly ConnectionDoc[] | null = null;
  /** Set by the caller once its stages are timed. */
  timings: WorkflowDoc['timings'] = { readMs: 0, parseMs: 0, validateMs: 0 };

  constructor(
    readonly graph: DocGraph,
    /** The file's node objects by node index (loader-added nodes excluded): node_type as written is read from them. */
    private readonly fileNodes: readonly unknown[],
    readonly metadata: WorkflowMetadata,
    readonly variables: Readonly<Record<string, unknown>>,
    readonly settings: Readonly<Record<string, unknown>>,
    readonly executionSettings: Readonly<Record<string, unknown>>,
    /** Computes the load's warnings (first read only: a run never needs them). */
    private readonly findWarnings: () => readonly Issue[],
    readonly source: WorkflowDoc['source'],
  ) {}

  #warnings: readonly Issue[] | null = null;

  get warnings(): readonly Issue[] {
    return (this.#warnings ??= this.findWarnings());
  }

  get nodes(): readonly NodeDoc[] {
    if (this.#nodes === null) {
      const g = this.graph;
      const out: NodeDoc[] = new Array(g.ids.length);
      for (let i = 0; i < g.ids.length; i++) {
        const hidden = i >= g.fileNodes;
        out[i] = new FileNode(g.ids[i]!, g.specs[i]!.type, hidden ? g.specs[i]!.type : ((this.fileNodes[i] as Record<string, unknown>)['node_type'] as string),
          g.configs[i]!, hidden);
      }
      this.#nodes = out;
    }
    return this.#nodes;
  }

  get connections(): readonly ConnectionDoc[] {
    if (this.#connections === null) {
      const g = this.graph;
      const out: ConnectionDoc[] = new Array(g.src.length);
      for (let k = 0; k < g.src.length; k++) {
        out[k] = new FileConnection(g.ids[g.src[k]!]!, g.ports.name(g.sourcePort[k]!), g.ids[g.dst[k]!]!, g.ports.name(g.targetPort[k]!),
          k < g.fileConnections ? k : -1);
      }
      this.#connections = out;
    }
    return this.#connections;
  }
}
