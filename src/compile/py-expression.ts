/** Python expressions of EvalExpressionNode (nodes.md §12). */
import { PyError } from '../lib/py/errors.js';

export function evaluatePythonExpression(text: string, names: ReadonlyMap<string, unknown>): unknown {
  void names;
  throw new PyError('NotImplementedError', `python expressions not ready: ${text}`);
}
