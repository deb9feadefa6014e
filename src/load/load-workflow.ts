/**
 * Workflow source -> validated WorkflowDoc: read (sniff, decompress with a cap, hash), parse,
 * convert the template dialect (D5), structural checks, semantic checks, auto-start (§6 step 6).
 * Every failure is one CasareError carrying all issues of its stage.
 */
import type { Issue } from '../errors.js';
import { canonicalType } from '../nodes/registry.js';
import { addAutoStart } from './auto-start.js';
import { convertTemplate, isTemplateDialect } from './convert-template.js';
import { DEFAULT_MAX_BYTES, readWorkflowBytes, type WorkflowInput, type WorkflowText } from './open-source.js';
import { parseJson } from './parse-json.js';
import { escapePointer } from './pointer.js';
import type { ConnectionDoc, NodeDoc, WorkflowDoc, WorkflowMetadata } from './types.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_NODES, validateStructure } from './validate-structure.js';
import { validateSemantics } from './validate-semantic.js';

export interface LoadOptions {
  /** Name used in error locations; for a path input the path is used when absent. */
  file?: string;
  /** Cap on stored and decompressed bytes. @default 256 MiB (DEFAULT_MAX_BYTES) */
  maxBytes: number;
  /** @default 100_000 */
  maxNodes: number;
  /** @default 500_000 */
  maxConnections: number;
}

export const DEFAULT_LOAD_OPTIONS: Readonly<LoadOptions> = Object.freeze({
  maxBytes: DEFAULT_MAX_BYTES,
  maxNodes: DEFAULT_MAX_NODES,
  maxConnections: DEFAULT_MAX_CONNECTIONS,
});

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Load a workflow from a file path, bytes or a readable stream. */
export async function loadWorkflow(input: WorkflowInput, opts: LoadOptions): Promise<WorkflowDoc> {
  const file = opts.file ?? (typeof input === 'string' ? input : undefined);
  const t0 = performance.now();
  const pending = readWorkflowBytes(input, { maxBytes: opts.maxBytes, ...(file !== undefined && { file }) });
  // Plain JSON bytes come back synchronously: no await (and no extra tick) for them.
  const read: WorkflowText = pending instanceof Promise ? await pending : pending;
  const t1 = performance.now();
  const parsed = parseJson(read.text, file);
  const t2 = performance.now();
  const doc = buildDocument(parsed, read, opts, file);
  const t3 = performance.now();
  return { ...doc, timings: { readMs: t1 - t0, parseMs: t2 - t1, validateMs: t3 - t2 } };
}

/** Parsed JSON -> WorkflowDoc (everything after parsing); exported for callers that parsed already. */
export function buildDocument(
  parsed: unknown,
  read: WorkflowText,
  opts: Pick<LoadOptions, 'maxNodes' | 'maxConnections'>,
  file?: string,
): Omit<WorkflowDoc, 'timings'> {
  const isTemplate = isTemplateDialect(parsed);
  const raw = isTemplate ? convertTemplate(parsed as Obj) : parsed;
  validateStructure(raw, { maxNodes: opts.maxNodes, maxConnections: opts.maxConnections }, file);
  const issues = validateSemantics(raw, file);
  const warnings: Issue[] = issues.filter((i) => i.severity === 'warning');

  const nodesObj = raw['nodes'] as Obj;
  const nodes: NodeDoc[] = [];
  for (const id of Object.keys(nodesObj)) {
    const n = nodesObj[id] as Obj;
    const fileType = n['node_type'] as string;
    nodes.push({
      id,
      type: canonicalType(fileType),
      fileType,
      config: isObj(n['config']) ? n['config'] : {},
      pointer: `/nodes/${escapePointer(id)}`,
      hidden: false,
    });
  }
  const rawConnections = Array.isArray(raw['connections']) ? (raw['connections'] as Obj[]) : [];
  const connections: ConnectionDoc[] = rawConnections.map((c, i) => ({
    source: c['source_node'] as string,
    sourcePort: typeof c['source_port'] === 'string' ? c['source_port'] : '',
    target: c['target_node'] as string,
    targetPort: typeof c['target_port'] === 'string' ? c['target_port'] : '',
    pointer: `/connections/${i}`,
  }));
  const withStart = addAutoStart(nodes, connections);

  const variables = objectField(raw, 'variables', warnings);
  const settings = objectField(raw, 'settings', warnings);
  const executionSettings = objectField(raw, 'execution_settings', warnings);
  return {
    metadata: readMetadata(raw['metadata']),
    nodes: withStart.nodes,
    connections: withStart.connections,
    variables,
    settings: { ...settings, ...executionSettings },
    executionSettings,
    warnings,
    source: {
      file: file ?? null,
      format: read.format,
      storedBytes: read.storedBytes,
      jsonBytes: read.text.length,
      hash: read.hash,
      dialect: isTemplate ? 'template' : 'workflow',
    },
  };
}

/** An optional top-level object; another JSON type is ignored with a warning (REF never reads it). */
function objectField(raw: Obj, key: string, warnings: Issue[]): Obj {
  const v = raw[key];
  if (v === undefined || v === null) return {};
  if (isObj(v)) return v;
  warnings.push({ severity: 'warning', code: 'INVALID_TYPE', message: `'${key}' must be a dictionary; ignored`, pointer: `/${key}` });
  return {};
}

/** §2.1 defaults (`WorkflowMetadata.from_dict`); the id stays null when absent (no random UUID). */
function readMetadata(m: unknown): WorkflowMetadata {
  const meta = isObj(m) ? m : {};
  const str = (key: string, dflt: string): string => (typeof meta[key] === 'string' ? (meta[key] as string) : dflt);
  const tags = Array.isArray(meta['tags']) ? meta['tags'].filter((t): t is string => typeof t === 'string') : [];
  return {
    id: typeof meta['id'] === 'string' ? meta['id'] : null,
    name: 'name' in meta ? str('name', '') : 'Untitled',
    description: str('description', ''),
    version: str('version', '1.0.0'),
    author: str('author', ''),
    tags,
  };
}
