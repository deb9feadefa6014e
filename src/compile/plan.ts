/**
 * The compiled execution plan: everything the scheduler needs, resolved once per workflow.
 * Node ids become integer indexes; edges live in typed arrays; config values are compiled templates;
 * routing targets are precomputed per exec port, so the per-activation path does no string parsing.
 */
import type { ReadonlyIndex } from '../lib/string-index.js';
import type { NodeSpec, Cost, ResourceNeed } from '../nodes/types.js';
import type { CompiledTemplate } from './template.js';
import type { WorkflowDoc } from '../load/types.js';

/**
 * A node's compiled templates by config key: a handful at most, read once per (node, key) when its
 * ParamSlot is built. Most templated nodes have one, held without arrays: a Map, then two arrays,
 * per templated node were ~1 MB, then ~0.5 MB, of a 10k-node compile for the garbage collector.
 */
export interface ParamTable {
  readonly size: number;
  get(name: string): CompiledTemplate | undefined;
  /** The i-th template (0 <= i < size), config order. */
  at(i: number): CompiledTemplate;
}

class OneParam implements ParamTable {
  constructor(private readonly name: string, private readonly template: CompiledTemplate) {}

  get size(): number {
    return 1;
  }

  get(name: string): CompiledTemplate | undefined {
    return name === this.name ? this.template : undefined;
  }

  at(): CompiledTemplate {
    return this.template;
  }
}

class ParamList implements ParamTable {
  constructor(private readonly names: readonly string[], private readonly templates: readonly CompiledTemplate[]) {}

  get size(): number {
    return this.names.length;
  }

  get(name: string): CompiledTemplate | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.templates[i];
  }

  at(i: number): CompiledTemplate {
    return this.templates[i]!;
  }
}

export const NO_PARAMS: ParamTable = new ParamList([], []);

export function oneParam(name: string, template: CompiledTemplate): ParamTable {
  return new OneParam(name, template);
}

export function paramList(names: readonly string[], templates: readonly CompiledTemplate[]): ParamTable {
  return new ParamList(names, templates);
}

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
  /** The file's non-null config values (legacy aliases applied), before templates. */
  readonly rawConfig: ReadonlyMap<string, unknown>;
  /** The spec's config defaults, one Map shared by every node of the type (read through configValue). */
  readonly defaults: ReadonlyMap<string, unknown>;
  /** Lazily merged defaults + file values (see configValue). */
  effectiveConfig: ReadonlyMap<string, unknown> | null;
  /** Compiled templates for the config keys holding template syntax; static values stay in rawConfig. */
  readonly params: ParamTable;
  /** Required input ports (declaration order) whose config gives no value: only their ports are checked at run time. */
  readonly required: readonly string[];
  readonly hasExecOut: boolean;
  /** Never skipped as already executed (workflow-format.md §9.2 CONTROL_FLOW_TYPES). */
  readonly alwaysRerun: boolean;
  readonly cost: Cost;
  readonly resources: readonly ResourceNeed[];
  /** Variables the node's templates read ('any' for types that read any variable); hazard set for the concurrent scheduler. */
  readonly reads: NameSet;
  /** Lazily computed by compile-plan's writeSet() the first time the scheduler checks a hazard. */
  writes: NameSet | null;
  /** Nodes to clear from the executed set when this node loops back (loop end, Break, Continue). */
  loopClear: Int32Array | null;
  /** How ctx.param(name) reads `name` on this node (built on first use, then one Map lookup per read). */
  slot(name: string): ParamSlot;
}

/**
 * What a parameter read needs, resolved once per (node, name): whether a port can carry it (only
 * declared input ports receive values: load rejects data edges into others, §9.5), its compiled
 * template if the config value has one, else its static value (file value or default, null if neither).
 */
export class ParamSlot {
  constructor(readonly port: boolean, readonly template: CompiledTemplate | null, readonly value: unknown) {}
}

/** Types whose input ports come from elsewhere (the subflow file, §14.4): any name may be a port. */
const DYNAMIC_INPUT_TYPES: ReadonlySet<string> = new Set(['SubflowNode']);

export interface RunSettings {
  readonly continueOnError: boolean;
  /** Per-node timeout; 0 = none. */
  readonly nodeTimeoutMs: number;
  /** Whole-run timeout; 0 = none. */
  readonly globalTimeoutMs: number;
  readonly retryCount: number;
  /** Casare extension: delay before the first retry, doubled per attempt (capped at 30 s); 0 = at once (D6). */
  readonly retryDelayMs: number;
  readonly logLevel: 'debug' | 'info' | 'warning' | 'error' | 'critical';
}

/**
 * Every edge list of the plan in CSR form: node i's entries are [start[i], start[i+1]) of the
 * matching target array. One set of typed arrays per plan, none per node.
 */
export interface PlanEdges {
  /** exec_out targets, deduplicated, connection order (routing X and the D1 rule). */
  readonly xStart: Int32Array;
  readonly xTarget: Int32Array;
  /** Targets of every edge whose source port contains "exec", duplicates kept (routing D). */
  readonly dStart: Int32Array;
  readonly dTarget: Int32Array;
  /** All out-edges with their source port (explicit routing, loop clearing, pairing). */
  readonly outStart: Int32Array;
  readonly outTarget: Int32Array;
  readonly outPort: readonly string[];
  /** Data in-edges by target: source node, source port, target port (§9.5 transfer order). */
  readonly inStart: Int32Array;
  readonly inSrc: Int32Array;
  readonly inSrcPort: readonly string[];
  readonly inDstPort: readonly string[];
}

/** Effective raw config value: the file's value unless null/absent, else the spec default (undefined if neither). */
export function configValue(nd: CompiledNode, name: string): unknown {
  return (nd.effectiveConfig ??= mergeConfig(nd)).get(name);
}

/** Defaults overlaid with the file's values; built on a node's first config read, so only for nodes that run. */
function mergeConfig(nd: CompiledNode): ReadonlyMap<string, unknown> {
  const raw = nd.rawConfig;
  if (nd.defaults.size === 0) return raw;
  if (raw.size === 0) return nd.defaults;
  const m = new Map(nd.defaults);
  for (const [k, v] of raw) m.set(k, v);
  return m;
}

/** The file's non-null config values with legacy aliases applied (nodes.md §1.4: an alias counts only when the current key is absent). */
export function rawConfigOf(spec: NodeSpec, fileConfig: Readonly<Record<string, unknown>>): ReadonlyMap<string, unknown> {
  const m = new Map<string, unknown>();
  for (const k in fileConfig) {
    const v = fileConfig[k];
    if (v !== null && v !== undefined) m.set(k, v);
  }
  const aliases = spec.aliases;
  if (aliases !== undefined) {
    for (const alias in aliases) {
      const current = aliases[alias]!;
      const v = fileConfig[alias];
      if ((fileConfig[current] === undefined || fileConfig[current] === null) && v !== undefined && v !== null) m.set(current, v);
    }
  }
  return m;
}

/** A plan node's state built on first use; most nodes of a large plan never need any of it. */
class LazyState {
  rawConfig: ReadonlyMap<string, unknown> | null = null;
  effectiveConfig: ReadonlyMap<string, unknown> | null = null;
  reads: NameSet | null = null;
  writes: NameSet | null = null;
  loopClear: Int32Array | null = null;
  slots: Map<string, ParamSlot> | null = null;
  // slot() runs on every parameter read: the first few names are found by an identity scan.
  slotNames: string[] = [];
  slotList: ParamSlot[] = [];
}

/** What every node of one type shares, derived from its spec once per compile. */
export class NodeKind {
  readonly type: string;
  readonly hasExecOut: boolean;
  readonly cost: Cost;
  constructor(
    readonly spec: NodeSpec,
    /** The spec's config defaults (non-null values), one Map for every node of the type. */
    readonly defaults: ReadonlyMap<string, unknown>,
    /** Never skipped as already executed (workflow-format.md §9.2 CONTROL_FLOW_TYPES). */
    readonly alwaysRerun: boolean,
  ) {
    this.type = spec.type;
    this.hasExecOut = spec.execOutputs === undefined || spec.execOutputs.includes('exec_out');
    this.cost = spec.cost ?? 'inline';
  }
}

const HIDDEN = 1;
const DISABLED = 2;

/**
 * A plan node: its own fields are only what differs per node; what its type decides is read
 * through the shared NodeKind. The rawConfig Map and whatever else is built on first use live in
 * one LazyState created then. At 10k nodes per-node Maps, then 16 fields per node, were a large
 * share of compile time and of what every young collection during a load copies.
 */
export class PlanNode implements CompiledNode {
  readonly #flags: number;
  #lazy: LazyState | null = null;

  constructor(
    readonly index: number,
    readonly id: string,
    readonly kind: NodeKind,
    hidden: boolean,
    readonly fileConfig: Readonly<Record<string, unknown>>,
    readonly params: ParamTable,
    readonly required: readonly string[],
  ) {
    this.#flags = (hidden ? HIDDEN : 0) | (fileConfig['_disabled'] === true ? DISABLED : 0);
  }

  get spec(): NodeSpec {
    return this.kind.spec;
  }

  get type(): string {
    return this.kind.type;
  }

  get hidden(): boolean {
    return (this.#flags & HIDDEN) !== 0;
  }

  get disabled(): boolean {
    return (this.#flags & DISABLED) !== 0;
  }

  get defaults(): ReadonlyMap<string, unknown> {
    return this.kind.defaults;
  }

  get alwaysRerun(): boolean {
    return this.kind.alwaysRerun;
  }

  get hasExecOut(): boolean {
    return this.kind.hasExecOut;
  }

  get cost(): Cost {
    return this.kind.cost;
  }

  get resources(): readonly ResourceNeed[] {
    return this.kind.spec.resources ?? NO_RESOURCES;
  }

  get effectiveConfig(): ReadonlyMap<string, unknown> | null {
    return this.#lazy === null ? null : this.#lazy.effectiveConfig;
  }

  set effectiveConfig(v: ReadonlyMap<string, unknown> | null) {
    (this.#lazy ??= new LazyState()).effectiveConfig = v;
  }

  get writes(): NameSet | null {
    return this.#lazy === null ? null : this.#lazy.writes;
  }

  set writes(v: NameSet | null) {
    (this.#lazy ??= new LazyState()).writes = v;
  }

  get loopClear(): Int32Array | null {
    return this.#lazy === null ? null : this.#lazy.loopClear;
  }

  set loopClear(v: Int32Array | null) {
    (this.#lazy ??= new LazyState()).loopClear = v;
  }

  get rawConfig(): ReadonlyMap<string, unknown> {
    const lazy = (this.#lazy ??= new LazyState());
    return (lazy.rawConfig ??= rawConfigOf(this.kind.spec, this.fileConfig));
  }

  slot(name: string): ParamSlot {
    const lazy = (this.#lazy ??= new LazyState());
    // Names are string literals in node code (interned): a short identity scan beats hashing.
    const names = lazy.slotNames;
    for (let k = 0; k < names.length; k++) if (names[k] === name) return lazy.slotList[k]!;
    const slots = (lazy.slots ??= new Map());
    let s = slots.get(name);
    if (s === undefined) {
      const port = this.kind.spec.inputs.includes(name) || DYNAMIC_INPUT_TYPES.has(this.kind.type);
      const template = this.params.get(name) ?? null;
      const value = template === null ? configValue(this, name) ?? null : null;
      slots.set(name, (s = new ParamSlot(port, template, value)));
      if (names.length < 8) { names.push(name); lazy.slotList.push(s); }
    }
    return s;
  }

  /** Built on first use (the scheduler's first overlap check): most runs never need it. */
  get reads(): NameSet {
    const lazy = (this.#lazy ??= new LazyState());
    return (lazy.reads ??= readSet(this));
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();

function readSet(nd: PlanNode): NameSet {
  if (nd.spec.readsAnyVariable) return 'any';
  const params = nd.params;
  if (params.size === 0) return NO_NAMES;
  const out = new Set<string>();
  for (let k = 0; k < params.size; k++) for (const r of params.at(k).refs) out.add(r);
  return out;
}

const NO_RESOURCES: readonly ResourceNeed[] = [];

/** Targets of node i's edges leaving `port`, in connection order (cold paths: body seeds, pairing). */
export function portTargets(e: PlanEdges, i: number, port: string): number[] {
  const out: number[] = [];
  for (let k = e.outStart[i]!; k < e.outStart[i + 1]!; k++) if (e.outPort[k] === port) out.push(e.outTarget[k]!);
  return out;
}

export interface Plan {
  readonly doc: WorkflowDoc;
  readonly edges: PlanEdges;
  readonly nodes: readonly CompiledNode[];
  readonly indexOf: ReadonlyIndex;
  /** Start node index (§9.1), or -1 when there is none. */
  readonly start: number;
  /** Try -> Catch / Finally, Catch/Finally -> Try, Fork -> Join (-1 = none). */
  readonly tryCatch: Int32Array;
  readonly tryFinally: Int32Array;
  readonly pairedTry: Int32Array;
  readonly forkJoin: Int32Array;
  readonly settings: RunSettings;
  /**
   * Who may read node i's outputs after it ran, as bits: MIRROR_NEEDED — something reads the
   * `<id>` variable (a template or expression naming it, a node that reads any variable);
   * PORTS_NEEDED — a data edge leaves it. Under `retainOutputs: 'needed'` a node with neither
   * drops its outputs at once (memory follows the live frontier, not nodes × items), and a node
   * with ports only keeps its port values but builds no mirror dict.
   */
  readonly outputsNeeded: Uint8Array;
  /** Variables seeded from the file (D6), in file order. */
  readonly initialVariables: readonly (readonly [string, unknown])[];
  readonly warnings: WorkflowDoc['warnings'];
  readonly compileMs: number;
  /** Resource needs of the whole plan (union over nodes). */
  readonly resources: readonly ResourceNeed[];
}

/** outputsNeeded bits. */
export const MIRROR_NEEDED = 1;
export const PORTS_NEEDED = 2;
