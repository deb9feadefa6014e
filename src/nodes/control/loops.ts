/**
 * For/While loops, Break, Continue (nodes.md §5, workflow-format.md §12.2). Loop state lives in the
 * variable `<start id>_loop_state`, created on first entry and deleted when the loop finishes; the
 * end node asks the scheduler to loop back, which clears the body from the executed set.
 */
import { defineNode, NodeFailure, type NodeContext, type ControlResult } from '../types.js';
import { readCondition } from './condition.js';
import { pyInt } from '../../lib/py/convert.js';

const BODY = ['body'] as const;
const COMPLETED = ['completed'] as const;

interface ForState { items: unknown[]; keys: string[] | null; index: number; break_requested?: boolean }

function pyRange(start: number, end: number, step: number): number[] {
  if (step === 0) throw new NodeFailure('range() arg 3 must not be zero', 'ValueError');
  const out: number[] = [];
  if (step > 0) for (let i = start; i < end; i += step) out.push(i);
  else for (let i = start; i > end; i += step) out.push(i);
  return out;
}

function toIntOr(v: unknown, d: number): number {
  if (v === null || v === undefined || v === '') return d;
  return pyInt(v);
}

function buildItems(ctx: NodeContext): { items: unknown[]; keys: string[] | null } {
  const range = (): unknown[] => {
    const endPort = ctx.port('end');
    return pyRange(toIntOr(ctx.param('start'), 0), toIntOr(endPort ?? ctx.param('end'), 10), toIntOr(ctx.param('step'), 1));
  };
  if (ctx.param('mode') === 'range') return { items: range(), keys: null };
  let src: unknown = ctx.param('items');
  if (src === null || src === undefined) {
    const listVar = ctx.param('list_var');
    if (typeof listVar === 'string' && listVar !== '' && ctx.vars.has(listVar)) src = ctx.vars.get(listVar);
  }
  if (src === null || src === undefined) return { items: range(), keys: null };
  if (Array.isArray(src)) return { items: src.slice(), keys: null };
  if (typeof src === 'string') return { items: Array.from(src), keys: null };
  if (typeof src === 'object') {
    const rec = src as Record<string, unknown>;
    const keys = Object.keys(rec);
    return { items: keys.map((k) => rec[k]), keys };
  }
  return { items: [src], keys: null };
}

export const forLoopStartNode = defineNode({
  type: 'ForLoopStartNode', category: 'control_flow', inputs: ['items', 'end'],
  outputs: ['current_item', 'current_index', 'current_key'], execOutputs: ['body', 'completed'],
  config: { mode: 'items', list_var: '', item_var: 'item', start: 0, end: 10, step: 1, items: null },
  routing: 'SELF', writes: ['any'],
  run(ctx) {
    const key = `${ctx.nodeId}_loop_state`;
    let state = ctx.vars.get(key) as ForState | undefined;
    if (state === undefined || state === null) {
      const { items, keys } = buildItems(ctx);
      state = { items, keys, index: 0 };
      ctx.vars.set(key, state);
    }
    if (state.break_requested || state.index >= state.items.length) {
      ctx.vars.delete(key);
      return COMPLETED;
    }
    const i = state.index;
    const item = state.items[i];
    const k = state.keys ? state.keys[i] : undefined;
    ctx.out('current_item', item);
    ctx.out('current_index', i);
    if (k !== undefined) ctx.out('current_key', k);
    const itemVar = ctx.param('item_var');
    if (typeof itemVar === 'string' && itemVar !== '') {
      ctx.vars.set(itemVar, item);
      ctx.vars.set(`${itemVar}_index`, i);
      if (k !== undefined) ctx.vars.set(`${itemVar}_key`, k);
    }
    state.index = i + 1;
    return BODY;
  },
});

export const whileLoopStartNode = defineNode({
  type: 'WhileLoopStartNode', category: 'control_flow', inputs: ['condition'],
  outputs: ['current_iteration'], execOutputs: ['body', 'completed'],
  config: { expression: '', max_iterations: 1000, condition: null }, routing: 'SELF', writes: ['any'],
  run(ctx) {
    const key = `${ctx.nodeId}_loop_state`;
    let state = ctx.vars.get(key) as { iteration: number; break_requested?: boolean } | undefined;
    if (state === undefined || state === null) {
      state = { iteration: 0 };
      ctx.vars.set(key, state);
    }
    const max = toIntOr(ctx.param('max_iterations'), 1000);
    if (state.break_requested || state.iteration >= max || !readCondition(ctx)) {
      ctx.vars.delete(key);
      return COMPLETED;
    }
    ctx.out('current_iteration', state.iteration);
    state.iteration++;
    return BODY;
  },
});

function loopEnd(type: string) {
  return defineNode({
    type, category: 'control_flow', inputs: [], outputs: [], config: { paired_start_id: '' }, routing: 'SELF',
    run(ctx): ControlResult | readonly string[] {
      const start = ctx.configRaw('paired_start_id');
      if (typeof start === 'string' && start !== '' && ctx.vars.has(`${start}_loop_state`)) {
        return { kind: 'loopBack', startId: start };
      }
      return ['exec_out'];
    },
  });
}

export const forLoopEndNode = loopEnd('ForLoopEndNode');
export const whileLoopEndNode = loopEnd('WhileLoopEndNode');

function loopJump(type: string, isBreak: boolean) {
  return defineNode({
    type, category: 'control_flow', inputs: [], outputs: [], config: { paired_loop_start_id: '' }, routing: 'SELF', writes: ['any'],
    run(ctx): ControlResult | readonly string[] {
      const start = ctx.configRaw('paired_loop_start_id');
      if (typeof start !== 'string' || start === '') return ['exec_out'];
      const state = ctx.vars.get(`${start}_loop_state`);
      if (isBreak && state !== null && typeof state === 'object') (state as { break_requested?: boolean }).break_requested = true;
      return { kind: 'loopBack', startId: start };
    },
  });
}

export const breakNode = loopJump('BreakNode', true);
export const continueNode = loopJump('ContinueNode', false);
