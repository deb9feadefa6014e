/**
 * The keys of a parsed document's `nodes` object, listed once per load. A 10k-key object is a
 * dictionary to V8 and Object.keys on it costs ~0.8 ms; the structural and semantic passes and the
 * document builder all walk the same list.
 */
const cache = new WeakMap<object, string[]>();

export function nodeIds(nodes: object): readonly string[] {
  let ids = cache.get(nodes);
  if (ids === undefined) cache.set(nodes, (ids = Object.keys(nodes)));
  return ids;
}
