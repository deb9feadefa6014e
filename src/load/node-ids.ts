/**
 * The keys of a parsed document's `nodes` object and their values, listed once per load. A 10k-key
 * object is a dictionary to V8: Object.keys on it costs ~0.8 ms and every `nodes[id]` is a hash
 * lookup; the structural and semantic passes and the document builder all walk the same lists.
 */
export interface NodeTable {
  readonly ids: readonly string[];
  /** `nodes[ids[i]]`. */
  readonly values: readonly unknown[];
}

/**
 * Built once per load by the loader and handed to each pass. Not memoised in a WeakMap keyed by
 * the document: a minor GC cannot tell an ephemeron's key is dead while the table lives in old
 * space, so every load's node lists (and the documents they reach) survived young collections.
 */
export function nodeTable(nodes: Readonly<Record<string, unknown>>): NodeTable {
  const ids = Object.keys(nodes);
  const values = new Array<unknown>(ids.length);
  for (let i = 0; i < ids.length; i++) values[i] = nodes[ids[i]!];
  return { ids, values };
}
