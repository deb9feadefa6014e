/**
 * Python expressions of EvalExpressionNode (nodes.md §12): literals, arithmetic, comparisons,
 * boolean ops, conditionals, subscripts, displays, comprehensions and the listed builtins; no
 * lambda, no statements. Names are only `names` plus builtins (workflow variables reach an
 * expression through template interpolation, which the node does before calling this).
 * Compiled expressions are cached by text (bounded LRU).
 */
import { PyError } from '../lib/py/errors.js';
import { LruCache } from '../lib/py/lru-cache.js';
import { compileExpr, type CompiledExpr } from './expr-eval.js';
import { parseExpression } from './expr-parser.js';

const CACHE = new LruCache<string, CompiledExpr | PyError>(1024);

function compile(text: string): CompiledExpr | PyError {
  try {
    const src = text.trim();
    return compileExpr(parseExpression(src), { dialect: 'python', containers: true, source: src });
  } catch (err) {
    if (err instanceof PyError) return err;
    if (err instanceof RangeError) return new PyError('RecursionError', 'maximum recursion depth exceeded during compilation');
    throw err;
  }
}

/** Evaluates a Python expression; unknown names raise `NameError: name 'x' is not defined`. */
export function evaluatePythonExpression(text: string, names: ReadonlyMap<string, unknown>): unknown {
  let c = CACHE.get(text);
  if (c === undefined) {
    c = compile(text);
    CACHE.set(text, c);
  }
  if (c instanceof PyError) throw c;
  try {
    return c.evaluate(names);
  } catch (err) {
    if (err instanceof RangeError) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    throw err;
  }
}
