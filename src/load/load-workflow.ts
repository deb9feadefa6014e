/**
 * Workflow source -> validated WorkflowDoc: read (sniff, decompress with a cap, hash), parse,
 * convert the template dialect (D5), structural checks, semantic checks, auto-start (§6 step 6).
 * Every failure is one CasareError carrying all issues of its stage.
 */
import type { Issue } from '../errors.js';
import type { NodeSpec } from '../nodes/types.js';
import { addAutoStart } from './auto-start.js';
import { LoadedDoc } from './doc-model.js';
import { nodeTable } from './node-ids.js';
import { convertTemplate, isTemplateDialect } from './convert-template.js';
import { DEFAULT_MAX_BYTES, readWorkflowBytes, type WorkflowInput, type WorkflowText } from './open-source.js';
import { parseJson } from './parse-json.js';
import type { WorkflowDoc, WorkflowMetadata } from './types.js';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_NODES, validateStructure } from './validate-structure.js';
import { checkSemantics, validateSemantics } from './validate-semantic.js';

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
  doc.timings = { readMs: t1 - t0, parseMs: t2 - t1, validateMs: performance.now() - t2 };
  return doc;
}

const NO_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});

/** Parsed JSON -> validated document (everything after parsing); exported for callers that parsed already. */
export function buildDocument(
  parsed: unknown,
  read: WorkflowText,
  opts: Pick<LoadOptions, 'maxNodes' | 'maxConnections'>,
  file?: string,
): LoadedDoc {
  const isTemplate = isTemplateDialect(parsed);
  const raw = isTemplate ? convertTemplate(parsed as Obj) : parsed;
  // The node lists, listed once for every pass (a 10k-key object's keys are sorted on each listing).
  const table = isObj(raw) && isObj(raw['nodes']) ? nodeTable(raw['nodes']) : undefined;
  validateStructure(raw, { maxNodes: opts.maxNodes, maxConnections: opts.maxConnections }, file, table);
  // Errors only here (a failing file still gets every issue); the warnings are found when first read.
  const { resolved } = validateSemantics(raw, file, table, false);

  // Validation passed: every node has a spec, every connection resolved ends.
  const { values } = table ?? nodeTable(raw['nodes'] as Obj);
  const n = resolved.ids.length;
  const configs: Readonly<Obj>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const nd = values[i] as Obj;
    const config = nd['config'];
    configs[i] = isObj(config) ? config : NO_CONFIG;
  }
  const graph = addAutoStart({
    ids: resolved.ids,
    index: resolved.index,
    specs: resolved.specs as NodeSpec[],
    configs,
    fileNodes: n,
    src: resolved.src,
    dst: resolved.dst,
    ports: resolved.ports,
    sourcePort: resolved.sourcePort,
    targetPort: resolved.targetPort,
    fileConnections: resolved.src.length,
  });

  const fieldWarnings: Issue[] = [];
  const variables = objectField(raw, 'variables', fieldWarnings);
  const settings = objectField(raw, 'settings', fieldWarnings);
  const executionSettings = objectField(raw, 'execution_settings', fieldWarnings);
  const findWarnings = (): Issue[] => [...checkSemantics(raw, table).issues.filter((i) => i.severity === 'warning'), ...fieldWarnings];
  return new LoadedDoc(graph, values, readMetadata(raw['metadata']), variables, { ...settings, ...executionSettings }, executionSettings, findWarnings, {
    file: file ?? null,
    format: read.format,
    storedBytes: read.storedBytes,
    jsonBytes: read.text.length,
    hash: read.hash,
    dialect: isTemplate ? 'template' : 'workflow',
  });
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
