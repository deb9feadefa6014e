/**
 * §9.5: after a success a node's non-null data outputs are stored as one new dict in the variable
 * named by its id (what `{{node.port}}` reads) and kept for `result.outputs`. Under
 * `retainOutputs: 'needed'`, a node whose outputs nothing can read drops them at once instead, and
 * a node read only through data edges keeps its port values but builds no dict. Under 'all' the
 * dict is kept for the result, and goes into the variables only when something can read it there
 * (`result.variables` leaves node mirrors out either way): one Map write less per activation.
 */
import { MIRROR_NEEDED, PORTS_NEEDED } from '../compile/plan.js';
import type { Frame } from './frame.js';

export function storeOutputMirror(frame: Frame, i: number): void {
  const c = frame.ctxs[i];
  if (c === undefined) return;
  const run = frame.run;
  const need = run.plan.outputsNeeded[i]!;
  if (!run.retainAll) {
    if ((need & MIRROR_NEEDED) === 0) {
      if ((need & PORTS_NEEDED) === 0) c.outputs.clear(); // nothing can read them: drop now (memory follows the live frontier)
      return;
    }
  }
  let dict: Record<string, unknown> | null = null;
  const declared = c.node.spec.outputs;
  if (c.outputs.size <= declared.length) {
    // Usual case: only declared ports were set. Walking the declared names avoids the Map
    // iterator's per-entry tuples (GC was a visible share of a cheap node's cost).
    let seen = 0;
    for (let k = 0; k < declared.length; k++) {
      const name = declared[k]!;
      const v = c.outputs.get(name);
      if (v === undefined) continue;
      seen++;
      if (v !== null) (dict ??= {})[name] = v;
    }
    if (seen !== c.outputs.size) dict = mirrorAll(c.outputs);
  } else {
    dict = mirrorAll(c.outputs);
  }
  if (dict === null) return;
  if ((need & MIRROR_NEEDED) !== 0) frame.vars.set(c.nodeId, dict);
  run.stored[i] = dict;
}

/** Output mirror over every set port (dynamic ports: SubflowNode, disabled pass-through). */
function mirrorAll(outputs: ReadonlyMap<string, unknown>): Record<string, unknown> | null {
  let dict: Record<string, unknown> | null = null;
  for (const [k, v] of outputs) {
    if (v === undefined || v === null || k.startsWith('exec') || k.startsWith('_exec')) continue;
    (dict ??= {})[k] = v;
  }
  return dict;
}
