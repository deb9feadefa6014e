/**
 * WorkflowDoc -> Plan. Runs once per workflow (the engine caches plans by content hash).
 */
import { performance } from 'node:perf_hooks';
import type { DocGraph, WorkflowDoc } from '../load/types.js';
import { PORT_EXECISH } from '../load/exec-ports.js';
import type { ReadonlyIndex } from '../lib/string-index.js';
import type { NodeSpec, ResourceNeed } from '../nodes/types.js';
import { compileTemplate, type CompiledTemplate } from './template.js';
import { mayHoldTemplate } from './template-scan.js';
import { configValue, MIRROR_NEEDED, NO_PARAMS, NodeKind, oneParam, paramList, PlanNode, type ParamTable, PORTS_NEEDED, type CompiledNode, type NameSet, type Plan, type PlanEdges } from './plan.js';
import { resolveRunSettings, seedVariables } from './run-settings.js';
import { pairControlNodes, type Pairs } from './pairing.js';
import { templateWarnings } from './template-warnings.js';

/** workflow-format.md §9.2: types that run again on every arrival instead of being skipped. */
const ALWAYS_RERUN = new Set([
  'IfNode', 'SwitchNode', 'ForLoopStartNode', 'ForLoopEndNode', 'WhileLoopStartNode', 'WhileLoopEndNode',
  'BreakNode', 'ContinueNode', 'TryNode', 'CatchNode', 'RetryNode',
]);

const NONE: readonly never[] = [];

/** §9.4: a required port whose (static) config value is set can never fail the check: keep only the others. */
function requiredPorts(spec: NodeSpec, config: Readonly<Record<string, unknown>>, defaults: ReadonlyMap<string, unknown>): readonly string[] {
  const req = spec.required;
  if (req === undefined || req.length === 0) return NONE;
  let out: string[] | null = null; // most nodes set every required value: no array for them
  for (const name of req) {
    const v = fileValue(spec, config, name) ?? defaults.get(name);
    if (v === undefined || v === null) (out ??= []).push(name);
  }
  return out ?? NONE;
}

const KINDS = new Map<NodeSpec, NodeKind>();

/** Specs are module constants: their kinds are built once per process. */
function kindOf(spec: NodeSpec): NodeKind {
  let kind = KINDS.get(spec);
  if (kind === undefined) {
    const defaults = new Map<string, unknown>();
    for (const [k, v] of Object.entries(spec.config ?? {})) if (v !== null && v !== undefined) defaults.set(k, v);
    KINDS.set(spec, (kind = new NodeKind(spec, defaults, ALWAYS_RERUN.has(spec.type))));
  }
  return kind;
}

/**
 * Two passes over the connections: count per node, then fill flat typed arrays (CSR). Allocation
 * is per plan, not per node: at 10k nodes per-node Maps and typed arrays made GC the top cost.
 */
function buildEdges(g: DocGraph): PlanEdges {
  const { specs, src, dst, ports, sourcePort, targetPort } = g;
  const n = specs.length;
  const m = src.length;
  const execOut = ports.find('exec_out');
  const outCount = new Int32Array(n + 1);
  const xCount = new Int32Array(n + 1);
  const dCount = new Int32Array(n + 1);
  const inCount = new Int32Array(n + 1);
  const isData = new Uint8Array(m);
  const isExecish = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const spId = sourcePort[k]!;
    const sp = ports.name(spId);
    const s = src[k]!;
    const t = dst[k]!;
    if (s < 0 || t < 0) continue; // validated: cannot happen
    outCount[s + 1]!++;
    if (spId === execOut) xCount[s + 1]!++;
    if (ports.is(spId, PORT_EXECISH)) { isExecish[k] = 1; dCount[s + 1]!++; }
    // Only declared data outputs ever hold a value (§9.5): other edges transfer nothing.
    if (specs[s]!.outputs.includes(sp) || isDynamicOutput(specs[s]!, sp)) { isData[k] = 1; inCount[t + 1]!++; }
  }
  for (let i = 0; i < n; i++) {
    outCount[i + 1]! += outCount[i]!;
    xCount[i + 1]! += xCount[i]!;
    dCount[i + 1]! += dCount[i]!;
    inCount[i + 1]! += inCount[i]!;
  }
  const outStart = outCount.slice();
  const dStart = dCount.slice();
  const inStart = inCount.slice();
  const outTarget = new Int32Array(outStart[n]!);
  const outPort = new Array<string>(outStart[n]!);
  const dTarget = new Int32Array(dStart[n]!);
  const inSrc = new Int32Array(inStart[n]!);
  const inSrcPort = new Array<string>(inStart[n]!);
  const inDstPort = new Array<string>(inStart[n]!);
  const xTmp = new Int32Array(xCount[n]!);
  const xFill = xCount.slice(0, n);
  const xLen = new Int32Array(n);
  for (let k = 0; k < m; k++) {
    const s = src[k]!;
    const t = dst[k]!;
    if (s < 0 || t < 0) continue;
    const spId = sourcePort[k]!;
    const sp = ports.name(spId);
    const o = outCount[s]!++;
    outTarget[o] = t;
    outPort[o] = sp;
    if (isExecish[k]) dTarget[dCount[s]!++] = t;
    if (spId === execOut) {
      // Deduplicate exec_out targets (explicit routing appends each target once, §9.3).
      const base = xFill[s]!;
      let dup = false;
      for (let q = base; q < base + xLen[s]!; q++) if (xTmp[q] === t) { dup = true; break; }
      if (!dup) xTmp[base + xLen[s]!++] = t;
    }
    if (isData[k]) {
      const q = inCount[t]!++;
      inSrc[q] = s;
      inSrcPort[q] = sp;
      inDstPort[q] = ports.name(targetPort[k]!);
    }
  }
  const xStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) xStart[i + 1] = xStart[i]! + xLen[i]!;
  const xTarget = new Int32Array(xStart[n]!);
  for (let i = 0; i < n; i++) for (let q = 0; q < xLen[i]!; q++) xTarget[xStart[i]! + q] = xTmp[xFill[i]! + q]!;
  return { xStart, xTarget, dStart, dTarget, outStart, outTarget, outPort, inStart, inSrc, inSrcPort, inDstPort };
}

export function compilePlan(doc: WorkflowDoc): Plan {
  const t0 = performance.now();
  const g = doc.graph;
  const { ids, specs, configs } = g;
  const indexOf = g.index;
  const n = ids.length;
  const edges = buildEdges(g);
  const planResources = new Set<ResourceNeed>();
  const nodes: CompiledNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const spec = specs[i]!;
    const config = configs[i]!;
    const kind = kindOf(spec);
    if (spec.resources !== undefined) for (const r of spec.resources) planResources.add(r);
    nodes[i] = new PlanNode(i, ids[i]!, kind, i >= g.fileNodes, config, compileParams(spec, config), requiredPorts(spec, config, kind.defaults));
  }

  const pairs = pairControlNodes(nodes, indexOf, edges);
  const outputsNeeded = new Uint8Array(n);
  if (nodes.some(readsAnyVariable)) outputsNeeded.fill(MIRROR_NEEDED);
  else {
    for (const nd of nodes) {
      for (let k = 0; k < nd.params.size; k++) {
        const t = nd.params.at(k);
        // A single-root template names it directly: no refs array built for it here.
        if (t.root !== undefined) markRead(t.root, indexOf, outputsNeeded);
        else for (const r of t.refs) markRead(r, indexOf, outputsNeeded);
      }
    }
  }
  for (let k = 0; k < edges.inSrc.length; k++) outputsNeeded[edges.inSrc[k]!]! |= PORTS_NEEDED;
  return new CompiledPlan(doc, nodes, indexOf, edges, findStart(nodes), pairs, resolveRunSettings(doc.settings, doc.executionSettings),
    outputsNeeded, seedVariables(doc.variables), performance.now() - t0, [...planResources]);
}

/**
 * A class, not an object literal: a getter in a literal gives every plan its own hidden class whose
 * descriptor array holds the getter, and hidden classes are only freed by a full collection. Each
 * young collection then kept the last plans (and their parsed documents) alive through their
 * getters: at 10k nodes every minor GC copied ~6 MB of dead plans, ~5 ms a load.
 */
class CompiledPlan implements Plan {
  #warnings: Plan['warnings'] | null = null;
  readonly tryCatch: Int32Array;
  readonly tryFinally: Int32Array;
  readonly pairedTry: Int32Array;
  readonly forkJoin: Int32Array;

  constructor(
    readonly doc: WorkflowDoc,
    readonly nodes: readonly CompiledNode[],
    readonly indexOf: ReadonlyIndex,
    readonly edges: PlanEdges,
    readonly start: number,
    pairs: Pairs,
    readonly settings: Plan['settings'],
    readonly outputsNeeded: Uint8Array,
    readonly initialVariables: Plan['initialVariables'],
    readonly compileMs: number,
    readonly resources: Plan['resources'],
  ) {
    this.tryCatch = pairs.tryCatch;
    this.tryFinally = pairs.tryFinally;
    this.pairedTry = pairs.pairedTry;
    this.forkJoin = pairs.forkJoin;
  }

  /** Template diagnostics are for `casare validate` and tools, not for runs: computed on first read (~18 % of a 10k-node compile). */
  get warnings(): Plan['warnings'] {
    return (this.#warnings ??= [...this.doc.warnings, ...templateWarnings(this.nodes, this.indexOf, this.doc.variables)]);
  }
}

function markRead(root: string, indexOf: ReadonlyIndex, outputsNeeded: Uint8Array): void {
  const j = indexOf.get(root);
  if (j !== undefined) outputsNeeded[j] = MIRROR_NEEDED;
}

/** Nodes whose output ports are created from the file (SubflowNode) accept any port name. */
function isDynamicOutput(spec: NodeSpec, port: string): boolean {
  return spec.type === 'SubflowNode' && !port.toLowerCase().includes('exec') && port !== 'error';
}

/** A config value as the node will read it before defaults: the file's, or a legacy alias's when the key is absent. */
function fileValue(spec: NodeSpec, config: Readonly<Record<string, unknown>>, key: string): unknown {
  const v = config[key];
  if (v !== undefined && v !== null) return v;
  const aliases = spec.aliases;
  if (aliases === undefined) return undefined;
  for (const alias in aliases) if (aliases[alias] === key && config[alias] !== undefined && config[alias] !== null) return config[alias];
  return undefined;
}

/**
 * Compiled templates for the config values holding template syntax. Static values get nothing
 * (most values are static: no closure, no allocation for them). Reads the file's object directly,
 * aliases included, in the order rawConfigOf() lists them.
 */
function compileParams(spec: NodeSpec, config: Readonly<Record<string, unknown>>): ParamTable {
  // The first template is held in locals: most templated nodes have one and get no arrays (and no
  // closure or key array here: one per node each would be 10k more objects at 10k nodes).
  let name: string | null = null;
  let template: CompiledTemplate | null = null;
  let names: string[] | null = null;
  let templates: CompiledTemplate[] | null = null;
  for (const k in config) {
    const t = dynamicTemplate(config[k]);
    if (t === null) continue;
    if (name === null) { name = k; template = t; } else if (names === null || templates === null) { names = [name, k]; templates = [template!, t]; } else { names.push(k); templates.push(t); }
  }
  const aliases = spec.aliases;
  if (aliases !== undefined) {
    for (const alias in aliases) {
      const k = aliases[alias]!;
      if (config[k] !== undefined && config[k] !== null) continue; // the current key wins
      const t = dynamicTemplate(config[alias]);
      if (t === null) continue;
      if (name === null) { name = k; template = t; } else if (names === null || templates === null) { names = [name, k]; templates = [template!, t]; } else { names.push(k); templates.push(t); }
    }
  }
  if (names !== null && templates !== null) return paramList(names, templates);
  return name !== null && template !== null ? oneParam(name, template) : NO_PARAMS;
}

function dynamicTemplate(v: unknown): CompiledTemplate | null {
  if (v === null || v === undefined || (typeof v !== 'object' && (typeof v !== 'string' || !mayHoldTemplate(v)))) return null;
  const t = compileTemplate(v);
  return t.isStatic ? null : t;
}

/** The spec's flag, or its answer for this node's config (a node may read by name only with some configs). */
function readsAnyVariable(nd: CompiledNode): boolean {
  const r = nd.spec.readsAnyVariable;
  return typeof r === 'function' ? r(nd.fileConfig) : r === true;
}

/** Variables a node may write (its output mirror + declared writes); computed on first hazard check. */
export function writeSet(nd: CompiledNode): NameSet {
  const { id, spec } = nd;
  const out = new Set<string>([id]);
  for (const w of spec.writes ?? []) {
    if (w === 'none') continue;
    if (w === 'any') return 'any';
    const key = w.slice('config:'.length);
    const v = configValue(nd, key);
    if (typeof v !== 'string' || v.includes('{') || v.includes('$') || v.includes('%')) return 'any';
    out.add(v);
  }
  return out;
}

/** §9.1: the first StartNode in file order (auto-start is last); else the last *TriggerNode. */
function findStart(nodes: readonly CompiledNode[]): number {
  for (const nd of nodes) if (nd.type === 'StartNode') return nd.index;
  for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i]!.type.endsWith('TriggerNode')) return i;
  return -1;
}
