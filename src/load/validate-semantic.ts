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
import { isExecInputPort, isExecPort } from './exec-ports.js';
import { findCycle } from './find-cycle.js';
import { escapePointer, pyStrScalar } from './pointer.js';

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

/** Every issue of a structurally valid document, errors and warnings in the order found. */
export function checkSemantics(doc: Obj): Issue[] {
  const out: Issue[] = [];
  if (!('nodes' in doc)) {
    out.push(issue('error', 'MISSING_REQUIRED_KEY', 'Missing required keys: nodes', '/nodes'));
    return out;
  }
  checkMetadata(isObj(doc['metadata']) ? doc['metadata'] : {}, out);
  const nodes = doc['nodes'] as Obj;
  const ids = Object.keys(nodes);
  const specs = new Map<string, NodeSpec>();
  const seenNodeIds = new Map<unknown, string>();
  for (const id of ids) checkNode(id, nodes[id] as Obj, specs, seenNodeIds, out);
  const connections = (Array.isArray(doc['connections']) ? doc['connections'] : []) as Obj[];
  checkConnections(connections, nodes, specs, out);
  checkGraph(ids, nodes, connections, out);
  return out;
}

/**
 * Throws the semantic CasareError when any error-severity issue exists; returns the warnings.
 * Code: CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE / _UNSUPPORTED_NODE when every error is of that kind.
 */
export function validateSemantics(doc: Obj, file?: string): Issue[] {
  let issues = checkSemantics(doc);
  // A file that CasareRPA itself rejects fails with CasareRPA's own issues (§14.10 details);
  // Casare's unsupported-node findings then ride along as warnings rather than new errors.
  if (issues.some((i) => i.severity === 'error' && i.code !== 'UNSUPPORTED_NODE')) {
    issues = issues.map((i) => (i.code === 'UNSUPPORTED_NODE' ? { ...i, severity: 'warning' as const } : i));
  }
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return issues;
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

function checkMetadata(meta: Obj, out: Issue[]): void {
  const version = 'schema_version' in meta ? meta['schema_version'] : SCHEMA_VERSION;
  if (version !== SCHEMA_VERSION) {
    out.push(issue('warning', 'SCHEMA_VERSION_MISMATCH',
      `Workflow schema version ${pyStrScalar(version)} differs from current ${SCHEMA_VERSION}`, '/metadata/schema_version'));
  }
  const name = meta['name'];
  if (name === undefined || name === null || name === '') {
    out.push(issue('warning', 'MISSING_NAME', 'Workflow has no name', '/metadata/name'));
  } else if (typeof name === 'string') {
    const len = [...name].length;
    if (len > 100) out.push(issue('warning', 'NAME_TOO_LONG', `Workflow name is too long (${len} chars, max 100)`, '/metadata/name'));
  }
  // Not in REF's validator: REF's loader raises a plain ValueError for these after validation (§7).
  if (typeof name === 'string') {
    if (name.trim() === '') {
      out.push(issue('error', 'INVALID_NAME', 'Workflow name cannot be empty or whitespace-only', '/metadata/name'));
    } else if ([...name].length > 255) {
      out.push(issue('error', 'INVALID_NAME', `Workflow name too long: ${[...name].length} chars (max 255)`, '/metadata/name'));
    }
  }
}

function checkNode(id: string, node: Obj, specs: Map<string, NodeSpec>, seen: Map<unknown, string>, out: Issue[]): void {
  // Built only when an issue needs it: per-node pointer strings were a visible share of load time.
  let cached: string | null = null;
  const ptr = (): string => (cached ??= `/nodes/${escapePointer(id)}`);
  if (!('node_id' in node) || !('node_type' in node)) {
    const missing = ['node_id', 'node_type'].filter((f) => !(f in node)).join(', ');
    out.push(issue('error', 'MISSING_REQUIRED_FIELD', `Node missing required fields: ${missing}`, ptr(), id));
    return;
  }
  const nodeId = node['node_id'];
  if (nodeId !== id) {
    out.push(issue('error', 'NODE_ID_MISMATCH', `Node ID in data '${pyStrScalar(nodeId)}' doesn't match key '${id}'`, `${ptr()}/node_id`, id));
  }
  const other = seen.get(nodeId);
  if (other !== undefined) {
    out.push(issue('error', 'DUPLICATE_NODE_ID', `Duplicate node ID '${pyStrScalar(nodeId)}' (entries '${other}' and '${id}')`, `${ptr()}/node_id`, id));
  } else {
    seen.set(nodeId, id);
  }
  const type = node['node_type'] as string;
  const spec = getNodeSpec(type);
  if (spec === undefined) {
    const category = unsupportedCategory(type);
    if (category !== undefined) {
      out.push(issue('error', 'UNSUPPORTED_NODE',
        `Node '${id}' has type ${type} (category ${category}), which Casare does not support`, `${ptr()}/node_type`, id));
    } else {
      out.push(issue('error', 'UNKNOWN_NODE_TYPE', `Unknown node type: ${type}`, `${ptr()}/node_type`, id));
    }
  } else {
    specs.set(id, spec);
  }
  if ('position' in node && node['position'] !== null) {
    const pos = node['position'];
    if (!Array.isArray(pos) || pos.length !== 2) {
      out.push(issue('warning', 'INVALID_POSITION', 'Node position should be [x, y] array', `${ptr()}/position`, id));
    } else if (!pos.every((p) => typeof p === 'number' || typeof p === 'boolean')) {
      out.push(issue('warning', 'INVALID_POSITION', 'Node position values must be numbers', `${ptr()}/position`, id));
    }
  }
  const config = node['config'];
  if (spec !== undefined && isObj(config)) checkUnreadKeys(id, type, spec, config, ptr, out);
}

/** D3 (§14.3): one warning per config key the node type never reads. */
function checkUnreadKeys(id: string, type: string, spec: NodeSpec, config: Obj, pointer: () => string, out: Issue[]): void {
  for (const key of Object.keys(config)) {
    if (ALWAYS_READ.has(key) || key.startsWith('paired_')) continue;
    if (spec.inputs.includes(key)) continue;
    if (spec.config !== undefined && Object.hasOwn(spec.config, key)) continue;
    if (spec.aliases !== undefined && Object.hasOwn(spec.aliases, key)) continue;
    if (spec.extraReads?.includes(key)) continue;
    out.push(issue('warning', 'UNREAD_CONFIG_KEY', `Config key '${key}' is not read by ${type} and is ignored`,
      `${pointer()}/config/${escapePointer(key)}`, id));
  }
}

const CONNECTION_FIELDS = ['source_node', 'source_port', 'target_node', 'target_port'] as const;

function checkConnections(connections: readonly Obj[], nodes: Obj, specs: Map<string, NodeSpec>, out: Issue[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    const pointer = `/connections/${i}`;
    if (!('source_node' in c && 'source_port' in c && 'target_node' in c && 'target_port' in c)) {
      const missing = CONNECTION_FIELDS.filter((f) => !(f in c));
      out.push(issue('error', 'MISSING_REQUIRED_FIELD', `Connection missing required fields: ${missing.join(', ')}`, pointer));
      continue;
    }
    const source = c['source_node'];
    const target = c['target_node'];
    const sourceKnown = typeof source === 'string' && Object.hasOwn(nodes, source);
    const targetKnown = typeof target === 'string' && Object.hasOwn(nodes, target);
    if (!sourceKnown) {
      out.push(issue('error', 'ORPHANED_CONNECTION', `Connection references non-existent source node: ${pyStrScalar(source)}`, `${pointer}/source_node`));
    }
    if (!targetKnown) {
      out.push(issue('error', 'ORPHANED_CONNECTION', `Connection references non-existent target node: ${pyStrScalar(target)}`, `${pointer}/target_node`));
    }
    if (source === target) {
      out.push(issue('error', 'SELF_CONNECTION', `Node cannot connect to itself: ${pyStrScalar(source)}`, pointer,
        typeof source === 'string' ? source : undefined));
    }
    const sp = c['source_port'];
    const tp = c['target_port'];
    // Fields are strings or null after the structural check; \u0000 cannot occur in a key twice-ambiguously.
    const key = `${String(source)}\u0000${String(sp)}\u0000${String(target)}\u0000${String(tp)}`;
    if (seen.has(key)) {
      out.push(issue('warning', 'DUPLICATE_CONNECTION',
        `Duplicate connection: ${pyStrScalar(source)}.${pyStrScalar(sp)} -> ${pyStrScalar(target)}.${pyStrScalar(tp)}`, pointer));
    }
    seen.add(key);
    // §9.5: a data edge (source is a data output port) into a port the target does not declare
    // aborts a REF run; Casare reports it at load. Exec edges carry no value and are always fine.
    if (sourceKnown && targetKnown && typeof sp === 'string' && typeof tp === 'string') {
      const from = specs.get(source as string);
      const to = specs.get(target as string);
      if (from !== undefined && to !== undefined && from.outputs.includes(sp) && !(from.execOutputs ?? []).includes(sp) &&
          !DYNAMIC_INPUT_TYPES.has(to.type) && !to.inputs.includes(tp) && !isExecInputPort(tp)) {
        out.push(issue('error', 'UNKNOWN_PORT', `Input port '${tp}' does not exist on ${to.type}`, `${pointer}/target_port`, target as string));
      }
    }
  }
}

function checkGraph(ids: readonly string[], nodes: Obj, connections: readonly Obj[], out: Issue[]): void {
  if (ids.length === 0) {
    out.push(issue('error', 'EMPTY_WORKFLOW', 'Workflow has no nodes', '/nodes'));
    return;
  }
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const execAdj: number[][] = ids.map(() => []);
  const allAdj: number[][] = ids.map(() => []);
  const hasExecInput = new Uint8Array(ids.length);
  const hasOutgoing = new Uint8Array(ids.length);
  for (const c of connections) {
    if (!CONNECTION_FIELDS.every((f) => f in c)) continue;
    const s = typeof c['source_node'] === 'string' ? index.get(c['source_node']) : undefined;
    const t = typeof c['target_node'] === 'string' ? index.get(c['target_node']) : undefined;
    const sp = typeof c['source_port'] === 'string' ? c['source_port'] : '';
    const tp = typeof c['target_port'] === 'string' ? c['target_port'] : '';
    if (s !== undefined) {
      hasOutgoing[s] = 1;
      if (t !== undefined) {
        allAdj[s]!.push(t);
        if (isExecPort(sp)) execAdj[s]!.push(t);
      }
    }
    if (t !== undefined && isExecInputPort(tp)) hasExecInput[t] = 1;
  }
  const cycle = findCycle(execAdj);
  if (cycle !== null) {
    const path = cycle.map((i) => ids[i]!);
    out.push(issue('error', 'CIRCULAR_DEPENDENCY', `Workflow contains circular execution flow: ${path.join(' -> ')}`,
      `/nodes/${escapePointer(path[0]!)}`, path[0]));
  }
  // Reachability (REF `find_entry_points_and_reachable`): StartNodes, __auto_start__, and nodes with
  // outgoing edges but no incoming entry-port edge; if none, every node. BFS over all edges.
  const reached = new Uint8Array(ids.length);
  const queue: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const isEntry = id.startsWith('__')
      ? id === '__auto_start__'
      : (nodes[id] as Obj)['node_type'] === 'StartNode' || (hasExecInput[i] === 0 && hasOutgoing[i] === 1);
    if (isEntry) queue.push(i);
  }
  if (queue.length === 0) for (let i = 0; i < ids.length; i++) queue.push(i);
  for (const i of queue) reached[i] = 1;
  for (let q = 0; q < queue.length; q++) {
    for (const t of allAdj[queue[q]!]!) {
      if (reached[t] === 0) {
        reached[t] = 1;
        queue.push(t);
      }
    }
  }
  const unreachable = ids.filter((id, i) => reached[i] === 0 && !id.startsWith('__'));
  if (unreachable.length > 0) {
    out.push(issue('warning', 'UNREACHABLE_NODES',
      `Some nodes are not reachable: ${unreachable.slice(0, 5).join(', ')}${unreachable.length > 5 ? '...' : ''}`, '/nodes'));
  }
}
