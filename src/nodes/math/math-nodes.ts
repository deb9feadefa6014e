/** MathOperationNode and ComparisonNode (nodes.md §7). */
import { pyCompare } from '../../lib/py/compare.js';
import type { PyCompareOp } from '../../lib/py/compare.js';
import { pyFloat, pyInt, pyRound } from '../../lib/py/convert.js';
import { pyStr } from '../../lib/py/str.js';
import { defineNode, NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { variableNameOf } from '../variable/variable-name.js';
import { mathOperation } from './math-kernels.js';

/**
 * The operand rule: a port value is `float(v)`; a config value that is a string names a variable
 * (found -> `float(var)`), else is parsed with `float()`, and an unparsable string is 0.
 */
function readOperand(ctx: NodeContext, name: 'a' | 'b'): number {
  const p = ctx.port(name);
  if (p !== null && p !== undefined) return pyFloat(p);
  const v = ctx.param(name) ?? 0;
  if (typeof v !== 'string') return pyFloat(v);
  const varName = variableNameOf(v);
  const found = ctx.vars.get(varName);
  if (found !== null && found !== undefined) return pyFloat(found);
  try {
    return pyFloat(v);
  } catch {
    return 0;
  }
}

export const mathOperationNode = defineNode({
  type: 'MathOperationNode',
  category: 'data',
  inputs: ['a', 'b'],
  required: ['a', 'b'],
  outputs: ['result'],
  config: { operation: 'add', a: 0, b: 0, round_digits: null, output_var: '' },
  writes: ['config:output_var'],
  // Only a string operand in the file config can name a variable (a port value is used as is).
  readsAnyVariable: (config) => typeof config['a'] === 'string' || typeof config['b'] === 'string',
  run(ctx) {
    const a = readOperand(ctx, 'a');
    const b = readOperand(ctx, 'b');
    const op = pyStr(ctx.param('operation') ?? 'add').toLowerCase();
    let result = mathOperation(op, a, b);
    if (result === null) throw new NodeFailure(`Unknown operation: ${op}`, 'ValueError');
    const digits = ctx.param('round_digits');
    if (digits !== null && digits !== undefined) result = pyRound(result, pyInt(digits));
    const outputVar = ctx.param('output_var');
    if (typeof outputVar === 'string' && outputVar !== '') ctx.vars.set(outputVar, result);
    ctx.out('result', result);
  },
});

const OPERATORS: ReadonlyMap<string, PyCompareOp> = new Map<string, PyCompareOp>([
  ['==', '=='], ['!=', '!='], ['>', '>'], ['<', '<'], ['>=', '>='], ['<=', '<='],
  ['equals (==)', '=='], ['not equals (!=)', '!='], ['greater than (>)', '>'], ['less than (<)', '<'],
  ['greater or equal (>=)', '>='], ['less or equal (<=)', '<='],
]);

export const comparisonNode = defineNode({
  type: 'ComparisonNode',
  category: 'data',
  inputs: ['a', 'b'],
  required: ['a', 'b'],
  outputs: ['result'],
  config: { a: null, b: null, operator: '==' },
  run(ctx) {
    const a = ctx.param('a');
    const b = ctx.param('b');
    const raw = ctx.param('operator') ?? '==';
    const op = OPERATORS.get(pyStr(raw));
    if (op === undefined) throw new NodeFailure(`Unknown operator: ${pyStr(raw)}`, 'ValueError');
    ctx.out('result', pyCompare(op, a ?? null, b ?? null));
  },
});
