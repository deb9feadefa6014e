/**
 * WorkflowDoc -> Plan. Runs once per workflow (the engine caches plans by content hash).
 */
import { performance } from 'node:perf_hooks';
import type { WorkflowDoc } from '../load/types.js';
import type { NodeSpec, ResourceNeed } from '../nodes/types.js';
import { getNodeSpec } from '../nodes/registry.js';
import { CasareError } from '../errors.js';
import { compileTemplate, type CompiledTemplate } from './template.js';
import { configValue, type CompiledNode, type NameSet, type Plan, type PlanEdges } from './plan.js';
import { resolveRunSettings, seedVariables } from './run-settings.js';
import { pairControlNodes } from './pairing.js';
import { templateWarnings } from './template-warnings.js';

/** workflow-format.md §9.2: types that run again on every arrival instead of being skipped. */
const ALWAYS_RERUN = new Set([
  'IfNode', 'SwitchNode', 'ForLoopStartNode', 'ForLoopEndNode', 'WhileLoopStartNode', 'WhileLoopEndNode',
  'BreakNode', 'ContinueNode', 'TryNode', 'CatchNode', 'RetryNode',
]);

const EXEC_OUT: readonly string[] = ['exec_out'];
const NONE: readonly never[] = [];
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_PARAMS: ReadonlyMap<string, CompiledTemplate> = new Map();

/** §9.4: a required port whose (static) config value is set can never fail the check: keep only the others. */
function requiredPorts(spec: NodeSpec, rawConfig: ReadonlyMap<string, unknown>, defaults: ReadonlyMap<string, unknown>): readonly string[] {
  const req = spec.required;
  if (req === undefined || req.length === 0) return NONE;
  const out = req.filter((name) => {
    const v = rawConfig.get(name) ?? defaults.get(name);
    return v === undefined || v === null;
  });
  return out.length === 0 ? NONE : out;
}

const DEFAULTS = new WeakMap<NodeSpec, ReadonlyMap<string, unknown>>();

function specDefaults(spec: NodeSpec): ReadonlyMap<string, unknown> {
  let d = DEFAULTS.get(spec);
  if (d === undefined) {
    const m = new Map<string, unknown>();
    for (const [k, v] of Object.entries(spec.config ?? {})) if (v !== null && v !== undefined) m.set(k, v);
    DEFAULTS.set(spec, (d = m));
  }
  return d;
}

function mayHoldTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('${') || s.includes('%');
}

/**
 * Two passes over the connections: count per node, then fill flat typed arrays (CSR). Allocation
 * is per plan, not per node: at 10k nodes per-node Maps and typed arrays made GC the top cost.
 */
function buildEdges(doc: WorkflowDoc, indexOf: ReadonlyMap<string, number>, specs: readonly NodeSpec[]): PlanEdges {
  const n = specs.length;
  const conns = doc.connections;
  const m = conns.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const outCount = new Int32Array(n + 1);
  const xCount = new Int32Array(n + 1);
  const dCount = new Int32Array(n + 1);
  const inCount = new Int32Array(n + 1);
  const isData = new Uint8Array(m);
  const isExecish = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const c = conns[k]!;
    const s = indexOf.get(c.source) ?? -1;
    const t = indexOf.get(c.target) ?? -1;
    src[k] = s;
    dst[k] = t;
    if (s < 0 || t < 0) continue; // validated: cannot happen
    outCount[s + 1]!++;
    if (c.sourcePort === 'exec_out') xCount[s + 1]!++;
    if (c.sourcePort.toLowerCase().includes('exec')) { isExecish[k] = 1; dCount[s + 1]!++; }
    // Only declared data outputs ever hold a value (§9.5): other edges transfer nothing.
    if (specs[s]!.outputs.includes(c.sourcePort) || isDynamicOutput(specs[s]!, c.sourcePort)) { isData[k] = 1; inCount[t + 1]!++; }
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
    const c = conns[k]!;
    const o = outCount[s]!++;
    outTarget[o] = t;
    outPort[o] = c.sourcePort;
    if (isExecish[k]) dTarget[dCount[s]!++] = t;
    if (c.sourcePort === 'exec_out') {
      // Deduplicate exec_out targets (explicit routing appends each target once, §9.3).
      const base = xFill[s]!;
      let dup = false;
      for (let q = base; q < base + xLen[s]!; q++) if (xTmp[q] === t) { dup = true; break; }
      if (!dup) xTmp[base + xLen[s]!++] = t;
    }
    if (isData[k]) {
      const q = inCount[t]!++;
      inSrc[q] = s;
      inSrcPort[q] = c.sourcePort;
      inDstPort[q] = c.targetPort;
    }
  }
  const xStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) xStart[i + 1] = xStart[i]! + xLen[i]!;
  const xTarget = new Int32Array(xStart[n]!);
  for (let i = 0; i < n; i++) xTarget.set(xTmp.subarray(xFill[i]!, xFill[i]! + xLen[i]!), xStart[i]!);
  return { xStart, xTarget, dStart, dTarget, outStart, outTarget, outPort, inStart, inSrc, inSrcPort, inDstPort };
}

export function compilePlan(doc: WorkflowDoc): Plan {
  const t0 = performance.now();
  const n = doc.nodes.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(doc.nodes[i]!.id, i);

  const specs: NodeSpec[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const nd = doc.nodes[i]!;
    const spec = getNodeSpec(nd.type);
    // load/validate rejected unknown types already; reaching this is a bug of ours.
    if (!spec) throw new CasareError('CASARE_E_INTERNAL', `no node spec for type ${nd.type}`, { where: { nodeId: nd.id, nodeType: nd.type } });
    specs[i] = spec;
  }

  const edges = buildEdges(doc, indexOf, specs);
  const planResources = new Set<ResourceNeed>();
  const nodes: CompiledNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const nd = doc.nodes[i]!;
    const spec = specs[i]!;
    const { rawConfig, params, reads } = compileConfig(spec, nd.config);
    const defaults = specDefaults(spec);
    const execOutputs = spec.execOutputs ?? EXEC_OUT;
    const resources = spec.resources ?? NONE;
    for (const r of resources) planResources.add(r);
    nodes[i] = {
      index: i,
      id: nd.id,
      type: spec.type,
      spec,
      hidden: nd.hidden,
      disabled: nd.config['_disabled'] === true,
      fileConfig: nd.config,
      rawConfig,
      defaults,
      effectiveConfig: null,
      params,
      required: requiredPorts(spec, rawConfig, defaults),
      hasExecOut: execOutputs.includes('exec_out'),
      alwaysRerun: ALWAYS_RERUN.has(spec.type),
      cost: spec.cost ?? 'inline',
      resources,
      reads: spec.readsAnyVariable ? 'any' : reads,
      writes: null,
      loopClear: null,
    };
  }

  const pairs = pairControlNodes(nodes, indexOf, edges);
  const outputsNeeded = new Uint8Array(n);
  if (nodes.some((nd) => nd.reads === 'any')) outputsNeeded.fill(1);
  else {
    for (const nd of nodes) for (const r of nd.reads as ReadonlySet<string>) { const j = indexOf.get(r); if (j !== undefined) outputsNeeded[j] = 1; }
    for (let k = 0; k < edges.inSrc.length; k++) outputsNeeded[edges.inSrc[k]!] = 1;
  }
  const start = findStart(nodes);
  let warnings: Plan['warnings'] | null = null;
  return {
    doc,
    nodes,
    indexOf,
    edges,
    start,
    ...pairs,
    settings: resolveRunSettings(doc.settings, doc.executionSettings),
    outputsNeeded,
    initialVariables: seedVariables(doc.variables),
    // Template diagnostics are for `casare validate` and tools, not for runs: computed on first read
    // (at 10k nodes they were ~18 % of compile time).
    get warnings() {
      return (warnings ??= [...doc.warnings, ...templateWarnings(nodes, indexOf, doc.variables)]);
    },
    compileMs: performance.now() - t0,
    resources: [...planResources],
  };
}

/** Nodes whose output ports are created from the file (SubflowNode) accept any port name. */
function isDynamicOutput(spec: NodeSpec, port: string): boolean {
  return spec.type === 'SubflowNode' && !port.toLowerCase().includes('exec') && port !== 'error';
}

function compileConfig(spec: NodeSpec, fileConfig: Readonly<Record<string, unknown>>) {
  // Defaults are not copied per node (specDefaults shares one Map per type): at 10k nodes the
  // copies were a measurable share of compile time.
  const rawConfig = new Map<string, unknown>();
  let params: Map<string, CompiledTemplate> | null = null;
  for (const k of Object.keys(fileConfig)) {
    const v = fileConfig[k];
    if (v !== null && v !== undefined) rawConfig.set(k, v);
  }
  // Legacy aliases (nodes.md §1.4): used only when the current key is absent.
  if (spec.aliases !== undefined) {
    for (const [alias, current] of Object.entries(spec.aliases)) {
      const v = fileConfig[alias];
      if ((fileConfig[current] === undefined || fileConfig[current] === null) && v !== undefined && v !== null) rawConfig.set(current, v);
    }
  }
  // Only values with template syntax get a compiled template; static values are read from
  // rawConfig as they are (most config values are static: no closure, no allocation for them).
  let reads: Set<string> | null = null;
  for (const [k, v] of rawConfig) {
    if (v === null || (typeof v !== 'object' && (typeof v !== 'string' || !mayHoldTemplate(v)))) continue;
    const t = compileTemplate(v);
    if (t.isStatic) continue;
    (params ??= new Map()).set(k, t);
    for (const r of t.refs) (reads ??= new Set()).add(r);
  }
  return { rawConfig, params: params ?? NO_PARAMS, reads: reads ?? NO_NAMES };
}

/** Variables a node may write (its output mirror + declared writes); computed on first hazard check. */
export function writeSet(nd: CompiledNode): NameSet {
  const { id, spec, rawConfig } = nd;
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
