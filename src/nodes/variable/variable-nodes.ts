/** SetVariableNode, GetVariableNode, IncrementVariableNode (nodes.md §4). */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFloat } from '../../lib/py/convert.js';
import { pyStr } from '../../lib/py/str.js';
import { defineNode, NodeFailure } from '../types.js';
import type { NodeContext } from '../types.js';
import { convertVariableType } from './convert-variable-type.js';

/** P(`variable_name`); empty or absent fails `Variable name is required`. */
export function readVariableName(ctx: NodeContext): string {
  const name = ctx.param('variable_name');
  if (!pyTruthy(name)) throw new NodeFailure('Variable name is required', 'ValueError');
  return pyStr(name);
}

function isAbsent(ctx: NodeContext, name: string): boolean {
  const p = ctx.port(name);
  if (p !== null && p !== undefined) return false;
  const c = ctx.configRaw(name);
  return c === null || c === undefined;
}

export const setVariableNode = defineNode({
  type: 'SetVariableNode',
  category: 'variable',
  inputs: ['value', 'variable_name'],
  outputs: ['value'],
  config: { variable_name: null, default_value: null, variable_type: 'String' },
  writes: ['config:variable_name'],
  run(ctx) {
    const name = readVariableName(ctx);
    let value = isAbsent(ctx, 'value') ? ctx.param('default_value') : ctx.param('value');
    // CasareRPA resolves a string value a second time (nodes.md §4 step 1).
    if (typeof value === 'string') value = ctx.resolve(value);
    const type = ctx.param('variable_type');
    if (value !== null && value !== undefined && typeof type === 'string' && type !== 'String') {
      try {
        value = convertVariableType(value, type);
      } catch (e) {
        ctx.log('warning', `Could not convert value to ${type}: ${(e as Error).message}`);
      }
    }
    ctx.vars.set(name, value ?? null);
    ctx.out('value', value);
  },
});

export const getVariableNode = defineNode({
  type: 'GetVariableNode',
  category: 'variable',
  inputs: ['variable_name'],
  outputs: ['value'],
  config: { variable_name: null, default_value: null },
  readsAnyVariable: true,
  run(ctx) {
    const name = readVariableName(ctx);
    let value = ctx.vars.get(name);
    if (value === null || value === undefined) value = ctx.param('default_value');
    ctx.out('value', value);
  },
});

export const incrementVariableNode = defineNode({
  type: 'IncrementVariableNode',
  category: 'variable',
  inputs: ['variable_name', 'increment'],
  outputs: ['value'],
  config: { variable_name: null, increment: 1 },
  writes: ['config:variable_name'],
  readsAnyVariable: true,
  run(ctx) {
    const name = readVariableName(ctx);
    const current = ctx.vars.get(name);
    const value = pyFloat(current ?? 0) + pyFloat(ctx.param('increment') ?? 1);
    ctx.vars.set(name, value);
    ctx.out('value', value);
  },
});
