/**
 * Templates that can refer to nothing stay literal at run time (§10.3); say so at load time instead
 * of letting a typo surface as a string like "{{dict_set.dict}}" deep in a run. Warnings only: a
 * caller may pass the variable, and a node writing variables by a runtime name may create it.
 */
import type { ReadonlyIndex } from '../lib/string-index.js';
import type { Issue } from '../errors.js';
import { configValue, type CompiledNode } from './plan.js';
import { escapePointer } from '../load/pointer.js';

const REF = /(?:\{\{\s*|\$\{\s*)([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;
/** Names the engine and the loop/fork nodes define at run time. */
const RUNTIME_NAMES = new Set(['item', 'item_index', 'item_key', 'index', 'row']);

export function templateWarnings(
  nodes: readonly CompiledNode[],
  indexOf: ReadonlyIndex,
  fileVariables: Readonly<Record<string, unknown>>,
): Issue[] {
  const known = new Set<string>([...Object.keys(fileVariables), ...RUNTIME_NAMES]);
  let anyWriter = false;
  for (const nd of nodes) {
    for (const w of nd.spec.writes ?? []) {
      if (w === 'any') anyWriter = true;
      else if (w.startsWith('config:')) {
        const v = configValue(nd, w.slice(7));
        if (typeof v === 'string') known.add(v);
      }
    }
    const itemVar = nd.type === 'ForLoopStartNode' ? configValue(nd, 'item_var') : undefined;
    if (typeof itemVar === 'string' && itemVar !== '') for (const s of ['', '_index', '_key']) known.add(itemVar + s);
  }
  const out: Issue[] = [];
  for (const nd of nodes) {
    for (const [key, value] of nd.rawConfig) {
      if (typeof value !== 'string' || (!value.includes('{{') && !value.includes('${'))) continue;
      for (const m of value.matchAll(REF)) {
        const root = m[1]!;
        const port = m[2];
        const target = indexOf.get(root);
        const pointer = `/nodes/${escapePointer(nd.id)}/config/${escapePointer(key)}`;
        const shown = `{{${root}${port !== undefined ? `.${port}` : ''}}}`;
        if (target !== undefined) {
          const spec = nodes[target]!.spec;
          if (port !== undefined && !spec.outputs.includes(port) && spec.type !== 'SubflowNode') {
            out.push({ severity: 'warning', code: 'UNRESOLVED_TEMPLATE', nodeId: nd.id, pointer,
              message: `${shown} names output '${port}' of node '${root}' (${spec.type}), which has no such output (outputs: ${spec.outputs.join(', ') || 'none'}); it will stay literal` });
          }
        } else if (!known.has(root) && !root.startsWith('$') && !anyWriter) {
          out.push({ severity: 'warning', code: 'UNRESOLVED_TEMPLATE', nodeId: nd.id, pointer,
            message: `${shown} refers to '${root}', which is neither a node nor a variable the workflow defines; unless the caller passes it, it will stay literal` });
        }
      }
    }
  }
  return out;
}
