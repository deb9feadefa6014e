/**
 * The least work any loader must do that validates a workflow and keeps its node configs in the
 * plan, written by hand with no engine: decode, content hash (the cache key), JSON.parse, one
 * visit of every config value (type, depth and a dangerous-text screen), node types looked up,
 * connection ends resolved, out-edges in CSR, one plan object per node holding its config.
 * It skips what Casare also does (cycle and port checks, warnings, template parsing, run settings),
 * so floor / bare is a lower bound for the load ratio, and full / floor the engine's own cost.
 */
import { contentKey } from '../../src/load/content-key.js';
import { getNodeSpec } from '../../src/nodes/registry.js';
import type { NodeSpec } from '../../src/nodes/types.js';

type Obj = Record<string, unknown>;

class FloorNode {
  constructor(
    readonly index: number,
    readonly id: string,
    readonly spec: NodeSpec | undefined,
    readonly config: Obj,
    readonly templated: boolean,
  ) {}
}

export interface FloorPlan {
  readonly hash: string;
  readonly nodes: readonly FloorNode[];
  readonly outStart: Int32Array;
  readonly outTarget: Int32Array;
  readonly problems: number;
}

/** Counts suspicious strings and values nested too deep; `templated` is set when a string holds `{{`. */
function visit(v: unknown, depth: number, seen: { problems: number; templated: boolean }): void {
  if (depth > 10) { seen.problems++; return; }
  if (typeof v === 'string') {
    if (v.length > 4 && (v.includes('(') || v.includes('__'))) seen.problems++;
    if (v.includes('{{')) seen.templated = true;
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) { for (const x of v) visit(x, depth + 1, seen); return; }
  for (const k in v) visit((v as Obj)[k], depth + 1, seen);
}

export function floorLoad(bytes: Buffer): FloorPlan {
  const text = bytes.toString('utf8');
  const hash = contentKey(bytes);
  const doc = JSON.parse(text) as Obj;
  const rawNodes = doc['nodes'] as Obj;
  const ids = Object.keys(rawNodes);
  const n = ids.length;
  const index = new Map<string, number>();
  const nodes = new Array<FloorNode>(n);
  const seen = { problems: 0, templated: false };
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const nd = rawNodes[id] as Obj;
    index.set(id, i);
    const type = nd['node_type'];
    const config = nd['config'];
    if (typeof type !== 'string' || typeof config !== 'object' || config === null) seen.problems++;
    seen.templated = false;
    visit(config, 0, seen);
    nodes[i] = new FloorNode(i, id, getNodeSpec(type as string), config as Obj, seen.templated);
  }
  const conns = doc['connections'] as Obj[];
  const m = conns.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const outStart = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const c = conns[k]!;
    if (typeof c['source_port'] !== 'string' || typeof c['target_port'] !== 'string') seen.problems++;
    const s = index.get(c['source_node'] as string) ?? -1;
    const t = index.get(c['target_node'] as string) ?? -1;
    src[k] = s;
    dst[k] = t;
    if (s < 0 || t < 0) { seen.problems++; continue; }
    outStart[s + 1]!++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const fill = outStart.slice(0, n);
  const outTarget = new Int32Array(outStart[n]!);
  for (let k = 0; k < m; k++) if (src[k]! >= 0 && dst[k]! >= 0) outTarget[fill[src[k]!]!++] = dst[k]!;
  return { hash, nodes, outStart, outTarget, problems: seen.problems };
}
