/**
 * WorkflowDoc -> Plan. Runs once per workflow (the engine caches plans by content hash).
 */
import { performance } from 'node:perf_hooks';
import type { WorkflowDoc } from '../load/types.js';
import type { NodeSpec, ResourceNeed } from '../nodes/types.js';
import { getNodeSpec } from '../nodes/registry.js';
import { CasareError } from '../errors.js';
import { compileTemplate, type CompiledTemplate } from './template.js';
import type { CompiledNode, NameSet, Plan } from './plan.js';
import { resolveRunSettings, seedVariables } from './run-settings.js';
import { pairControlNodes } from './pairing.js';

/** workflow-format.md §9.2: types that run again on every arrival instead of being skipped. */
const ALWAYS_RERUN = new Set([
  'IfNode', 'SwitchNode', 'ForLoopStartNode', 'ForLoopEndNode', 'WhileLoopStartNode', 'WhileLoopEndNode',
  'BreakNode', 'ContinueNode', 'TryNode', 'CatchNode', 'RetryNode',
]);

const EMPTY = new Int32Array(0);

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

  // Edge buckets per node, in connection order.
  const outAll: number[][] = Array.from({ length: n }, () => []);
  const xOut: number[][] = Array.from({ length: n }, () => []);
  const dOut: number[][] = Array.from({ length: n }, () => []);
  const byPort: Map<string, number[]>[] = Array.from({ length: n }, () => new Map());
  const dataIn: { src: number; srcPort: string; dstPort: string }[][] = Array.from({ length: n }, () => []);
  for (const c of doc.connections) {
    const s = indexOf.get(c.source);
    const t = indexOf.get(c.target);
    if (s === undefined || t === undefined) continue; // validated: cannot happen
    outAll[s]!.push(t);
    const port = c.sourcePort;
    if (port === 'exec_out' && !xOut[s]!.includes(t)) xOut[s]!.push(t);
    if (port.toLowerCase().includes('exec')) dOut[s]!.push(t);
    let list = byPort[s]!.get(port);
    if (!list) byPort[s]!.set(port, (list = []));
    list.push(t);
    // Only declared data outputs ever hold a value (§9.5): other edges transfer nothing.
    if (specs[s]!.outputs.includes(port) || isDynamicOutput(specs[s]!, port)) {
      dataIn[t]!.push({ src: s, srcPort: port, dstPort: c.targetPort });
    }
  }

  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i]! + outAll[i]!.length;
  const outTarget = new Int32Array(outStart[n]!);
  for (let i = 0; i < n; i++) outTarget.set(outAll[i]!, outStart[i]!);

  const planResources = new Set<ResourceNeed>();
  const nodes: CompiledNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const nd = doc.nodes[i]!;
    const spec = specs[i]!;
    const { rawConfig, params, reads } = compileConfig(spec, nd.config);
    const portTargets = new Map<string, Int32Array>();
    for (const [port, list] of byPort[i]!) portTargets.set(port, Int32Array.from(list));
    const d = dataIn[i]!;
    const execOutputs = spec.execOutputs ?? ['exec_out'];
    for (const r of spec.resources ?? []) planResources.add(r);
    nodes[i] = {
      index: i,
      id: nd.id,
      type: spec.type,
      spec,
      hidden: nd.hidden,
      disabled: nd.config['_disabled'] === true,
      fileConfig: nd.config,
      rawConfig,
      params,
      required: spec.required ?? [],
      xTargets: xOut[i]!.length ? Int32Array.from(xOut[i]!) : EMPTY,
      dTargets: dOut[i]!.length ? Int32Array.from(dOut[i]!) : EMPTY,
      portTargets,
      dataSrc: Int32Array.from(d, (e) => e.src),
      dataSrcPort: d.map((e) => e.srcPort),
      dataDstPort: d.map((e) => e.dstPort),
      hasExecOut: execOutputs.includes('exec_out'),
      alwaysRerun: ALWAYS_RERUN.has(spec.type),
      cost: spec.cost ?? 'inline',
      resources: spec.resources ?? [],
      reads: spec.readsAnyVariable ? 'any' : reads,
      writes: writeSet(nd.id, spec, rawConfig),
      loopClear: null,
    };
  }

  const pairs = pairControlNodes(doc, nodes, indexOf, outStart, outTarget);
  const start = findStart(nodes);
  return {
    doc,
    nodes,
    indexOf,
    start,
    outStart,
    outTarget,
    ...pairs,
    settings: resolveRunSettings(doc.settings, doc.executionSettings),
    initialVariables: seedVariables(doc.variables),
    warnings: doc.warnings,
    compileMs: performance.now() - t0,
    resources: [...planResources],
  };
}

/** Nodes whose output ports are created from the file (SubflowNode) accept any port name. */
function isDynamicOutput(spec: NodeSpec, port: string): boolean {
  return spec.type === 'SubflowNode' && !port.toLowerCase().includes('exec') && port !== 'error';
}

function compileConfig(spec: NodeSpec, fileConfig: Readonly<Record<string, unknown>>) {
  const rawConfig: Record<string, unknown> = Object.create(null);
  const params: Record<string, CompiledTemplate> = Object.create(null);
  const defaults = spec.config ?? {};
  for (const k of Object.keys(defaults)) rawConfig[k] = defaults[k];
  for (const k of Object.keys(fileConfig)) {
    const v = fileConfig[k];
    if (v !== null && v !== undefined) rawConfig[k] = v;
    else if (!(k in rawConfig)) rawConfig[k] = null;
  }
  // Legacy aliases (nodes.md §1.4): used only when the current key is absent.
  for (const [alias, current] of Object.entries(spec.aliases ?? {})) {
    const v = fileConfig[alias];
    if ((fileConfig[current] === undefined || fileConfig[current] === null) && v !== undefined && v !== null) rawConfig[current] = v;
  }
  const reads = new Set<string>();
  for (const k of Object.keys(rawConfig)) {
    const t = compileTemplate(rawConfig[k]);
    params[k] = t;
    for (const r of t.refs) reads.add(r);
  }
  return { rawConfig, params, reads };
}

function writeSet(id: string, spec: NodeSpec, rawConfig: Record<string, unknown>): NameSet {
  const out = new Set<string>([id]);
  for (const w of spec.writes ?? []) {
    if (w === 'none') continue;
    if (w === 'any') return 'any';
    const key = w.slice('config:'.length);
    const v = rawConfig[key];
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
