/**
 * Tokenizer and recursive-descent parser for the Python expression subset used by conditions
 * (§11.2) and EvalExpressionNode (nodes.md §12). Produces a plain AST; nothing is evaluated here.
 * Nesting is capped (Python's own parser stops at 200 levels) so deep input cannot exhaust the stack.
 */
import { PyError } from '../lib/py/errors.js';

export type ExprNode =
  | { k: 'const'; v: unknown }
  | { k: 'name'; id: string }
  | { k: 'unary'; op: '-' | '+' | 'not' | '~'; e: ExprNode }
  | { k: 'bin'; op: string; l: ExprNode; r: ExprNode }
  | { k: 'bool'; op: 'and' | 'or'; l: ExprNode; r: ExprNode }
  | { k: 'cmp'; ops: string[]; items: ExprNode[] }
  | { k: 'ifexp'; test: ExprNode; body: ExprNode; orelse: ExprNode }
  | { k: 'sub'; e: ExprNode; index: ExprNode }
  | { k: 'slice'; lo: ExprNode | null; hi: ExprNode | null; step: ExprNode | null }
  | { k: 'attr'; e: ExprNode; name: string }
  | { k: 'call'; f: ExprNode; args: ExprNode[]; kwargs: { name: string; v: ExprNode }[] }
  | { k: 'list' | 'tuple' | 'set'; items: ExprNode[] }
  | { k: 'dict'; keys: ExprNode[]; values: ExprNode[] }
  | { k: 'comp'; kind: 'list' | 'set' | 'dict' | 'gen'; elt: ExprNode; value: ExprNode | null; gens: CompFor[] };

export interface CompFor {
  target: Target;
  iter: ExprNode;
  ifs: ExprNode[];
}

export type Target = string | Target[];

interface Token {
  t: 'num' | 'str' | 'name' | 'op' | 'end';
  v: string;
  val?: unknown;
  pos: number;
}

const MAX_DEPTH = 200;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'lambda', 'None', 'True', 'False', 'async', 'await', 'yield', 'def', 'class', 'import', 'from', 'del', 'return', 'pass', 'while', 'with', 'try', 'raise', 'global', 'nonlocal', 'assert', 'break', 'continue', 'elif', 'except', 'finally', 'as']);
const NUM = /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)[jJ]?/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const OPS3 = ['**=', '//=', '>>=', '<<=', '...'];
const OPS2 = ['**', '//', '<<', '>>', '<=', '>=', '==', '!=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const OPS1 = '+-*/%<>()[]{},:.~&|^=@;';

export function syntaxError(detail = 'invalid syntax'): PyError {
  return new PyError('SyntaxError', `${detail} (<unknown>, line 1)`);
}

function parseNumber(text: string): number {
  const s = text.replaceAll('_', '');
  if (/[jJ]$/.test(s)) throw new PyError('TypeError', 'complex numbers are not supported');
  if (/^0[xXoObB]/.test(s)) {
    const base = { x: 16, o: 8, b: 2 }[(s[1] as string).toLowerCase() as 'x' | 'o' | 'b'];
    return parseInt(s.slice(2), base);
  }
  if (/^0\d/.test(s) && !/[.eE]/.test(s) && /[1-9]/.test(s)) {
    throw syntaxError('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
  }
  return Number(s);
}

const SIMPLE_ESC: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function readString(src: string, start: number): [string, number] {
  let i = start;
  let raw = false;
  while (/[rRbBuUfF]/.test(src[i] as string)) {
    const c = (src[i] as string).toLowerCase();
    if (c === 'f') throw new PyError('SyntaxError', 'f-strings are not supported (<unknown>, line 1)');
    if (c === 'r') raw = true;
    i++;
  }
  const q = src[i] as string;
  const triple = src.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  let out = '';
  for (;;) {
    if (i >= src.length) throw syntaxError(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal');
    if (src.startsWith(close, i)) return [out, i + close.length];
    const c = src[i] as string;
    if (!triple && c === '\n') throw syntaxError('unterminated string literal');
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === undefined) throw syntaxError('unterminated string literal');
    if (raw) {
      out += '\\' + e;
      i += 2;
      continue;
    }
    if (SIMPLE_ESC[e] !== undefined) {
      out += SIMPLE_ESC[e];
      i += 2;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4));
    if (oct !== null) {
      out += String.fromCharCode(parseInt(oct[0], 8));
      i += 1 + oct[0].length;
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = src.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) {
        throw new PyError('SyntaxError', `(unicode error) truncated \\${e} escape (<unknown>, line 1)`);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + hexLen;
      continue;
    }
    out += '\\' + e;
    i += 2;
  }
}

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || src[i + 1] === '\r')) {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || (/[rRbBuUfF]/.test(c) && /^[rRbBuUfF]{1,2}['"]/.test(src.slice(i, i + 3)))) {
      const [val, end] = readString(src, i);
      toks.push({ t: 'str', v: src.slice(i, end), val, pos: i });
      i = end;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && src[i + 1] !== undefined && src[i + 1] as string >= '0' && src[i + 1] as string <= '9')) {
      NUM.lastIndex = i;
      const m = NUM.exec(src) as RegExpExecArray;
      toks.push({ t: 'num', v: m[0], val: parseNumber(m[0]), pos: i });
      i += m[0].length;
      if (i < n && /[\p{L}_\d]/u.test(src[i] as string)) throw syntaxError('invalid decimal literal');
      continue;
    }
    NAME.lastIndex = i;
    const nm = NAME.exec(src);
    if (nm !== null) {
      toks.push({ t: 'name', v: nm[0], pos: i });
      i += nm[0].length;
      continue;
    }
    const op =
      OPS3.find((o) => src.startsWith(o, i)) ?? OPS2.find((o) => src.startsWith(o, i)) ?? (OPS1.includes(c) ? c : null);
    if (op === null) throw syntaxError(c === '!' ? 'invalid syntax' : `invalid character '${c}' (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`);
    toks.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  toks.push({ t: 'end', v: '', pos: n });
  return toks;
}

/** Parses one expression (a bare `a, b` is a tuple). */
export function parseExpression(src: string): ExprNode {
  return new Parser(tokenize(src)).parseAll();
}

class Parser {
  readonly #toks: Token[];
  #i = 0;
  #depth = 0;

  constructor(toks: Token[]) {
    this.#toks = toks;
  }

  parseAll(): ExprNode {
    if (this.#peek().t === 'end') throw syntaxError();
    const e = this.#exprList();
    if (this.#peek().t !== 'end') throw syntaxError();
    return e;
  }

  #peek(): Token {
    return this.#toks[this.#i] as Token;
  }

  #next(): Token {
    return this.#toks[this.#i++] as Token;
  }

  #isOp(v: string): boolean {
    const t = this.#peek();
    return t.t === 'op' && t.v === v;
  }

  #isKw(v: string): boolean {
    const t = this.#peek();
    return t.t === 'name' && t.v === v;
  }

  #expect(v: string): void {
    const t = this.#next();
    if (t.t !== 'op' || t.v !== v) throw syntaxError(t.t === 'end' && '([{'.includes(v) === false ? `'${v}' was never closed` : 'invalid syntax');
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) throw new PyError('SyntaxError', 'too many nested parentheses (<unknown>, line 1)');
  }

  /** expr (',' expr)* [','] — a tuple when there is a comma. */
  #exprList(): ExprNode {
    const first = this.#expr();
    if (!this.#isOp(',')) return first;
    const items = [first];
    while (this.#isOp(',')) {
      this.#next();
      if (this.#atExprEnd()) break;
      items.push(this.#expr());
    }
    return { k: 'tuple', items };
  }

  #atExprEnd(): boolean {
    const t = this.#peek();
    return t.t === 'end' || (t.t === 'op' && (t.v === ')' || t.v === ']' || t.v === '}' || t.v === '=' || t.v === ':'));
  }

  #expr(): ExprNode {
    if (this.#isKw('lambda')) throw new PyError('SyntaxError', 'lambda is not supported (<unknown>, line 1)');
    this.#enter();
    const body = this.#orTest();
    let out = body;
    if (this.#isKw('if')) {
      this.#next();
      const test = this.#orTest();
      if (!this.#isKw('else')) throw syntaxError("expected 'else' after 'if' expression");
      this.#next();
      out = { k: 'ifexp', test, body, orelse: this.#expr() };
    }
    this.#depth--;
    return out;
  }

  #orTest(): ExprNode {
    let l = this.#andTest();
    while (this.#isKw('or')) {
      this.#next();
      l = { k: 'bool', op: 'or', l, r: this.#andTest() };
    }
    return l;
  }

  #andTest(): ExprNode {
    let l = this.#notTest();
    while (this.#isKw('and')) {
      this.#next();
      l = { k: 'bool', op: 'and', l, r: this.#notTest() };
    }
    return l;
  }

  #notTest(): ExprNode {
    if (this.#isKw('not')) {
      this.#next();
      this.#enter();
      const e = this.#notTest();
      this.#depth--;
      return { k: 'unary', op: 'not', e };
    }
    return this.#comparison();
  }

  #compOp(): string | null {
    const t = this.#peek();
    if (t.t === 'op' && ['<', '>', '==', '>=', '<=', '!='].includes(t.v)) {
      this.#next();
      return t.v;
    }
    if (t.t === 'name') {
      if (t.v === 'in') {
        this.#next();
        return 'in';
      }
      if (t.v === 'not' && this.#toks[this.#i + 1]?.v === 'in') {
        this.#i += 2;
        return 'not in';
      }
      if (t.v === 'is') {
        this.#next();
        if (this.#isKw('not')) {
          this.#next();
          return 'is not';
        }
        return 'is';
      }
    }
    return null;
  }

  #comparison(): ExprNode {
    const first = this.#bitOr();
    let op = this.#compOp();
    if (op === null) return first;
    const ops: string[] = [];
    const items = [first];
    while (op !== null) {
      ops.push(op);
      items.push(this.#bitOr());
      op = this.#compOp();
    }
    return { k: 'cmp', ops, items };
  }

  #binLevel(ops: readonly string[], next: () => ExprNode): ExprNode {
    let l = next();
    for (;;) {
      const t = this.#peek();
      if (t.t !== 'op' || !ops.includes(t.v)) return l;
      this.#next();
      l = { k: 'bin', op: t.v, l, r: next() };
    }
  }

  #bitOr = (): ExprNode => this.#binLevel(['|'], this.#bitXor);
  #bitXor = (): ExprNode => this.#binLevel(['^'], this.#bitAnd);
  #bitAnd = (): ExprNode => this.#binLevel(['&'], this.#shift);
  #shift = (): ExprNode => this.#binLevel(['<<', '>>'], this.#arith);
  #arith = (): ExprNode => this.#binLevel(['+', '-'], this.#term);
  #term = (): ExprNode => this.#binLevel(['*', '/', '//', '%', '@'], this.#factor);

  #factor = (): ExprNode => {
    const t = this.#peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+' || t.v === '~')) {
      this.#next();
      this.#enter();
      const e = this.#factor();
      this.#depth--;
      return { k: 'unary', op: t.v, e };
    }
    return this.#power();
  };

  #power(): ExprNode {
    const base = this.#primary();
    if (this.#isOp('**')) {
      this.#next();
      this.#enter();
      const r = this.#factor();
      this.#depth--;
      return { k: 'bin', op: '**', l: base, r };
    }
    return base;
  }

  #primary(): ExprNode {
    let e = this.#atom();
    for (;;) {
      if (this.#isOp('(')) {
        this.#next();
        e = this.#callArgs(e);
      } else if (this.#isOp('[')) {
        this.#next();
        this.#enter();
        e = { k: 'sub', e, index: this.#subscript() };
        this.#depth--;
        this.#expect(']');
      } else if (this.#isOp('.')) {
        this.#next();
        const t = this.#next();
        if (t.t !== 'name') throw syntaxError();
        e = { k: 'attr', e, name: t.v };
      } else return e;
    }
  }

  #subscript(): ExprNode {
    const items: ExprNode[] = [];
    let tuple = false;
    for (;;) {
      items.push(this.#sliceItem());
      if (!this.#isOp(',')) break;
      this.#next();
      tuple = true;
      if (this.#isOp(']')) break;
    }
    return tuple ? { k: 'tuple', items } : (items[0] as ExprNode);
  }

  #sliceItem(): ExprNode {
    let lo: ExprNode | null = null;
    if (!this.#isOp(':')) {
      lo = this.#expr();
      if (!this.#isOp(':')) return lo;
    }
    this.#next();
    const hi = this.#isOp(':') || this.#isOp(']') || this.#isOp(',') ? null : this.#expr();
    let step: ExprNode | null = null;
    if (this.#isOp(':')) {
      this.#next();
      if (!this.#isOp(']') && !this.#isOp(',')) step = this.#expr();
    }
    return { k: 'slice', lo, hi, step };
  }

  #callArgs(f: ExprNode): ExprNode {
    this.#enter();
    const args: ExprNode[] = [];
    const kwargs: { name: string; v: ExprNode }[] = [];
    while (!this.#isOp(')')) {
      if (this.#isOp('*') || this.#isOp('**')) throw new PyError('SyntaxError', 'argument unpacking is not supported (<unknown>, line 1)');
      const t = this.#peek();
      if (t.t === 'name' && this.#toks[this.#i + 1]?.v === '=' && this.#toks[this.#i + 1]?.t === 'op') {
        this.#i += 2;
        kwargs.push({ name: t.v, v: this.#expr() });
      } else {
        if (kwargs.length > 0) throw syntaxError('positional argument follows keyword argument');
        const a = this.#expr();
        if (this.#isKw('for')) {
          args.push({ k: 'comp', kind: 'gen', elt: a, value: null, gens: this.#compFor() });
        } else args.push(a);
      }
      if (!this.#isOp(',')) break;
      this.#next();
    }
    this.#expect(')');
    this.#depth--;
    return { k: 'call', f, args, kwargs };
  }

  #target(): Target {
    const one = (): Target => {
      if (this.#isOp('(')) {
        this.#next();
        const t = this.#target();
        this.#expect(')');
        return t;
      }
      const t = this.#next();
      if (t.t !== 'name' || KEYWORDS.has(t.v)) throw syntaxError();
      return t.v;
    };
    const first = one();
    if (!this.#isOp(',')) return first;
    const items: Target[] = [first];
    while (this.#isOp(',')) {
      this.#next();
      if (this.#isKw('in')) break;
      items.push(one());
    }
    return items;
  }

  #compFor(): CompFor[] {
    const gens: CompFor[] = [];
    while (this.#isKw('for')) {
      this.#next();
      const target = this.#target();
      if (!this.#isKw('in')) throw syntaxError();
      this.#next();
      const iter = this.#orTest();
      const ifs: ExprNode[] = [];
      while (this.#isKw('if')) {
        this.#next();
        ifs.push(this.#orTestNoCond());
      }
      gens.push({ target, iter, ifs });
    }
    return gens;
  }

  #orTestNoCond(): ExprNode {
    return this.#orTest();
  }

  #atom(): ExprNode {
    const t = this.#next();
    switch (t.t) {
      case 'num':
        return { k: 'const', v: t.val };
      case 'str': {
        let s = t.val as string;
        while (this.#peek().t === 'str') s += this.#next().val as string;
        return { k: 'const', v: s };
      }
      case 'name':
        if (t.v === 'True') return { k: 'const', v: true };
        if (t.v === 'False') return { k: 'const', v: false };
        if (t.v === 'None') return { k: 'const', v: null };
        if (KEYWORDS.has(t.v)) throw syntaxError();
        return { k: 'name', id: t.v };
      case 'op':
        break;
      default:
        throw syntaxError();
    }
    this.#enter();
    let out: ExprNode;
    if (t.v === '(') {
      if (this.#isOp(')')) {
        this.#next();
        out = { k: 'tuple', items: [] };
      } else {
        const first = this.#expr();
        if (this.#isKw('for')) {
          out = { k: 'comp', kind: 'gen', elt: first, value: null, gens: this.#compFor() };
        } else if (this.#isOp(',')) {
          const items = [first];
          while (this.#isOp(',')) {
            this.#next();
            if (this.#isOp(')')) break;
            items.push(this.#expr());
          }
          out = { k: 'tuple', items };
        } else out = first;
        this.#expect(')');
      }
    } else if (t.v === '[') {
      out = this.#listDisplay();
    } else if (t.v === '{') {
      out = this.#braceDisplay();
    } else if (t.v === '...') {
      out = { k: 'const', v: null };
    } else throw syntaxError();
    this.#depth--;
    return out;
  }

  #listDisplay(): ExprNode {
    if (this.#isOp(']')) {
      this.#next();
      return { k: 'list', items: [] };
    }
    const first = this.#expr();
    if (this.#isKw('for')) {
      const gens = this.#compFor();
      this.#expect(']');
      return { k: 'comp', kind: 'list', elt: first, value: null, gens };
    }
    const items = [first];
    while (this.#isOp(',')) {
      this.#next();
      if (this.#isOp(']')) break;
      items.push(this.#expr());
    }
    this.#expect(']');
    return { k: 'list', items };
  }

  #braceDisplay(): ExprNode {
    if (this.#isOp('}')) {
      this.#next();
      return { k: 'dict', keys: [], values: [] };
    }
    if (this.#isOp('**')) throw new PyError('SyntaxError', 'dict unpacking is not supported (<unknown>, line 1)');
    const first = this.#expr();
    if (this.#isOp(':')) {
      this.#next();
      const v = this.#expr();
      if (this.#isKw('for')) {
        const gens = this.#compFor();
        this.#expect('}');
        return { k: 'comp', kind: 'dict', elt: first, value: v, gens };
      }
      const keys = [first];
      const values = [v];
      while (this.#isOp(',')) {
        this.#next();
        if (this.#isOp('}')) break;
        keys.push(this.#expr());
        this.#expect(':');
        values.push(this.#expr());
      }
      this.#expect('}');
      return { k: 'dict', keys, values };
    }
    if (this.#isKw('for')) {
      const gens = this.#compFor();
      this.#expect('}');
      return { k: 'comp', kind: 'set', elt: first, value: null, gens };
    }
    const items = [first];
    while (this.#isOp(',')) {
      this.#next();
      if (this.#isOp('}')) break;
      items.push(this.#expr());
    }
    this.#expect('}');
    return { k: 'set', items };
  }
}
