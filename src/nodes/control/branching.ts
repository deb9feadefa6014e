/** IfNode, SwitchNode, MergeNode (nodes.md §5). */
import { defineNode, NodeFailure } from '../types.js';
import { readCondition } from './condition.js';
import { evaluateCondition } from '../../compile/expression.js';
import { pyStr } from '../../lib/py/str.js';

const TRUE = ['true'] as const;
const FALSE = ['false'] as const;

export const ifNode = defineNode({
  type: 'IfNode', category: 'control_flow', inputs: ['condition'], outputs: [],
  execOutputs: ['true', 'false'], config: { expression: '' }, routing: 'SELF',
  run: (ctx) => (readCondition(ctx) ? TRUE : FALSE),
});

export const switchNode = defineNode({
  type: 'SwitchNode', category: 'control_flow', inputs: ['value'], outputs: [], dynamicOutputs: true,
  execOutputs: ['exec_out', 'default'], config: { cases: [], expression: '' }, routing: 'SELF',
  run(ctx) {
    let value: unknown = ctx.param('value');
    if (value === null) {
      const expr = ctx.configRaw('expression');
      if (typeof expr === 'string' && expr.trim() !== '') {
        try {
          value = evaluateCondition(expr, ctx.vars.map);
        } catch (e) {
          throw new NodeFailure((e as Error).message, (e as { pyType?: string }).pyType ?? 'ValueError');
        }
      }
    }
    const text = value === null || value === undefined ? '' : pyStr(value);
    const cases = ctx.param('cases');
    if (Array.isArray(cases)) {
      for (const c of cases) {
        if (pyStr(c) === text) return [`case_${pyStr(c)}`];
      }
    }
    return ['default'];
  },
});

export const mergeNode = defineNode({
  type: 'MergeNode', category: 'control_flow', inputs: [], outputs: [], routing: 'X', run() {},
});
