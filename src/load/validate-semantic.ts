/**
 * Semantic checks of a structurally valid workflow (workflow-format.md §7, `validators.py`), with
 * Casare's additions: node types from Casare's registry (unsupported CasareRPA types get their own
 * code), D3 unread-config-key warnings (§14.3), data edges into undeclared input ports, and the
 * cycle's node ids. Issues come in the order REF finds them: metadata, nodes in file order,
 * connections in file order, then workflow-level checks.
 */
import { CasareError, type ErrorCode, type Issue } from '../errors.js';
import { getNodeSpec, unsupportedCategory } from '../nodes/registry.js';
import type { NodeSpec } from '../nodes/types.js';
import { PORT_EXEC, PORT_EXEC_INPUT, PortNames } from './exec-ports.js';
import { csr, findCycle } from './find-cycle.js';
import { unreachableNodes } from './reachability.js';
import { escapePointer, pyStrScalar } from './pointer.js';
import { nodeTable, type NodeTable } from './node-ids.js';
import { StringIndex, type ReadonlyIndex } from '../lib/string-index.js';

export const SCHEMA_VERSION = '1.0.0';
export const SEMANTIC_FAILURE_MESSAGE = 'Workflow semantic validation failed';

/** Keys every node reads (§3, §14.3) besides its ports and declared config. */
const ALWAYS_READ = new Set(['_disabled', '_cache_enabled']);
/** Types whose input ports come from elsewhere (the subflow file, §14.4): port checks skip them. */
const DYNAMIC_INPUT_TYPES = new Set(['SubflowNode']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issue(severity: Issue['severity'], code: string, message: string, pointer: string, nodeId?: string): Issue {
  const i: Issue = { severity, code, message, pointer };
  if (nodeId !== undefined) i.nodeId = nodeId;
  return i;
}

/**
 * What the semantic pass resolved on the way: node ids in file order, their index, their specs, and
 * each connection's end indexes. compile/ reuses it instead of looking everything up again.
 */
export interface Resolved {
  readonly ids: readonly string[];
  readonly index: ReadonlyIndex;
  /** By node index; undefined for an unknown or unsupported type (the load then fails). */
  readonly specs: readonly (NodeSpec | undefined)[];
  /** By connection index: source / target node index, -1 when dangling or the connection is malformed. */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** The load's port names, and by connection index the source / target port id (-1: not a string). */
  readonly ports: PortNames;
  readonly sourcePort: Int32Array;
  readonly targetPort: Int32Array;
}

export interface SemanticResult { readonly issues: Issue[]; readonly resolved: Resolved }

/**
 * Every issue of a structurally valid document, errors and warnings in the order found. With
 * `warnings` false only errors are looked for: the checks that can only warn (duplicate edges,
 * unreachable nodes, unread config keys, positions, metadata advice) are skipped, not filtered.
 */
export function checkSemantics(doc: Obj, nodes?: NodeTable, warnings = true): SemanticResult {
  const out: Issue[] = [];
  const table = nodes ?? (isObj(doc['nodes']) ? nodeTable(doc['nodes']) : { ids: [], values: [] });
  const ids = table.ids;
  const index = new StringIndex(ids);
  const connections = (Array.isArray(doc['connections']) ? doc['connections'] : []) as Obj[];
  const specs: (NodeSpec | undefined)[] = new Array(ids.length);
  const src = new Int32Array(connections.length).fill(-1);
  const dst = new Int32Array(connections.length).fill(-1);
  const sourcePort = new Int32Array(connections.length).fill(-1);
  const targetPort = new Int32Array(connections.length).fill(-1);
  const resolved: Resolved = { ids, index, specs, src, dst, ports: new PortNames(), sourcePort, targetPort };
  if (!('nodes' in doc)) {
    out.push(issue('error', 'MISSING_REQUIRED_KEY', 'Missing required keys: nodes', '/nodes'));
    return { issues: out, resolved };
  }
  checkMetadata(isObj(doc['metadata']) ? doc['metadata'] : {}, out, warnings);
  checkNodes(ids, table.values as Obj[], specs, out, warnings);
  checkConnections(connections, resolved, out, warnings);
  checkGraph(ids, table.values as Obj[], resolved, out, warnings);
  return { issues: out, resolved };
}

/**
 * Throws the semantic CasareError when any error-severity issue exists; returns the warnings.
 * Code: CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE / _UNSUPPORTED_NODE when every error is of that kind.
 */
export function validateSemantics(doc: Obj, file?: string, nodes?: NodeTable, warnings = true): SemanticResult {
  let result = checkSemantics(doc, nodes, warnings);
  // A failing file reports everything, warnings included, in the order found.
  if (!warnings && result.issues.length > 0) result = checkSemantics(doc, nodes, true);
  let issues = result.issues;
  // A file that CasareRPA itself rejects fails with CasareRPA's own issues (§14.10 details);
  // Casare's unsupported-node findings then ride along as warnings rather than new errors.
  if (issues.some((i) => i.severity === 'error' && i.code !== 'UNSUPPORTED_NODE')) {
    issues = issues.map((i) => (i.code === 'UNSUPPORTED_NODE' ? { ...i, severity: 'warning' as const } : i));
  }
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return { issues, resolved: result.resolved };
  let code: ErrorCode = 'CASARE_E_VALIDATE_SEMANTIC';
  if (errors.every((e) => e.code === 'UNKNOWN_NODE_TYPE')) code = 'CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE';
  else if (errors.every((e) => e.code === 'CIRCULAR_DEPENDENCY')) code = 'CASARE_E_COMPILE_CYCLE';
  else if (errors.every((e) => e.code === 'UNSUPPORTED_NODE')) code = 'CASARE_E_VALIDATE_UNSUPPORTED_NODE';
  const first = errors[0]!;
  throw new CasareError(code, SEMANTIC_FAILURE_MESSAGE, {
    where: { ...(file !== undefined && { file }), pointer: first.pointer, ...(first.nodeId !== undefined && { nodeId: first.nodeId }) },
    issues,
  });
}

/** REF's `WorkflowValidationError.errors`: every error issue as "<CODE>: <message>". */
export function issueDetails(issues: readonly Issue[]): string[] {
  return issues.filter((i) => i.severity === 'error').map((i) => `${i.code}: ${i.message}`);
}

function checkMetadata(meta: Obj, out: Issue[], warn: boolean): void {
  const name = meta['name'];
  if (warn) metadataWarnings(meta, name, out);
  // Not in REF's validator: REF's loader raises a plain ValueError for these after validation (§7).
  if (typeof name === 'string') {
    if (name.trim() === '') {
      out.push(issue('error', 'INVALID_NAME', 'Workflow name cannot be empty or whitespace-only', '/metadata/name'));
    } else if ([...name].length > 255) {
      out.push(issue('error', 'INVALID_NAME', `Workflow name too long: ${[...name].length} chars (max 255)`, '/metadata/name'));
    }
  }
}

function metadataWarnings(meta: Obj, name: unknown, out: Issue[]): void {
  const version = 'schema_version' in meta ? meta['schema_version'] : SCHEMA_VERSION;
  if (version !== SCHEMA_VERSION) {
    out.push(issue('warning', 'SCHEMA_VERSION_MISMATCH',
      `Workflow schema version ${pyStrScalar(version)} differs from current ${SCHEMA_VERSION}`, '/metadata/schema_version'));
  }
  if (name === undefined || name === null || name === '') {
    out.push(issue('warning', 'MISSING_NAME', 'Workflow has no name', '/metadata/name'));
  } else if (typeof name === 'string') {
    const len = [...name].length;
    if (len > 100) out.push(issue('warning', 'NAME_TOO_LONG', `Workflow name is too long (${len} chars, max 100)`, '/metadata/name'));
  }
}

function checkNodes(ids: readonly string[], nodes: readonly Obj[], specs: (NodeSpec | undefined)[], out: Issue[], warn: boolean): void {
  // Keys are unique, so node_id values can collide only when some node_id differs from its key:
  // the duplicate map is built only then.
  let seen: Map<unknown, string> | null = null;
  for (let i = 0; i < ids.length; i++) {
    if (nodes[i]!['node_id'] !== ids[i]) { seen = new Map(); break; }
  }
  for (let i = 0; i < ids.length; i++) specs[i] = checkNode(ids[i]!, nodes[i]!, seen, out, warn);
}

function checkNode(id: string, node: Obj, seen: Map<unknown, string> | null, out: Issue[], warn: boolean): NodeSpec | undefined {
  if (!('node_id' in node) || !('node_type' in node)) {
    const missing = ['node_id', 'node_type'].filter((f) => !(f in node)).join(', ');
    out.push(issue('error', 'MISSING_REQUIRED_FIELD', `Node missing required fields: ${missing}`, nodePointer(id), id));
    return undefined;
  }
  const nodeId = node['node_id'];
  if (nodeId !== id) {
    out.push(issue('error', 'NODE_ID_MISMATCH', `Node ID in data '${pyStrScalar(nodeId)}' doesn't match key '${id}'`, `${nodePointer(id)}/node_id`, id));
  }
  if (seen !== null) {
    const other = seen.get(nodeId);
    if (other !== undefined) {
      out.push(issue('error', 'DUPLICATE_NODE_ID', `Duplicate node ID '${pyStrScalar(nodeId)}' (entries '${other}' and '${id}')`, `${nodePointer(id)}/node_id`, id));
    } else {
      seen.set(nodeId, id);
    }
  }
  const type = node['node_type'] as string;
  const spec = getNodeSpec(type);
  if (spec === undefined) {
    const category = unsupportedCategory(type);
    if (category !== undefined) {
      out.push(issue('error', 'UNSUPPORTED_NODE',
        `Node '${id}' has type ${type} (category ${category}), which Casare does not support`, `${nodePointer(id)}/node_type`, id));
    } else {
      out.push(issue('error', 'UNKNOWN_NODE_TYPE', `Unknown node type: ${type}`, `${nodePointer(id)}/node_type`, id));
    }
  }
  if (!warn) return spec;
  const pos = node['position'];
  if (pos !== undefined && pos !== null) {
    if (!Array.isArray(pos) || pos.length !== 2) {
      out.push(issue('warning', 'INVALID_POSITION', 'Node position should be [x, y] array', `${nodePointer(id)}/position`, id));
    } else if (!isCoordinate(pos[0]) || !isCoordinate(pos[1])) {
      out.push(issue('warning', 'INVALID_POSITION', 'Node position values must be numbers', `${nodePointer(id)}/position`, id));
    }
  }
  const config = node['config'];
  if (spec !== undefined && isObj(config)) checkUnreadKeys(id, type, spec, config, out);
  return spec;
}

/** Pointers are built only when an issue is reported: per-node strings were a visible share of load time. */
function nodePointer(id: string): string {
  return `/nodes/${escapePointer(id)}`;
}

function connectionPointer(i: number): string {
  return `/connections/${i}`;
}

function isCoordinate(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

// Specs are module constants: a Map (cheaper per lookup than a WeakMap) never holds a dead one.
const READABLE = new Map<NodeSpec, ReadonlySet<string>>();

/** Config keys a type reads: its input ports, declared config, legacy aliases and extra reads. */
function readableKeys(spec: NodeSpec): ReadonlySet<string> {
  let keys = READABLE.get(spec);
  if (keys === undefined) {
    keys = new Set([...ALWAYS_READ, ...spec.inputs, ...Object.keys(spec.config ?? {}), ...Object.keys(spec.aliases ?? {}), ...(spec.extraReads ?? [])]);
    READABLE.set(spec, keys);
  }
  return keys;
}

/** D3 (§14.3): one warning per config key the node type never reads. */
function checkUnreadKeys(id: string, type: string, spec: NodeSpec, config: Obj, out: Issue[]): void {
  const readable = readableKeys(spec);
  for (const key in config) {
    if (readable.has(key) || key.startsWith('paired_')) continue;
    out.push(issue('warning', 'UNREAD_CONFIG_KEY', `Config key '${key}' is not read by ${type} and is ignored`,
      `${nodePointer(id)}/config/${escapePointer(key)}`, id));
  }
}

const CONNECTION_FIELDS = ['source_node', 'source_port', 'target_node', 'target_port'] as const;

/** Past this many edges from one source, duplicate checks for that source switch to a key set (no O(degree²)). */
const CHAIN_LIMIT = 16;

/**
 * Duplicate connections. Resolved edges are compared along a per-source chain (no string per
 * edge); a source with many edges, and any edge with a dangling end or a null port, uses string keys.
 */
class DuplicateFinder {
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly chainLength: Int32Array;
  private keys: Set<string> | null = null;

  constructor(nodes: number, private readonly connections: readonly Obj[], private readonly r: Resolved) {
    this.head = new Int32Array(nodes).fill(-1);
    this.next = new Int32Array(connections.length);
    this.chainLength = new Int32Array(nodes);
  }

  /** True when connection k repeats an earlier one; records k either way. Ends and ports are read from the resolution. */
  seen(k: number): boolean {
    const { src, dst, sourcePort, targetPort } = this.r;
    const s = src[k]!;
    const t = dst[k]!;
    const sp = sourcePort[k]!;
    const tp = targetPort[k]!;
    if (s < 0 || t < 0 || sp < 0 || tp < 0) return this.seenKey(k);
    if (this.chainLength[s]! >= CHAIN_LIMIT) return this.seenKey(k);
    let dup = false;
    for (let j = this.head[s]!; j >= 0; j = this.next[j]!) {
      if (dst[j] === t && sourcePort[j] === sp && targetPort[j] === tp) { dup = true; break; }
    }
    this.next[k] = this.head[s]!;
    this.head[s] = k;
    if (++this.chainLength[s]! === CHAIN_LIMIT) {
      for (let j = k; j >= 0; j = this.next[j]!) this.seenKey(j); // the source's earlier edges join the key set
    }
    return dup;
  }

  private seenKey(k: number): boolean {
    const c = this.connections[k]!;
    // Fields are strings or null after the structural check; \u0000 cannot be ambiguous here.
    const key = `${String(c['source_node'])}\u0000${String(c['source_port'])}\u0000${String(c['target_node'])}\u0000${String(c['target_port'])}`;
    const keys = (this.keys ??= new Set());
    if (keys.has(key)) return true;
    keys.add(key);
    return false;
  }
}

function checkConnections(connections: readonly Obj[], r: Resolved, out: Issue[], warn: boolean): void {
  const { index, specs, src, dst, ports, sourcePort, targetPort } = r;
  const dups = warn ? new DuplicateFinder(r.ids.length, connections, r) : null;
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    if (!('source_node' in c && 'source_port' in c && 'target_node' in c && 'target_port' in c)) {
      const missing = CONNECTION_FIELDS.filter((f) => !(f in c));
      out.push(issue('error', 'MISSING_REQUIRED_FIELD', `Connection missing required fields: ${missing.join(', ')}`, connectionPointer(i)));
      continue;
    }
    const source = c['source_node'];
    const target = c['target_node'];
    const s = typeof source === 'string' ? index.get(source) ?? -1 : -1;
    const t = typeof target === 'string' ? index.get(target) ?? -1 : -1;
    src[i] = s;
    dst[i] = t;
    if (s < 0) {
      out.push(issue('error', 'ORPHANED_CONNECTION', `Connection references non-existent source node: ${pyStrScalar(source)}`, `${connectionPointer(i)}/source_node`));
    }
    if (t < 0) {
      out.push(issue('error', 'ORPHANED_CONNECTION', `Connection references non-existent target node: ${pyStrScalar(target)}`, `${connectionPointer(i)}/target_node`));
    }
    if (source === target) {
      out.push(issue('error', 'SELF_CONNECTION', `Node cannot connect to itself: ${pyStrScalar(source)}`, connectionPointer(i),
        typeof source === 'string' ? source : undefined));
    }
    const sp = c['source_port'];
    const tp = c['target_port'];
    const spId = typeof sp === 'string' ? ports.id(sp) : -1;
    const tpId = typeof tp === 'string' ? ports.id(tp) : -1;
    sourcePort[i] = spId;
    targetPort[i] = tpId;
    if (dups !== null && dups.seen(i)) {
      out.push(issue('warning', 'DUPLICATE_CONNECTION',
        `Duplicate connection: ${pyStrScalar(source)}.${pyStrScalar(sp)} -> ${pyStrScalar(target)}.${pyStrScalar(tp)}`, connectionPointer(i)));
    }
    if (s >= 0 && t >= 0 && typeof sp === 'string' && typeof tp === 'string') checkPorts(i, specs[s], specs[t], source as string, target as string, sp, tp, spId, tpId, ports, out, warn);
  }
}

/**
 * §9.5: a data edge (source is a data output port) into a port the target does not declare aborts
 * a REF run; Casare reports it at load. Exec edges carry no value and are always fine.
 */
function checkPorts(i: number, from: NodeSpec | undefined, to: NodeSpec | undefined, source: string, target: string,
  sp: string, tp: string, spId: number, tpId: number, ports: PortNames, out: Issue[], warn: boolean): void {
  if (from === undefined) return;
  const execOut = from.execOutputs !== undefined && from.execOutputs.includes(sp);
  const dataOut = !execOut && from.outputs.includes(sp);
  if (dataOut) {
    if (to !== undefined && !DYNAMIC_INPUT_TYPES.has(to.type) && !to.inputs.includes(tp) && !ports.is(tpId, PORT_EXEC_INPUT)) {
      out.push(issue('error', 'UNKNOWN_PORT', `Input port '${tp}' does not exist on ${to.type}`, `${connectionPointer(i)}/target_port`, target));
    }
    return;
  }
  // A source port the node does not have never routes or carries anything (REF ignores it
  // silently): a warning, since the file still runs. Names the exec rule may route are left alone.
  if (warn && !execOut && from.dynamicOutputs !== true && !ports.is(spId, PORT_EXEC)) {
    out.push(issue('warning', 'UNKNOWN_SOURCE_PORT', `Output port '${sp}' does not exist on ${from.type}; this connection never carries anything`,
      `${connectionPointer(i)}/source_port`, source));
  }
}

function checkGraph(ids: readonly string[], nodes: readonly Obj[], r: Resolved, out: Issue[], warn: boolean): void {
  if (ids.length === 0) {
    out.push(issue('error', 'EMPTY_WORKFLOW', 'Workflow has no nodes', '/nodes'));
    return;
  }
  const { src, dst, ports, sourcePort } = r;
  const isExec = new Uint8Array(src.length);
  for (let k = 0; k < src.length; k++) {
    if (src[k]! >= 0 && dst[k]! >= 0 && ports.is(sourcePort[k]!, PORT_EXEC)) isExec[k] = 1;
  }
  const exec = csr(ids.length, src, dst, isExec);
  const cycle = findCycle(exec.start, exec.target);
  if (cycle !== null) {
    const path = cycle.map((i) => ids[i]!);
    out.push(issue('error', 'CIRCULAR_DEPENDENCY', `Workflow contains circular execution flow: ${path.join(' -> ')}`,
      `/nodes/${escapePointer(path[0]!)}`, path[0]));
  }
  if (!warn) return;
  const unreachable = unreachableNodes(ids, nodes, r);
  if (unreachable.length > 0) {
    out.push(issue('warning', 'UNREACHABLE_NODES',
      `Some nodes are not reachable: ${unreachable.slice(0, 5).join(', ')}${unreachable.length > 5 ? '...' : ''}`, '/nodes'));
  }
}
