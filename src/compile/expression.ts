/**
 * Condition expressions of If / While / Switch (workflow-format.md §11.2, CasareRPA safe_eval):
 * template pre-pass (values interpolated as Python str), leftover `{{name}}` -> `name`, the
 * lower-cased substring blacklist, empty -> None, a Python literal first, then simpleeval 0.9.
 * Any failure is reported as `Invalid or unsafe expression: <text>` (the text after the
 * pre-pass; the underlying PyError is the `cause`).
 *
 * The pre-pass makes the final text value-dependent, so compiled expressions are cached by that
 * text in a bounded LRU; a condition without templates is compiled once, up front.
 */
import { PyError } from '../lib/py/errors.js';
import { LruCache } from '../lib/py/lru-cache.js';
import { pyStr } from '../lib/py/str.js';
import { compileExpr, isLiteral } from './expr-eval.js';
import { parseExpression } from './expr-parser.js';
import { compileStringTemplate, type VarLookup } from './template.js';

export interface CompiledCondition {
  /** Variables the condition can read, or 'any' when interpolated values decide it. */
  readonly refs: readonly string[] | 'any';
  evaluate(vars: VarLookup): unknown;
}

const BLACKLIST = [
  '__', 'import', 'exec', 'eval', 'compile', 'open', 'file', 'input', 'raw_input', 'globals',
  'locals', 'vars', 'dir', 'getattr', 'setattr', 'delattr', 'hasattr', 'classmethod',
  'staticmethod', 'property', 'super', 'lambda', 'def ', 'class ', 'yield', 'async', 'await',
];

const LEFTOVER =
  /\{\{\s*(\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)\s*\}\}/g;

interface Prepared {
  readonly names: readonly string[];
  evaluate(vars: VarLookup): unknown;
}

const CACHE = new LruCache<string, Prepared>(4096);

function fail(text: string, cause: unknown): PyError {
  const err = new PyError('ValueError', `Invalid or unsafe expression: ${text}`);
  err.cause = cause;
  return err;
}

function failing(text: string, cause: unknown): Prepared {
  return {
    names: [],
    evaluate() {
      throw fail(text, cause);
    },
  };
}

/** Parses and compiles the final (post-template) text; failures are deferred to `evaluate`. */
function prepare(text: string): Prepared {
  const lower = text.toLowerCase();
  for (const bad of BLACKLIST) {
    if (lower.includes(bad)) return failing(text, new PyError('ValueError', `blocked pattern '${bad}'`));
  }
  const src = text.trim();
  if (src === '') return { names: [], evaluate: () => null };
  try {
    const ast = parseExpression(src);
    const compiled = compileExpr(ast, { dialect: 'condition', containers: isLiteral(ast), source: src });
    return {
      names: compiled.names,
      evaluate(vars) {
        try {
          return compiled.evaluate(vars);
        } catch (err) {
          throw fail(text, asPyError(err));
        }
      },
    };
  } catch (err) {
    return failing(text, asPyError(err));
  }
}

function asPyError(err: unknown): unknown {
  if (err instanceof RangeError) return new PyError('RecursionError', 'maximum recursion depth exceeded');
  return err;
}

function cachedPrepare(text: string): Prepared {
  let p = CACHE.get(text);
  if (p === undefined) {
    p = prepare(text);
    CACHE.set(text, p);
  }
  return p;
}

function interpolated(value: unknown): string {
  // A whole-value reference resolves to the typed value; the pre-pass wants its str().
  if (typeof value === 'string') return value;
  return value == null ? '' : pyStr(value);
}

/** Compiles a condition once; `evaluate` throws PyError on any failure (If routes false). */
export function compileCondition(text: string): CompiledCondition {
  const template = compileStringTemplate(text);
  if (template.isStatic) {
    const prepared = prepare(text);
    return { refs: prepared.names, evaluate: (vars) => prepared.evaluate(vars) };
  }
  return {
    refs: 'any',
    evaluate(vars) {
      const resolved = interpolated(template.resolve(vars));
      const finalText = resolved.includes('{{') ? resolved.replace(LEFTOVER, '$1') : resolved;
      return cachedPrepare(finalText).evaluate(vars);
    },
  };
}

/** Evaluates a condition expression against the run's variables (§11.2). */
export function evaluateCondition(text: string, vars: VarLookup): unknown {
  const template = compileStringTemplate(text);
  let finalText = text;
  if (!template.isStatic) {
    finalText = interpolated(template.resolve(vars));
    if (finalText.includes('{{')) finalText = finalText.replace(LEFTOVER, '$1');
  }
  return cachedPrepare(finalText).evaluate(vars);
}
