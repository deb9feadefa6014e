/**
 * The compiled execution plan: everything the scheduler needs, resolved once per workflow.
 * Node ids become integer indexes; edges live in typed arrays; config values are compiled templates;
 * routing targets are precomputed per exec port, so the per-activation path does no string parsing.
 */
import type { NodeSpec, Cost, ResourceNeed } from '../nodes/types.js';
import type { CompiledTemplate } from './template.js';
import type { WorkflowDoc } from '../load/types.js';

/** A set of variable names a node may read or write; 'any' = not knowable at compile time. */
export type NameSet = ReadonlySet<string> | 'any';

export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly spec: NodeSpec;
  readonly hidden: boolean;
  readonly disabled: boolean;
  /** Config as written in the file. */
  readonly fileConfig: Readonly<Record<string, unknown>>;
  /** Effective raw config (file value unless null/absent, else the spec default), before templates. */
  readonly rawConfig: Readonly<Record<string, unknown>>;
  /** Compiled templates per effective config key (null-prototype record). */
  readonly params: Readonly<Record<string, CompiledTemplate>>;
  /** Required input ports (declaration order). */
  readonly required: readonly string[];
  /** Targets of exec_out edges, deduplicated, in connection order (routing X and the D1 rule). */
  readonly xTargets: Int32Array;
  /** Targets of every edge whose source port contains "exec", duplicates kept (routing D). */
  readonly dTargets: Int32Array;
  /** Edges by source port name for explicit routing, in connection order. */
  readonly portTargets: ReadonlyMap<string, Int32Array>;
  /** Data in-edges in connection order: source node index, source port, target port. */
  readonly dataSrc: Int32Array;
  readonly dataSrcPort: readonly string[];
  readonly dataDstPort: readonly string[];
  readonly hasExecOut: boolean;
  /** Never skipped as already executed (workflow-format.md §9.2 CONTROL_FLOW_TYPES). */
  readonly alwaysRerun: boolean;
  readonly cost: Cost;
  readonly resources: readonly ResourceNeed[];
  /** Hazard sets for the concurrent scheduler. */
  readonly reads: NameSet;
  readonly writes: NameSet;
  /** Nodes to clear from the executed set when this node loops back (loop end, Break, Continue). */
  loopClear: Int32Array | null;
}

export interface RunSettings {
  readonly continueOnError: boolean;
  /** Per-node timeout; 0 = none. */
  readonly nodeTimeoutMs: number;
  /** Whole-run timeout; 0 = none. */
  readonly globalTimeoutMs: number;
  readonly retryCount: number;
  readonly logLevel: 'debug' | 'info' | 'warning' | 'error' | 'critical';
}

export interface Plan {
  readonly doc: WorkflowDoc;
  readonly nodes: readonly CompiledNode[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Start node index (§9.1), or -1 when there is none. */
  readonly start: number;
  /** All out-edges (any port) per node in CSR form, for loop-body clearing and pairing searches. */
  readonly outStart: Int32Array;
  readonly outTarget: Int32Array;
  /** Try -> Catch / Finally, Catch/Finally -> Try, Fork -> Join (-1 = none). */
  readonly tryCatch: Int32Array;
  readonly tryFinally: Int32Array;
  readonly pairedTry: Int32Array;
  readonly forkJoin: Int32Array;
  readonly settings: RunSettings;
  /** Variables seeded from the file (D6), in file order. */
  readonly initialVariables: readonly (readonly [string, unknown])[];
  readonly warnings: WorkflowDoc['warnings'];
  readonly compileMs: number;
  /** Resource needs of the whole plan (union over nodes). */
  readonly resources: readonly ResourceNeed[];
}
