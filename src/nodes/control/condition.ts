/**
 * D2 condition reading shared by If and While (workflow-format.md §14.2): port value by truthiness,
 * else config `condition` (a string is evaluated like `expression`; a whole-value reference is taken
 * as its typed value), else `expression`; any evaluation error counts as false.
 */
import type { NodeContext } from '../types.js';
import { evaluateCondition } from '../../compile/expression.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { hasTemplateSyntax } from '../../compile/template.js';

const WHOLE_REF = /^\s*(\{\{\s*[^{}]+?\s*\}\}|\$\{\s*[^{}]+?\s*\}|%[^%\s]+%)\s*$/;

export function readCondition(ctx: NodeContext): boolean {
  const port = ctx.port('condition');
  if (port !== null && port !== undefined) return pyTruthy(port);
  const cfg = ctx.configRaw('condition');
  if (cfg !== null && cfg !== undefined && cfg !== '') {
    if (typeof cfg !== 'string') return pyTruthy(cfg);
    if (WHOLE_REF.test(cfg) && hasTemplateSyntax(cfg)) {
      const v = ctx.resolve(cfg);
      // A found whole-value reference is the typed value; an unresolved one is evaluated as text.
      if (v !== cfg) return pyTruthy(v);
    }
    return safeEval(cfg, ctx);
  }
  const expr = ctx.configRaw('expression');
  if (typeof expr === 'string' && expr.trim() !== '') return safeEval(expr, ctx);
  return false;
}

function safeEval(text: string, ctx: NodeContext): boolean {
  try {
    return pyTruthy(evaluateCondition(text, ctx.vars.map));
  } catch {
    return false;
  }
}
