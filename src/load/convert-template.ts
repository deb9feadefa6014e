/**
 * The project-template dialect (workflow-format.md §2.3, Casare D5 §14.5) -> the saved-workflow
 * shape, before validation. Runs on untrusted input: anything of the wrong shape is passed through
 * so that validation reports it at its place.
 */

type Obj = Record<string, unknown>;

const PORT_NAMES: Readonly<Record<string, string>> = { out: 'exec_out', in: 'exec_in', loop: 'body' };
const LOOP_START_OF_END: Readonly<Record<string, string>> = {
  ForLoopEndNode: 'ForLoopStartNode',
  WhileLoopEndNode: 'WhileLoopStartNode',
};

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A document in the template dialect: a `base_workflow` object, or `nodes` given as an array. */
export function isTemplateDialect(doc: unknown): boolean {
  return isObj(doc) && (isObj(doc['base_workflow']) || Array.isArray(doc['nodes']));
}

export function convertTemplate(doc: Obj): Obj {
  const envelope = isObj(doc['base_workflow']);
  const graph = envelope ? (doc['base_workflow'] as Obj) : doc;
  const nodes = convertNodes(graph['nodes']);
  const connections = Array.isArray(graph['connections']) ? graph['connections'].map(convertConnection) : graph['connections'];
  if (isObj(nodes) && Array.isArray(connections)) pairLoopEnds(nodes, connections);

  const out: Obj = { nodes, connections: connections ?? [] };
  if (!envelope) {
    for (const key of ['metadata', 'variables', 'settings', 'execution_settings']) if (key in doc) out[key] = doc[key];
    return out;
  }
  const metadata: Obj = {};
  for (const key of ['id', 'name', 'description', 'version', 'author', 'tags']) if (key in doc) metadata[key] = doc[key];
  out['metadata'] = metadata;
  const variables: Obj = {};
  if (Array.isArray(doc['default_variables'])) {
    for (const v of doc['default_variables']) {
      if (!isObj(v) || typeof v['name'] !== 'string') continue;
      variables[v['name']] = { type: v['data_type'], default_value: v['default_value'], description: v['description'] };
    }
  }
  out['variables'] = variables;
  const ds = doc['default_settings'];
  const settings: Obj = {};
  if (isObj(ds)) {
    if ('stop_on_error' in ds) settings['stop_on_error'] = ds['stop_on_error'];
    if ('timeout_seconds' in ds) settings['timeout'] = ds['timeout_seconds'];
    if ('retry_count' in ds) settings['retry_count'] = ds['retry_count'];
  }
  out['settings'] = settings;
  return out;
}

function convertNodes(nodes: unknown): unknown {
  if (!Array.isArray(nodes)) return nodes;
  const out: Obj = {};
  nodes.forEach((n: unknown, index) => {
    if (!isObj(n)) {
      out[String(index)] = n;
      return;
    }
    const id = typeof n['node_id'] === 'string' ? n['node_id'] : String(index);
    const node: Obj = {};
    for (const key of ['node_id', 'node_type', 'config', 'position']) if (key in n) node[key] = n[key];
    out[id] = node;
  });
  return out;
}

function convertConnection(c: unknown): unknown {
  if (!isObj(c) || !('from_node' in c || 'to_node' in c)) return c;
  return {
    source_node: c['from_node'],
    source_port: mapPort(c['from_port']),
    target_node: c['to_node'],
    target_port: mapPort(c['to_port']),
  };
}

function mapPort(p: unknown): unknown {
  return typeof p === 'string' ? (PORT_NAMES[p] ?? p) : p;
}

/**
 * A For/While loop end without `paired_start_id` pairs with the loop start whose `body` reaches it;
 * its `exec_out` edges move to that start's `completed` port. Starts are tried in reverse file
 * order (an inner loop is usually written after its outer one) and a search does not enter another
 * start's body, so an inner end is not taken by an outer start.
 */
function pairLoopEnds(nodes: Obj, connections: unknown[]): void {
  const typeOf = (id: unknown): string | undefined => {
    const n = typeof id === 'string' ? nodes[id] : undefined;
    return isObj(n) && typeof n['node_type'] === 'string' ? n['node_type'] : undefined;
  };
  const out = new Map<string, Obj[]>();
  for (const c of connections) {
    if (!isObj(c) || typeof c['source_node'] !== 'string') continue;
    let list = out.get(c['source_node']);
    if (!list) out.set(c['source_node'], (list = []));
    list.push(c);
  }
  const unpaired = new Set<string>();
  for (const [id, n] of Object.entries(nodes)) {
    if (!isObj(n) || typeof n['node_type'] !== 'string' || !(n['node_type'] in LOOP_START_OF_END)) continue;
    const cfg = n['config'];
    if (isObj(cfg) && cfg['paired_start_id'] != null) continue;
    unpaired.add(id);
  }
  if (unpaired.size === 0) return;
  const starts = Object.keys(nodes).filter((id) => typeOf(id) === 'ForLoopStartNode' || typeOf(id) === 'WhileLoopStartNode').reverse();
  for (const start of starts) {
    const startType = typeOf(start)!;
    const seen = new Set<string>([start]);
    const queue: string[] = [];
    for (const c of out.get(start) ?? []) if (c['source_port'] === 'body' && typeof c['target_node'] === 'string') queue.push(c['target_node']);
    let found: string | undefined;
    for (let qi = 0; qi < queue.length && found === undefined; qi++) {
      const id = queue[qi]!;
      if (seen.has(id)) continue;
      seen.add(id);
      const t = typeOf(id);
      if (t !== undefined && unpaired.has(id) && LOOP_START_OF_END[t] === startType) {
        found = id;
        break;
      }
      const nested = t === startType;
      for (const c of out.get(id) ?? []) {
        if (nested && c['source_port'] === 'body') continue;
        if (typeof c['target_node'] === 'string') queue.push(c['target_node']);
      }
    }
    if (found === undefined) continue;
    unpaired.delete(found);
    const end = nodes[found] as Obj;
    nodes[found] = { ...end, config: { ...(isObj(end['config']) ? end['config'] : {}), paired_start_id: start } };
    for (const c of out.get(found) ?? []) {
      if (c['source_port'] !== 'exec_out') continue;
      c['source_node'] = start;
      c['source_port'] = 'completed';
    }
  }
}
