/**
 * Compiles an expression AST (expr-parser.ts) to closures, once; evaluation then only runs the
 * closures. Two dialects share everything but name/call/attribute rules:
 * - 'condition': simpleeval 0.9 (§11.2) — names are variables plus true/false/null, calls only
 *   reach the condition function table or methods, `a.b` on a dict falls back to the key, no
 *   container displays unless the whole expression is a literal;
 * - 'python': EvalExpressionNode (nodes.md §12) — names are the given map plus builtins,
 *   displays and comprehensions allowed, Python's NameError/AttributeError.
 * Comprehension variables live in slots allocated at compile time.
 */
import { pyTruthy } from '../lib/py/compare.js';
import { PyError } from '../lib/py/errors.js';
import { pyTypeName } from '../lib/py/str.js';
import {
  CONDITION_FUNCTIONS,
  PYTHON_BUILTINS,
  dictKey,
  isCallable,
  type PyCallable,
} from './expr-builtins.js';
import { getMethod, methodOf } from './expr-methods.js';
import { binaryOp, compareOp, iterate, makeSlice, subscriptOp, unaryOp } from './expr-ops.js';
import type { CompFor, ExprNode, Target } from './expr-parser.js';

export interface EvalEnv {
  readonly vars: ReadonlyMap<string, unknown>;
  readonly locals: unknown[];
}

type Fn = (env: EvalEnv) => unknown;

export interface CompileOptions {
  readonly dialect: 'condition' | 'python';
  /** Allow list/tuple/dict/set displays and comprehensions. */
  readonly containers: boolean;
  /** The expression text, quoted in simpleeval's messages. */
  readonly source: string;
}

export interface CompiledExpr {
  /** Free names read from the variables (never comprehension variables). */
  readonly names: readonly string[];
  evaluate(vars: ReadonlyMap<string, unknown>): unknown;
}

const CONDITION_CONSTANTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

const DISPLAY_NAMES: Record<string, string> = { list: 'List', tuple: 'Tuple', dict: 'Dict', set: 'Set', comp: 'ListComp' };

class Compiler {
  readonly #opts: CompileOptions;
  readonly #scopes: Map<string, number>[] = [];
  readonly names: string[] = [];
  slots = 0;

  constructor(opts: CompileOptions) {
    this.#opts = opts;
  }

  compile(node: ExprNode): Fn {
    switch (node.k) {
      case 'const': {
        const v = node.v;
        return () => v;
      }
      case 'name':
        return this.#name(node.id);
      case 'unary': {
        const e = this.compile(node.e);
        if (node.op === 'not') return (env) => !pyTruthy(e(env));
        if (node.op === '~' && this.#opts.dialect === 'condition') throw this.#notAvailable('Invert');
        const op = node.op;
        return (env) => unaryOp(op, e(env));
      }
      case 'bin': {
        const l = this.compile(node.l);
        const r = this.compile(node.r);
        const op = node.op;
        if (op === '@') throw new PyError('TypeError', 'matrix multiplication is not supported');
        if (this.#opts.dialect === 'condition' && (op === '&' || op === '|' || op === '^')) {
          throw this.#notAvailable({ '&': 'BitAnd', '|': 'BitOr', '^': 'BitXor' }[op]);
        }
        return (env) => binaryOp(op, l(env), r(env));
      }
      case 'bool': {
        const l = this.compile(node.l);
        const r = this.compile(node.r);
        return node.op === 'and'
          ? (env) => {
              const a = l(env);
              return pyTruthy(a) ? r(env) : a;
            }
          : (env) => {
              const a = l(env);
              return pyTruthy(a) ? a : r(env);
            };
      }
      case 'cmp': {
        const items = node.items.map((n) => this.compile(n));
        const ops = node.ops;
        if (ops.length === 1) {
          const [a, b] = items as [Fn, Fn];
          const op = ops[0] as string;
          return (env) => compareOp(op, a(env), b(env));
        }
        return (env) => {
          let left = (items[0] as Fn)(env);
          for (let i = 0; i < ops.length; i++) {
            const right = (items[i + 1] as Fn)(env);
            if (!compareOp(ops[i] as string, left, right)) return false;
            left = right;
          }
          return true;
        };
      }
      case 'ifexp': {
        const test = this.compile(node.test);
        const body = this.compile(node.body);
        const orelse = this.compile(node.orelse);
        return (env) => (pyTruthy(test(env)) ? body(env) : orelse(env));
      }
      case 'sub': {
        const e = this.compile(node.e);
        const index = this.compile(node.index);
        return (env) => subscriptOp(e(env), index(env));
      }
      case 'slice': {
        const none: Fn = () => null;
        const lo = node.lo === null ? none : this.compile(node.lo);
        const hi = node.hi === null ? none : this.compile(node.hi);
        const step = node.step === null ? none : this.compile(node.step);
        return (env) => makeSlice(lo(env), hi(env), step(env));
      }
      case 'attr':
        return this.#attr(node.e, node.name);
      case 'call':
        return this.#call(node);
      case 'list':
      case 'tuple': {
        this.#checkContainers(node.k);
        const items = node.items.map((n) => this.compile(n));
        return (env) => items.map((f) => f(env));
      }
      case 'set': {
        this.#checkContainers('set');
        const items = node.items.map((n) => this.compile(n));
        const toSet = PYTHON_BUILTINS.get('set') as PyCallable;
        return (env) => toSet([items.map((f) => f(env))], null);
      }
      case 'dict': {
        this.#checkContainers('dict');
        const keys = node.keys.map((n) => this.compile(n));
        const values = node.values.map((n) => this.compile(n));
        return (env) => {
          const out: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) {
            const k = dictKey((keys[i] as Fn)(env));
            const v = (values[i] as Fn)(env);
            if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
            else out[k] = v;
          }
          return out;
        };
      }
      case 'comp':
        this.#checkContainers('comp');
        return this.#comprehension(node.kind, node.elt, node.value, node.gens);
    }
  }

  #notAvailable(what: string | undefined): PyError {
    return new PyError('FeatureNotAvailable', `Sorry, ${what ?? 'this'} is not available in this evaluator`);
  }

  #checkContainers(kind: string): void {
    if (!this.#opts.containers) throw this.#notAvailable(DISPLAY_NAMES[kind]);
  }

  #lookupSlot(id: string): number | undefined {
    for (let i = this.#scopes.length - 1; i >= 0; i--) {
      const s = (this.#scopes[i] as Map<string, number>).get(id);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  #name(id: string): Fn {
    const slot = this.#lookupSlot(id);
    if (slot !== undefined) return (env) => env.locals[slot];
    if (!this.names.includes(id)) this.names.push(id);
    if (this.#opts.dialect === 'condition') {
      const source = this.#opts.source;
      const hasConst = CONDITION_CONSTANTS.has(id);
      const constant = CONDITION_CONSTANTS.get(id);
      return (env) => {
        const v = env.vars.get(id);
        if (v !== undefined) return v;
        if (env.vars.has(id)) return null;
        if (hasConst) return constant;
        throw new PyError('NameNotDefined', `'${id}' is not defined for expression '${source}'`);
      };
    }
    const builtin = PYTHON_BUILTINS.get(id);
    return (env) => {
      const v = env.vars.get(id);
      if (v !== undefined) return v;
      if (env.vars.has(id)) return null;
      if (builtin !== undefined) return builtin;
      throw new PyError('NameError', `name '${id}' is not defined`);
    };
  }

  #attr(objNode: ExprNode, name: string): Fn {
    const obj = this.compile(objNode);
    const other = this.#otherAttr(name);
    return (env) => {
      const v = obj(env);
      const m = getMethod(v, name);
      return m !== undefined ? m : other(v);
    };
  }

  /** Attribute `name` of a value that has no such method: a dict key (condition dialect) or the dialect's error. */
  #otherAttr(name: string): (v: unknown) => unknown {
    if (this.#opts.dialect === 'condition') {
      if (name.startsWith('_')) {
        throw new PyError('FeatureNotAvailable', `Sorry, access to __attributes  or func_ attributes is not available. (${name})`);
      }
      const source = this.#opts.source;
      return (v) => {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, name)) {
          return (v as Record<string, unknown>)[name];
        }
        throw new PyError('AttributeDoesNotExist', `Attribute '${name}' does not exist in expression '${source}'`);
      };
    }
    return (v) => {
      throw new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${name}'`);
    };
  }

  /** `x.name(...)`: the type's method called on x directly (no bound function per call), else the attribute called. */
  #methodCall(node: Extract<ExprNode, { k: 'attr' }>, evalArgs: (env: EvalEnv) => unknown[], evalKw: (env: EvalEnv) => Record<string, unknown> | null): Fn {
    const obj = this.compile(node.e);
    const name = node.name;
    const other = this.#otherAttr(name);
    return (env) => {
      const v = obj(env);
      const m = methodOf(v, name);
      if (m !== undefined) return m(v as never, evalArgs(env), evalKw(env));
      const f = other(v);
      if (!isCallable(f)) throw new PyError('TypeError', `'${pyTypeName(f)}' object is not callable`);
      return f(evalArgs(env), evalKw(env));
    };
  }

  #call(node: Extract<ExprNode, { k: 'call' }>): Fn {
    const args = node.args.map((a) => this.compile(a));
    const kwNames = node.kwargs.map((k) => k.name);
    const kwValues = node.kwargs.map((k) => this.compile(k.v));
    const evalArgs = (env: EvalEnv): unknown[] => args.map((a) => a(env));
    const evalKw = (env: EvalEnv): Record<string, unknown> | null => {
      if (kwNames.length === 0) return null;
      const kw: Record<string, unknown> = {};
      for (let i = 0; i < kwNames.length; i++) kw[kwNames[i] as string] = (kwValues[i] as Fn)(env);
      return kw;
    };
    let callee: Fn;
    if (this.#opts.dialect === 'condition' && node.f.k === 'name') {
      const id = node.f.id;
      const f = CONDITION_FUNCTIONS.get(id);
      const source = this.#opts.source;
      if (f === undefined) {
        return () => {
          throw new PyError('FunctionNotDefined', `Function '${id}' not defined, for expression '${source}'.`);
        };
      }
      return (env) => f(evalArgs(env), evalKw(env));
    }
    if (node.f.k === 'attr') return this.#methodCall(node.f, evalArgs, evalKw);
    callee = this.compile(node.f);
    return (env) => {
      const f = callee(env);
      if (!isCallable(f)) throw new PyError('TypeError', `'${pyTypeName(f)}' object is not callable`);
      return f(evalArgs(env), evalKw(env));
    };
  }

  #bindTarget(target: Target, scope: Map<string, number>): (env: EvalEnv, v: unknown) => void {
    if (typeof target === 'string') {
      let slot = scope.get(target);
      if (slot === undefined) {
        slot = this.slots++;
        scope.set(target, slot);
      }
      const s = slot;
      return (env, v) => {
        env.locals[s] = v;
      };
    }
    const parts = target.map((t) => this.#bindTarget(t, scope));
    return (env, v) => {
      const items = iterate(v);
      if (items.length !== parts.length) {
        throw new PyError(
          'ValueError',
          items.length > parts.length
            ? `too many values to unpack (expected ${parts.length})`
            : `not enough values to unpack (expected ${parts.length}, got ${items.length})`,
        );
      }
      for (let i = 0; i < parts.length; i++) (parts[i] as (env: EvalEnv, v: unknown) => void)(env, items[i]);
    };
  }

  #comprehension(kind: 'list' | 'set' | 'dict' | 'gen', eltNode: ExprNode, valueNode: ExprNode | null, gens: CompFor[]): Fn {
    const scope = new Map<string, number>();
    const loops: { iter: Fn; bind: (env: EvalEnv, v: unknown) => void; ifs: Fn[] }[] = [];
    // The first iterable is evaluated in the enclosing scope, as in Python.
    for (let g = 0; g < gens.length; g++) {
      const gen = gens[g] as CompFor;
      if (g === 0) {
        const iter = this.compile(gen.iter);
        this.#scopes.push(scope);
        loops.push({ iter, bind: this.#bindTarget(gen.target, scope), ifs: [] });
      } else {
        const iter = this.compile(gen.iter);
        loops.push({ iter, bind: this.#bindTarget(gen.target, scope), ifs: [] });
      }
      (loops[g] as { ifs: Fn[] }).ifs = gen.ifs.map((n) => this.compile(n));
    }
    const elt = this.compile(eltNode);
    const value = valueNode === null ? null : this.compile(valueNode);
    this.#scopes.pop();
    return (env) => {
      const out: unknown[] = [];
      const dict: Record<string, unknown> = {};
      const run = (level: number): void => {
        if (level === loops.length) {
          if (value !== null) dict[dictKey(elt(env))] = value(env);
          else out.push(elt(env));
          return;
        }
        const loop = loops[level] as (typeof loops)[number];
        for (const item of iterate(loop.iter(env))) {
          loop.bind(env, item);
          if (loop.ifs.every((f) => pyTruthy(f(env)))) run(level + 1);
        }
      };
      run(0);
      if (kind === 'dict') return dict;
      if (kind === 'set') return (PYTHON_BUILTINS.get('set') as PyCallable)([out], null);
      return out;
    };
  }
}

/** True when `node` is something `ast.literal_eval` accepts. */
export function isLiteral(node: ExprNode): boolean {
  switch (node.k) {
    case 'const':
      return true;
    case 'unary':
      return (node.op === '-' || node.op === '+') && node.e.k === 'const' && typeof node.e.v === 'number';
    case 'list':
    case 'tuple':
    case 'set':
      return node.items.every(isLiteral);
    case 'dict':
      return node.keys.every(isLiteral) && node.values.every(isLiteral);
    default:
      return false;
  }
}

/** Compiles an AST once; `evaluate` runs the closures against a variable map. */
export function compileExpr(ast: ExprNode, opts: CompileOptions): CompiledExpr {
  const c = new Compiler(opts);
  const fn = c.compile(ast);
  const nSlots = c.slots;
  return {
    names: c.names,
    evaluate(vars) {
      return fn({ vars, locals: nSlots === 0 ? EMPTY : new Array<unknown>(nSlots) });
    },
  };
}

const EMPTY: unknown[] = [];
