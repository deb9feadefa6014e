/**
 * Structural and security checks of a saved workflow (workflow-format.md §7, first table): the
 * ajv shape check (compiled once) plus one pass over the nodes for node_type presence and the
 * config limits (depth, string length, key length, dangerous patterns). REF raises the first
 * failure; Casare collects all of them, ordered as REF would meet them, so the first issue's text
 * is REF's message. Node and connection limits are options: REF's 1000 / 5000 would block Casare's
 * users (100k-node workflows); the message texts stay REF's.
 */
import { CasareError, type Issue } from '../errors.js';
import { MAX_NODE_ID_LENGTH, validateWorkflowShape, type ShapeError } from './workflow-schema.js';
import { escapePointer, pyTypeName } from './pointer.js';

export const DEFAULT_MAX_NODES = 100_000;
export const DEFAULT_MAX_CONNECTIONS = 500_000;
export const MAX_CONFIG_DEPTH = 10;
export const MAX_CONFIG_STRING_LENGTH = 10000;
export const MAX_CONFIG_KEY_LENGTH = 256;
/** Issues kept per error; a broken generated file must not produce a million-entry report. */
export const MAX_ISSUES = 1000;

export const DANGEROUS_PATTERNS = [
  '__import__', 'eval(', 'exec(', 'compile(', 'os.system', 'subprocess.', 'open(', 'pickle.', 'marshal.',
  '__builtins__', '__globals__',
] as const;
// One case-insensitive scan per string; the REF message names the first pattern in list order.
const DANGEROUS_RE = new RegExp(DANGEROUS_PATTERNS.map((p) => p.replace(/[.(]/g, '\\$&')).join('|'), 'i');

export interface StructureLimits {
  /** @default 100_000 */
  maxNodes: number;
  /** @default 500_000 */
  maxConnections: number;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An issue plus where REF would have met it: [section, item index, order within the item]. */
interface Ranked { issue: Issue; rank: [number, number, number] }

const S_DOC = 0, S_META = 1, S_NODES = 2, S_NODE_COUNT = 3, S_NODE = 4, S_CONNS = 5, S_CONN_COUNT = 6, S_CONN = 7;
const META_ORDER: Readonly<Record<string, number>> = { name: 0, description: 1, version: 2 };
const CONN_ORDER: Readonly<Record<string, number>> = { source_node: 0, target_node: 1, source_port: 2, target_port: 3 };

function err(code: string, message: string, pointer: string, nodeId?: string): Issue {
  const issue: Issue = { severity: 'error', code, message, pointer };
  if (nodeId !== undefined) issue.nodeId = nodeId;
  return issue;
}

/** All structural problems of a parsed document, in REF's check order (empty when valid). */
export function checkStructure(doc: unknown, limits: StructureLimits): Issue[] {
  const found: Ranked[] = [];
  const add = (issue: Issue, s: number, item = 0, order = 0): void => {
    found.push({ issue, rank: [s, item, order] });
  };
  if (!validateWorkflowShape(doc)) mapShapeErrors(doc, validateWorkflowShape.errors ?? [], add);
  if (isObj(doc)) {
    const nodes = doc['nodes'];
    if (isObj(nodes)) {
      const ids = Object.keys(nodes);
      if (ids.length > limits.maxNodes) {
        add(err('TOO_MANY_NODES', `Workflow exceeds maximum of ${limits.maxNodes} nodes (has ${ids.length})`, '/nodes'), S_NODE_COUNT);
      }
      for (let i = 0; i < ids.length && found.length < MAX_ISSUES; i++) {
        const id = ids[i]!;
        const node = nodes[id];
        if (!isObj(node)) continue;
        const pointer = `/nodes/${escapePointer(id)}`;
        const type = node['node_type'];
        if (type === undefined || type === null || type === '') {
          add(err('MISSING_NODE_TYPE', `Node '${id}' is missing 'node_type'`, `${pointer}/node_type`, id), S_NODE, i, 1);
        }
        const config = node['config'];
        if (isObj(config)) checkConfig(config, id, pointer, (issue) => add(issue, S_NODE, i, 3));
      }
    }
    const conns = doc['connections'];
    if (Array.isArray(conns) && conns.length > limits.maxConnections) {
      add(err('TOO_MANY_CONNECTIONS', `Workflow exceeds maximum of ${limits.maxConnections} connections (has ${conns.length})`, '/connections'), S_CONN_COUNT);
    }
  }
  found.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  return found.slice(0, MAX_ISSUES).map((r) => r.issue);
}

/** Throws CASARE_E_VALIDATE_SCHEMA with every structural issue; the message is the first one's text. */
export function validateStructure(doc: unknown, limits: StructureLimits, file?: string): asserts doc is Obj {
  const issues = checkStructure(doc, limits);
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new CasareError('CASARE_E_VALIDATE_SCHEMA', first.message, {
    where: { ...(file !== undefined && { file }), pointer: first.pointer, ...(first.nodeId !== undefined && { nodeId: first.nodeId }) },
    issues,
  });
}

function decodePath(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(doc: unknown, path: readonly string[]): unknown {
  let v = doc;
  for (const p of path) v = (v as Obj)[p];
  return v;
}

function mapShapeErrors(doc: unknown, errors: readonly ShapeError[], add: (i: Issue, s: number, item?: number, order?: number) => void): void {
  let nodeIndex: Map<string, number> | null = null;
  const indexOfNode = (id: string): number => {
    nodeIndex ??= new Map(Object.keys((doc as Obj)['nodes'] as Obj).map((k, i) => [k, i]));
    return nodeIndex.get(id) ?? 0;
  };
  for (const e of errors) {
    if ((e as { propertyName?: string }).propertyName !== undefined) continue; // reported by its 'propertyNames' parent
    const path = decodePath(e.instancePath);
    const got = e.keyword === 'type' ? pyTypeName(valueAt(doc, path)) : '';
    const tooLong = (field: string): string => `Field '${field}' exceeds maximum length of ${(e.params as { limit: number }).limit}`;
    const badField = (field: string): string => e.keyword === 'type' ? `Field '${field}' must be a string, got ${got}` : tooLong(field);
    const code = e.keyword === 'type' ? 'INVALID_TYPE' : 'FIELD_TOO_LONG';
    const [top, item, field] = path;
    if (top === undefined) {
      add(err('INVALID_TYPE', `Workflow must be a dictionary, got ${got}`, ''), S_DOC);
    } else if (top === 'metadata') {
      if (item === undefined) add(err('INVALID_TYPE', "'metadata' must be a dictionary", '/metadata'), S_META);
      else add(err(code, badField(`metadata.${item}`), e.instancePath), S_META, 0, META_ORDER[item] ?? 3);
    } else if (top === 'nodes') {
      if (item === undefined && e.keyword === 'propertyNames') {
        const id = (e.params as { propertyName: string }).propertyName;
        add(err('FIELD_TOO_LONG', `Field 'node_id' exceeds maximum length of ${MAX_NODE_ID_LENGTH}`, `/nodes/${escapePointer(id)}`, id), S_NODE, indexOfNode(id), 0);
      } else if (item === undefined) {
        add(err('INVALID_TYPE', "'nodes' must be a dictionary", '/nodes'), S_NODES);
      } else if (field === undefined) {
        add(err('INVALID_TYPE', `Node '${item}' must be a dictionary`, e.instancePath, item), S_NODE, indexOfNode(item), 0);
      } else if (field === 'node_type') {
        add(err(code, badField(`nodes.${item}.node_type`), e.instancePath, item), S_NODE, indexOfNode(item), 1);
      } else {
        add(err('INVALID_TYPE', `Node '${item}' config must be a dictionary`, e.instancePath, item), S_NODE, indexOfNode(item), 2);
      }
    } else if (top === 'connections') {
      if (item === undefined) add(err('INVALID_TYPE', "'connections' must be a list", '/connections'), S_CONNS);
      else if (field === undefined) add(err('INVALID_TYPE', `Connection ${item} must be a dictionary`, e.instancePath), S_CONN, Number(item), 0);
      else add(err(code, badField(`connections[${item}].${field}`), e.instancePath), S_CONN, Number(item), 1 + (CONN_ORDER[field] ?? 4));
    }
  }
}

/** Python's len(): code points, not UTF-16 units (only computed past the UTF-16 limit). */
function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * A config value on the walk. Path and pointer strings are built only when an issue is reported
 * (from the parent chain): building them for every value was most of this check's cost at 10k nodes.
 */
interface Frame { value: unknown; parent: Frame | null; key: string | number; depth: number }

function pathOf(f: Frame, id: string): string {
  const parts: string[] = [];
  for (let x: Frame | null = f; x !== null && x.parent !== null; x = x.parent) parts.push(typeof x.key === 'number' ? `[${x.key}]` : `.${x.key}`);
  return `nodes.${id}.config${parts.reverse().join('')}`;
}

function pointerOf(f: Frame, nodePointer: string): string {
  const parts: string[] = [];
  for (let x: Frame | null = f; x !== null && x.parent !== null; x = x.parent) parts.push(`/${typeof x.key === 'number' ? x.key : escapePointer(x.key)}`);
  return `${nodePointer}/config${parts.reverse().join('')}`;
}

/**
 * Config values: nesting depth <= 10 below the config root, strings <= 10000 chars without a
 * dangerous pattern, object keys <= 256 chars. Iterative; a value past the depth limit is reported
 * once and not entered. Paths use REF's `nodes.<id>.config.<key>[<i>]` form.
 */
function checkConfig(config: Obj, id: string, nodePointer: string, report: (i: Issue) => void): void {
  const stack: Frame[] = [{ value: config, parent: null, key: '', depth: 0 }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const { value, depth } = f;
    if (depth > MAX_CONFIG_DEPTH) {
      report(err('CONFIG_TOO_DEEP', `Config at '${pathOf(f, id)}' exceeds maximum nesting depth of ${MAX_CONFIG_DEPTH}`, pointerOf(f, nodePointer), id));
      continue;
    }
    if (typeof value === 'string') {
      checkString(value, f, nodePointer, id, report);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: f, key: i, depth: depth + 1 });
    } else if (isObj(value)) {
      const keys = Object.keys(value);
      for (let k = keys.length - 1; k >= 0; k--) {
        const key = keys[k]!;
        if (key.length > MAX_CONFIG_KEY_LENGTH && pyLen(key) > MAX_CONFIG_KEY_LENGTH) {
          report(err('FIELD_TOO_LONG', `Field '${pathOf(f, id)}.key' exceeds maximum length of ${MAX_CONFIG_KEY_LENGTH}`, pointerOf(f, nodePointer), id));
          continue;
        }
        stack.push({ value: value[key], parent: f, key, depth: depth + 1 });
      }
    }
  }
}

function checkString(s: string, f: Frame, nodePointer: string, id: string, report: (i: Issue) => void): void {
  if (s.length > MAX_CONFIG_STRING_LENGTH && pyLen(s) > MAX_CONFIG_STRING_LENGTH) {
    report(err('VALUE_TOO_LONG', `Config value at '${pathOf(f, id)}' exceeds maximum length of ${MAX_CONFIG_STRING_LENGTH}`, pointerOf(f, nodePointer), id));
    return;
  }
  if (!DANGEROUS_RE.test(s)) return;
  const lower = s.toLowerCase();
  const pattern = DANGEROUS_PATTERNS.find((p) => lower.includes(p))!;
  report(err('DANGEROUS_PATTERN', `Security error: dangerous pattern '${pattern}' found in ${pathOf(f, id)}`, pointerOf(f, nodePointer), id));
}
