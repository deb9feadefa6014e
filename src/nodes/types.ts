/**
 * The node contract. A node type = a NodeSpec: its ports, config keys with defaults, routing class,
 * cost class, and run(). Specs are plain data plus a function; the compiler turns them into per-node
 * slots once, so run() only does the node's own work.
 *
 * Semantics follow ../shared/spec/nodes.md (Casare marks). Parameter reads follow D2: input port if
 * not null, else config key (template-resolved), else the spec's default — that is ctx.param().
 */

/** Cost class: where the node's work runs. inline = cheap and synchronous on the main loop; io = awaits
 * sockets/disk (main loop, concurrent); cpu = worker-pool candidate (inline below a size threshold). */
export type Cost = 'inline' | 'io' | 'cpu';

/** Routing on success (nodes.md §1.3 with D1): X = follow exec_out; D = every edge whose source port
 * contains "exec"; END = terminal; SELF = run() returns the ports to follow (If, Switch, loops...). */
export type Routing = 'X' | 'D' | 'END' | 'SELF';

/** Resources a node needs; the compiler records them per plan so a run can pre-check quotas. */
export type ResourceNeed = 'browser' | 'database' | 'http' | 'file' | 'process';

export interface NodeSpec {
  /** CasareRPA node type name as it appears in files (after registry aliases, §8 Table A). */
  readonly type: string;
  /** CasareRPA category (nodes.md §2). */
  readonly category: string;
  /** Data input ports, in declaration order (the required check reports the first missing). */
  readonly inputs: readonly string[];
  /** Input ports that are required (`!` in nodes.md): fail before run when port and raw config are both null. */
  readonly required?: readonly string[];
  /** Data output ports. */
  readonly outputs: readonly string[];
  /** Exec output ports; default ['exec_out']. Triggers keep exec_out; If has ['true','false']. */
  readonly execOutputs?: readonly string[];
  /** False for trigger nodes (no exec_in). Default true. */
  readonly execIn?: boolean;
  /** Declared config keys and their defaults (null = no default). Ports' config keys may be listed
   * here to give them a default. Used for D2 defaults and D3 unread-key warnings. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Routing class, default 'X'. */
  readonly routing?: Routing;
  /** Cost class, default 'inline'. */
  readonly cost?: Cost;
  readonly resources?: readonly ResourceNeed[];
  /** Config keys that hold paths; used by the file sandbox and diagnostics. */
  readonly pathKeys?: readonly string[];
  /** Legacy config aliases (nodes.md §1.4): alias -> current key. */
  readonly aliases?: Readonly<Record<string, string>>;
  /**
   * Keys this node reads dynamically beyond inputs/config (e.g. the SuperNode's per-action keys).
   * Used only to silence D3 warnings.
   */
  readonly extraReads?: readonly string[];
  /**
   * Compile-time hint for the concurrent scheduler: which variables a node may write. 'none' = only
   * its own output mirror; 'config:<key>' = the variable named by that (static) config key;
   * 'any' = unknown at compile time (a barrier for concurrency). Default: 'none'.
   */
  readonly writes?: readonly ('none' | 'any' | `config:${string}`)[];
  /** Reads variables by name beyond its templates (VN rule, str.format over all vars). Default false.
   * A function answers per node from its file config (compile time). */
  readonly readsAnyVariable?: boolean | ((config: Readonly<Record<string, unknown>>) => boolean);
  /** Output ports made at run time beyond `outputs` (SwitchNode's case_<n>, SubflowNode's child outputs):
   * validation does not warn about connections from undeclared ports. Default false. */
  readonly dynamicOutputs?: boolean;
  run(ctx: NodeContext): NodeReturn | Promise<NodeReturn>;
}

/**
 * What run() returns on success: nothing (route by the spec's routing class), or a list of exec
 * output port names to follow (explicit routing; [] = D1 rule), or a control result for the
 * scheduler (loops, Try, Fork...). Failure = throw NodeFailure (or any Error).
 */
export type NodeReturn = void | undefined | readonly string[] | ControlResult;

export type ControlResult =
  | { readonly kind: 'next'; readonly ports: readonly string[] }
  | { readonly kind: 'loopBack'; readonly startId: string }
  | { readonly kind: 'tryBody' }
  | { readonly kind: 'fork'; readonly ports: readonly string[]; readonly failFast: boolean }
  | { readonly kind: 'parallelForEach'; readonly items: readonly unknown[]; readonly batchSize: number; readonly timeoutPerItemMs: number; readonly failFast: boolean }
  | { readonly kind: 'jumpTo'; readonly nodeId: string }
  | { readonly kind: 'subflow'; readonly path: string }
  | {
    /** Parallel for-each over a pulled stream of batches (BatchReadStartNode with concurrency > 1). */
    readonly kind: 'parallelStream';
    readonly stream: BatchStream;
    /** Batches whose body may run at once (>= 1). */
    readonly concurrency: number;
    readonly failFast: boolean;
    /** 0 = no limit. */
    readonly timeoutPerBatchMs: number;
  };

/** One batch of a 'parallelStream': what the start node's ports show to the body that runs it. */
export interface StreamBatch {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly rows: number;
  /** Data rows of the input before this batch's first row. */
  readonly rowOffset: number;
}

/** A batch whose body failed (or timed out) in a parallel stream. */
export interface FailedBatch {
  readonly batch_index: number;
  readonly row_offset: number;
  readonly rows: number;
  readonly error: string;
  readonly code: string;
}

/** How a parallel stream ended, handed to BatchStream.finish(). */
export interface StreamSummary {
  /** Every batch read was processed without failure and the input was read to its end (or a break). */
  readonly ok: boolean;
  readonly batchesStarted: number;
  /** Length of the prefix of batches that all succeeded, in input order (the resume point). */
  readonly committedBatches: number;
  readonly committedRows: number;
  readonly failedBatches: readonly FailedBatch[];
  /** Most bodies seen running at once. */
  readonly maxInFlight: number;
}

/**
 * The pull side of a 'parallelStream' (main thread only): next() is called only when a body slot is
 * free, so the bodies' pace is the reader's pace; finish() is called exactly once at the end.
 */
export interface BatchStream {
  next(): Promise<StreamBatch | null>;
  finish(summary: StreamSummary): Promise<void>;
}

/**
 * Variable that holds the OrderedSlot of the batch a parallel stream body is processing (absent
 * outside such bodies). A sink that must keep input order (BatchWriteNode) awaits turn() first.
 */
export const ORDERED_SLOT_VAR = '_casare_ordered_slot';

export interface OrderedSlot {
  /** The batch's position in the stream (0-based). */
  readonly seq: number;
  /** Resolves once every earlier batch's body has ended; rejects when the stream stops (fail fast). */
  turn(): Promise<void>;
}

/** The variable store of a run: one flat map (workflow-format.md §10.1). */
export interface Variables {
  get(name: string): unknown;
  has(name: string): boolean;
  set(name: string, value: unknown): void;
  delete(name: string): boolean;
  /** Live view for expression evaluation and str.format(**vars). Do not mutate. */
  readonly map: ReadonlyMap<string, unknown>;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

/** Per-run services a node may use; everything else a node needs comes through ctx. */
export interface NodeContext {
  readonly nodeId: string;
  readonly nodeType: string;
  /** D2 parameter read: port value if not null, else config[name] template-resolved (default applied), else the spec default. */
  param(name: string): unknown;
  /** Raw input port value (null when nothing arrived). */
  port(name: string): unknown;
  /** Config value before template resolution, default applied (undefined if neither). */
  configRaw(name: string): unknown;
  /** True when the file's config has the key (not only a default). */
  hasConfig(name: string): boolean;
  /** Template-resolve any value against the current variables (workflow-format.md §10.3, recursive). */
  resolve(value: unknown): unknown;
  /** Set a data output port. Null/undefined outputs are not stored in the mirror dict. */
  out(name: string, value: unknown): void;
  readonly vars: Variables;
  log(level: LogLevel, message: string): void;
  /** Aborted on run cancel, node timeout or global timeout. */
  readonly signal: AbortSignal;
  /** Working directory that relative file paths resolve against. */
  readonly cwd: string;
  /** Engine services (resolved options, resource pools); typed by the modules that use them. */
  readonly services: NodeServices;
  /**
   * The node paired with this one at compile time (D4, workflow-format.md §14.4): a Catch/Finally's
   * Try, a Try's Catch/Finally, a Join's Fork, a Fork's Join. Null when unpaired.
   */
  pairedNodeId(kind: 'try' | 'catch' | 'finally' | 'fork' | 'join'): string | null;
}

/** Engine services visible to nodes. Kept as an open record so resources/ and pool/ can add fields
 * without nodes importing execute/. */
export interface NodeServices {
  readonly fileRoot: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly [key: string]: unknown;
}

/**
 * A node's own failure, with the exact CasareRPA error text and an error type (Python exception
 * class name or CasareRPA's error_type) for Try/Catch and the run result.
 */
export class NodeFailure extends Error {
  readonly errorType: string;
  /** Casare code for callers that match on codes; CASARE_E_NODE_FAILED unless more specific. */
  readonly code: string;
  constructor(message: string, errorType = 'ExecutionError', code = 'CASARE_E_NODE_FAILED') {
    super(message);
    this.name = 'NodeFailure';
    this.errorType = errorType;
    this.code = code;
  }
}

/** Helper for specs: gives type inference without a class hierarchy. */
export function defineNode(spec: NodeSpec): NodeSpec {
  return spec;
}
