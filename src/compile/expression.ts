/** Condition expressions of If / While / Switch (workflow-format.md §11.2). */
import { PyError } from '../lib/py/errors.js';
import type { VarLookup } from './template.js';

export interface CompiledCondition {
  readonly refs: readonly string[] | 'any';
  evaluate(vars: VarLookup): unknown;
}

export function evaluateCondition(text: string, vars: VarLookup): unknown {
  void vars;
  throw new PyError('NotImplementedError', `conditions not ready: ${text}`);
}

export function compileCondition(text: string): CompiledCondition {
  return { refs: 'any', evaluate: (vars) => evaluateCondition(text, vars) };
}
