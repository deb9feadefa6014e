/**
 * Static analysis of a Python `re` pattern for the regex guard: can a backtracking engine run it on
 * the main thread without risk? Conservative: anything not understood is unsafe.
 *
 * Unsafe (exponential or unbounded by text size): a repeated group that contains a quantifier or an
 * alternation (`(a+)+`, `(a|aa)*`, `(\w+\s?){2,}`), backreferences (`\1`, `(?P=n)`), lookarounds,
 * conditionals and other `(?…)` constructs besides `(?:`, `(?P<n>` and inline flags.
 * Safe patterns still backtrack polynomially: with q repeated atoms the worst case is about
 * n^(q+1) steps for a text of n characters (search start × each quantifier's choices), times the
 * product of the alternation branch counts. `inlineCostOk` bounds that.
 */

export interface RegexAnalysis {
  /** No nested repetition, no backreference, no lookaround. */
  readonly safe: boolean;
  /** Atoms repeated a variable number of times (`*`, `+`, `{n,}`, `{n,m}` with m > n). */
  readonly quantifiers: number;
  /** Product of alternation branch counts (pattern-size factor on the backtracking). */
  readonly branchProduct: number;
}

interface Frame { hasQuant: boolean; hasAlt: boolean; branches: number; product: number }

const UNSAFE: RegexAnalysis = Object.freeze({ safe: false, quantifiers: Infinity, branchProduct: Infinity });

/** Reads a quantifier at `i`; returns [end index, repeats (max > 1), variable count] or null. */
function quantifierAt(p: string, i: number): [number, boolean, boolean] | null {
  const c = p[i];
  let end: number;
  let repeats: boolean;
  let variable: boolean;
  if (c === '*' || c === '+') { end = i + 1; repeats = true; variable = true; }
  else if (c === '?') { end = i + 1; repeats = false; variable = false; }
  else if (c === '{') {
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(p.slice(i, i + 24));
    if (m === null || (m[1] === '' && m[2] === '' && m[3] === '')) return null; // Python: a literal '{'
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    end = i + m[0].length; repeats = hi > 1; variable = hi !== lo;
  } else return null;
  if (p[end] === '?' || p[end] === '+') end++; // lazy / possessive suffix
  return [end, repeats, variable];
}

export function analyzeRegex(p: string): RegexAnalysis {
  const stack: Frame[] = [{ hasQuant: false, hasAlt: false, branches: 1, product: 1 }];
  let quantifiers = 0;
  let i = 0;
  // After each atom, apply a following quantifier. `inner` = the atom was a group with quantifier/alternation inside.
  const applyQuant = (inner: boolean): boolean => {
    const q = quantifierAt(p, i);
    if (q === null) return true;
    const [end, repeats, variable] = q;
    if (repeats && inner) return false;
    if (variable) { quantifiers++; stack[stack.length - 1]!.hasQuant = true; }
    i = end;
    return true;
  };
  while (i < p.length) {
    const c = p[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) return UNSAFE;
      if (n >= '1' && n <= '9') return UNSAFE; // backreference
      i += 2;
      if (!applyQuant(false)) return UNSAFE;
    } else if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      if (j >= p.length) return UNSAFE;
      i = j + 1;
      if (!applyQuant(false)) return UNSAFE;
    } else if (c === '(') {
      if (p[i + 1] === '?') {
        const rest = p.slice(i + 2, i + 4);
        if (rest[0] === ':') i += 3;
        else if (rest === 'P<') { const close = p.indexOf('>', i); if (close < 0) return UNSAFE; i = close + 1; }
        else {
          const flags = /^\(\?[aiLmsux]+(?:-[imsx]+)?([):])/.exec(p.slice(i, i + 16));
          if (flags === null) return UNSAFE; // lookaround, (?P=, conditional, atomic, comment…
          if (flags[1] === ')') { i += flags[0].length; continue; } // global inline flags: not a group
          i += flags[0].length;
        }
      } else i++;
      stack.push({ hasQuant: false, hasAlt: false, branches: 1, product: 1 });
    } else if (c === ')') {
      if (stack.length === 1) return UNSAFE;
      const f = stack.pop() as Frame;
      i++;
      const parent = stack[stack.length - 1]!;
      parent.product *= f.product * f.branches;
      parent.hasQuant ||= f.hasQuant;
      parent.hasAlt ||= f.hasAlt;
      if (!applyQuant(f.hasQuant || f.hasAlt)) return UNSAFE;
    } else if (c === '|') {
      top.branches++;
      top.hasAlt = true;
      i++;
    } else {
      i++;
      if (c !== '^' && c !== '$' && !applyQuant(false)) return UNSAFE;
    }
  }
  if (stack.length !== 1) return UNSAFE;
  const root = stack[0]!;
  return { safe: true, quantifiers, branchProduct: root.product * root.branches };
}

/** No nested quantifiers, backreferences or lookarounds (see analyzeRegex). */
export function isLinearSafe(pattern: string): boolean {
  return analyzeRegex(pattern).safe;
}

/** Worst-case backtracking steps allowed inline (~10 ms of RegExp work). */
export const INLINE_REGEX_MAX_STEPS = 1e7;

/** Texts this short run inline whatever the pattern: even 3^n backtracking stays < 1 ms at n = 10. */
export const INLINE_REGEX_TINY_TEXT = 10;

/** True when `a` on a text of `textLength` chars is cheap enough to run on the main thread. */
export function inlineCostOk(a: RegexAnalysis, textLength: number): boolean {
  if (textLength <= INLINE_REGEX_TINY_TEXT) return true;
  if (!a.safe) return false;
  const n = Math.max(1, textLength);
  return a.branchProduct * n ** (a.quantifiers + 1) <= INLINE_REGEX_MAX_STEPS;
}
