/**
 * Node-RED flow JSON for the comparison shapes. Every flow ends in a function node that hands the
 * message to a global `sink_<name>` function (functionGlobalContext), which is how the bench sees
 * a message arrive; inputs are injected with `node.receive(msg)` on the first node.
 */

export type FlowNode = Record<string, unknown> & { id: string; type: string };

function sink(tab: string, name: string): FlowNode {
  return { id: `${tab}_sink`, type: 'function', z: tab, name: 'sink', func: `global.get('sink_${name}')(msg); return null;`, outputs: 0, wires: [] };
}

/** `n` cheap nodes in a chain: `change` (set msg.topic) or `function` (payload + 1). First node: `<tab>_0`. */
export function chainFlow(tab: string, n: number, kind: 'change' | 'function'): FlowNode[] {
  const nodes: FlowNode[] = [{ id: tab, type: 'tab', label: tab }];
  for (let i = 0; i < n; i++) {
    const next = i < n - 1 ? `${tab}_${i + 1}` : `${tab}_sink`;
    nodes.push(kind === 'change'
      ? { id: `${tab}_${i}`, type: 'change', z: tab, rules: [{ t: 'set', p: 'topic', pt: 'msg', to: `step${i}`, tot: 'str' }], wires: [[next]] }
      : { id: `${tab}_${i}`, type: 'function', z: tab, func: 'msg.payload = msg.payload + 1; return msg;', outputs: 1, wires: [[next]] });
  }
  nodes.push(sink(tab, tab));
  return nodes;
}

/**
 * Fan out to `branches` function nodes that each call the global `cpu(payload)` (the same kernel
 * Casare's branch nodes run), then a `join` node (auto mode, from msg.parts) and the sink.
 * First node: `<tab>_fan`.
 */
export function fanJoinFlow(tab: string, branches: number): FlowNode[] {
  const nodes: FlowNode[] = [{ id: tab, type: 'tab', label: tab }];
  const fan = `const out = []; for (let k = 0; k < ${branches}; k++) out.push({ payload: msg.payload, parts: { id: msg._msgid, index: k, count: ${branches}, type: 'array', len: 1 } }); return out;`;
  nodes.push({ id: `${tab}_fan`, type: 'function', z: tab, func: fan, outputs: branches, wires: Array.from({ length: branches }, (_, k) => [`${tab}_b${k}`]) });
  for (let k = 0; k < branches; k++) {
    nodes.push({ id: `${tab}_b${k}`, type: 'function', z: tab, func: "msg.payload = global.get('cpu')(msg.payload); return msg;", outputs: 1, wires: [[`${tab}_join`]] });
  }
  nodes.push({ id: `${tab}_join`, type: 'join', z: tab, mode: 'auto', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: false, timeout: '', count: '', reduceRight: false, wires: [[`${tab}_sink`]] });
  nodes.push(sink(tab, tab));
  return nodes;
}
