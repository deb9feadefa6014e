/**
 * A workflow's outline (name, counts, node types, variable names, settings) for previews and
 * listings, without validating it. Uses simdjson's `lazyParse` (a parsed tape; values are built
 * only for the key paths asked for) when the native addon really loaded: the package silently
 * falls back to the global JSON when its build was skipped (notes/packages.md), so presence is
 * probed, and JSON.parse is the fallback.
 */
import { createRequire } from 'node:module';

export interface SkeletonInfo {
  name: string | null;
  nodeCount: number;
  connectionCount: number;
  nodeTypes: Record<string, number>;
  variableNames: string[];
  settings: Record<string, unknown>;
  simdjson: { loaded: boolean; reason?: string };
}

interface Tape { valueForKeyPath(path: string): unknown }
interface SimdjsonModule { lazyParse?: (text: string) => Tape }

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function probeSimdjson(): { lazyParse: ((text: string) => Tape) | null; reason?: string } {
  try {
    const mod = createRequire(import.meta.url)('simdjson') as SimdjsonModule;
    if (typeof mod.lazyParse !== 'function') return { lazyParse: null, reason: 'simdjson native addon not built (lazyParse missing)' };
    const probe = mod.lazyParse('{"a":{"b":[1,2]}}').valueForKeyPath('a.b');
    if (!Array.isArray(probe) || probe.length !== 2) return { lazyParse: null, reason: 'simdjson lazyParse probe returned a wrong value' };
    return { lazyParse: mod.lazyParse };
  } catch (err) {
    return { lazyParse: null, reason: `simdjson failed to load: ${(err as Error).message}` };
  }
}

// Probed on first use: loading the native addon is start-up time every other command would pay.
let probed: ReturnType<typeof probeSimdjson> | null = null;
const simdjson = (): ReturnType<typeof probeSimdjson> => (probed ??= probeSimdjson());

export function isSimdjsonLoaded(): boolean {
  return simdjson().lazyParse !== null;
}

/** Outline of a workflow text (saved or template dialect). Throws SyntaxError/Error on invalid JSON. */
export function inspectSkeleton(text: string): SkeletonInfo {
  let get: (path: string) => unknown;
  const lazy = simdjson().lazyParse;
  if (lazy !== null) {
    const tape = lazy(text);
    // A missing key path throws; absent fields are simply undefined here.
    get = (path) => {
      try {
        return tape.valueForKeyPath(path);
      } catch {
        return undefined;
      }
    };
  } else {
    const doc = JSON.parse(text) as unknown;
    get = (path) => {
      let v: unknown = doc;
      for (const p of path.split('.')) v = isObj(v) ? v[p] : undefined;
      return v;
    };
  }
  const template = isObj(get('base_workflow'));
  const prefix = template ? 'base_workflow.' : '';
  const name = template ? get('name') : get('metadata.name');
  const nodes = get(`${prefix}nodes`);
  const connections = get(`${prefix}connections`);
  const nodeTypes: Record<string, number> = {};
  let nodeCount = 0;
  const list = Array.isArray(nodes) ? nodes : isObj(nodes) ? Object.values(nodes) : [];
  for (const n of list) {
    nodeCount++;
    const t = isObj(n) && typeof n['node_type'] === 'string' ? n['node_type'] : '<missing>';
    nodeTypes[t] = (nodeTypes[t] ?? 0) + 1;
  }
  let variableNames: string[] = [];
  if (template) {
    const dv = get('default_variables');
    if (Array.isArray(dv)) variableNames = dv.flatMap((v) => (isObj(v) && typeof v['name'] === 'string' ? [v['name']] : []));
  } else {
    const vars = get('variables');
    if (isObj(vars)) variableNames = Object.keys(vars);
  }
  const settings = get(template ? 'default_settings' : 'settings');
  return {
    name: typeof name === 'string' ? name : null,
    nodeCount,
    connectionCount: Array.isArray(connections) ? connections.length : 0,
    nodeTypes,
    variableNames,
    settings: isObj(settings) ? settings : {},
    simdjson: simdjson().lazyParse !== null ? { loaded: true } : { loaded: false, ...(simdjson().reason !== undefined && { reason: simdjson().reason }) },
  };
}
