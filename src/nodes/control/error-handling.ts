/**
 * Try/Catch/Finally (D4, workflow-format.md §14.4) and the one-shot error nodes of nodes.md §5.
 * The Try's body runs as a nested run inside the scheduler; these nodes only keep the try state.
 */
import { defineNode, NodeFailure, type ControlResult } from '../types.js';
import { pyTruthy } from '../../lib/py/compare.js';

const TRY_BODY: ControlResult = { kind: 'tryBody' };
const NOTHING: readonly string[] = [];

interface TryState {
  error: boolean; error_type: string; error_message: string; stack_trace: string;
  catch_id: string; finally_id: string;
}

export const tryNode = defineNode({
  type: 'TryNode', category: 'control_flow', inputs: [], outputs: [], execOutputs: ['exec_out', 'try_body'],
  routing: 'SELF', writes: ['any'],
  run(ctx) {
    const state: TryState = {
      error: false, error_type: '', error_message: '', stack_trace: '',
      catch_id: ctx.pairedNodeId('catch') ?? '', finally_id: ctx.pairedNodeId('finally') ?? '',
    };
    ctx.vars.set(`${ctx.nodeId}_try_state`, state);
    return TRY_BODY;
  },
});

export const catchNode = defineNode({
  type: 'CatchNode', category: 'control_flow', inputs: [], outputs: ['error_message', 'error_type', 'stack_trace'],
  execOutputs: ['catch_body'], config: { paired_try_id: '', error_types: '' }, routing: 'SELF',
  run(ctx): ControlResult | readonly string[] {
    const tryId = ctx.pairedNodeId('try');
    const state = tryId ? (ctx.vars.get(`${tryId}_try_state`) as TryState | undefined) : undefined;
    if (!state || !state.error) {
      const fin = ctx.pairedNodeId('finally');
      return fin ? { kind: 'jumpTo', nodeId: fin } : NOTHING;
    }
    const filter = ctx.param('error_types');
    if (typeof filter === 'string' && filter.trim() !== '') {
      const types = filter.split(',').map((s) => s.trim()).filter(Boolean);
      if (!types.includes(state.error_type)) throw new NodeFailure(state.error_message, state.error_type);
    }
    ctx.out('error_message', state.error_message);
    ctx.out('error_type', state.error_type);
    ctx.out('stack_trace', state.stack_trace);
    return ['catch_body'];
  },
});

export const finallyNode = defineNode({
  type: 'FinallyNode', category: 'control_flow', inputs: [], outputs: ['had_error'],
  execOutputs: ['finally_body'], config: { paired_try_id: '' }, routing: 'SELF', writes: ['any'],
  run(ctx) {
    const tryId = ctx.pairedNodeId('try');
    const key = `${tryId}_try_state`;
    const state = tryId ? (ctx.vars.get(key) as TryState | undefined) : undefined;
    ctx.out('had_error', Boolean(state && state.error));
    if (tryId) ctx.vars.delete(key);
    return ['finally_body'];
  },
});

export const retryNode = defineNode({
  type: 'RetryNode', category: 'error_handling', inputs: [], outputs: ['attempt', 'last_error'],
  execOutputs: ['retry_body', 'success', 'failed'], config: { max_attempts: 3, initial_delay: 1.0, backoff_multiplier: 2.0 },
  routing: 'SELF', writes: ['any'],
  async run(ctx) {
    const key = `${ctx.nodeId}_retry_state`;
    const state = (ctx.vars.get(key) as { attempt: number } | undefined) ?? { attempt: 0 };
    state.attempt += 1;
    ctx.vars.set(key, state);
    const max = Number(ctx.param('max_attempts') ?? 3);
    if (state.attempt > max) {
      ctx.vars.delete(key);
      throw new NodeFailure(`Max retry attempts (${max}) exceeded`, 'RetryError');
    }
    ctx.out('attempt', state.attempt);
    if (state.attempt >= 2) {
      const delayS = Number(ctx.param('initial_delay') ?? 1) * Number(ctx.param('backoff_multiplier') ?? 2) ** (state.attempt - 2);
      await new Promise((r) => setTimeout(r, delayS * 1000));
    }
    return ['retry_body'];
  },
});

function passNode(type: string, required: readonly string[] = []) {
  return defineNode({ type, category: 'error_handling', inputs: [...required], required, outputs: [], config: { error_message: null }, run() {} });
}
export const retrySuccessNode = passNode('RetrySuccessNode');
export const retryFailNode = passNode('RetryFailNode');

export const onErrorNode = defineNode({
  type: 'OnErrorNode', category: 'error_handling', inputs: [], outputs: ['error_message', 'error_type', 'error_node', 'stack_trace'],
  execOutputs: ['protected_body', 'on_error', 'finally'], routing: 'SELF', writes: ['any'],
  run(ctx) {
    const key = `${ctx.nodeId}_error_state`;
    const state = ctx.vars.get(key) as { phase: number } | undefined;
    if (!state) { ctx.vars.set(key, { phase: 1 }); return ['protected_body']; }
    if (state.phase === 1) { state.phase = 2; return ['finally']; }
    ctx.vars.delete(key);
    return NOTHING;
  },
});

const STRATEGIES = ['stop', 'continue', 'retry', 'restart', 'fallback'];
export const errorRecoveryNode = defineNode({
  type: 'ErrorRecoveryNode', category: 'error_handling', inputs: ['strategy', 'max_retries'], required: ['strategy', 'max_retries'],
  outputs: [], execOutputs: ['exec_out', 'fallback'], config: { strategy: 'stop', max_retries: 3 }, writes: ['any'],
  run(ctx) {
    const s = String(ctx.param('strategy') ?? 'stop').toLowerCase();
    ctx.vars.set('_error_recovery_strategy', STRATEGIES.includes(s) ? s : 'stop');
    ctx.vars.set('_error_recovery_max_retries', ctx.param('max_retries'));
  },
});

export const throwErrorNode = defineNode({
  type: 'ThrowErrorNode', category: 'error_handling', inputs: ['error_message'], outputs: [],
  config: { error_message: 'Custom error' },
  run(ctx) {
    const m = ctx.param('error_message');
    throw new NodeFailure(m === null || m === undefined ? 'Custom error' : String(m), 'CustomError');
  },
});

export const assertNode = defineNode({
  type: 'AssertNode', category: 'error_handling', inputs: ['condition', 'message'], required: ['condition', 'message'],
  outputs: ['passed'], config: { condition: true, message: 'Assertion failed' },
  run(ctx) {
    const c = ctx.param('condition');
    const ok = typeof c === 'string' ? ['true', '1', 'yes'].includes(c.toLowerCase()) : pyTruthy(c);
    if (!ok) throw new NodeFailure(`Assertion failed: ${String(ctx.param('message') ?? '')}`, 'AssertionError');
    ctx.out('passed', true);
  },
});
