/**
 * A hand-written matcher for the three reference forms of workflow-format.md §10.2:
 *   {{ PATH }}   ${ PATH }   %PATH%      PATH = IDENT ( .IDENT | [digits] )*,  IDENT = [A-Za-z_][A-Za-z0-9_]*
 * ({{ }} and ${ } allow a leading `$` and surrounding whitespace.) It finds exactly what the regular
 * expression REF_SOURCE in template.ts finds, scanning left to right and trying the forms in that
 * order (test/compile/template-scan.test.ts checks this on generated strings). Every quantifier is
 * greedy and can never give back a character the next token could use, so no backtracking is
 * needed. Why not the RegExp: at 10k nodes its match arrays were ~1 KB of garbage per template.
 */

/** Any of the three reference openers (`{{`, `${`, `%`): a string without one is static. One
 * RegExp scan costs less than three `includes` (19 vs 27 ns for a short config string). */
const OPENER = /\{\{|\$\{|%/;

export function mayHoldTemplate(s: string): boolean {
  return OPENER.test(s);
}

/** The last successful match: [start, end) of the whole reference and [pathStart, pathEnd) of PATH. */
export const match = { start: 0, end: 0, pathStart: 0, pathEnd: 0 };

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** JavaScript's \s: WhiteSpace and LineTerminator. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** End of the PATH starting at i, or -1 when none starts there. */
function pathEnd(s: string, i: number): number {
  if (i >= s.length || !isIdentStart(s.charCodeAt(i))) return -1;
  i++;
  while (i < s.length && isIdentPart(s.charCodeAt(i))) i++;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */ && i + 1 < s.length && isIdentStart(s.charCodeAt(i + 1))) {
      i += 2;
      while (i < s.length && isIdentPart(s.charCodeAt(i))) i++;
    } else if (c === 91 /* [ */) {
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (j === i + 1 || s.charCodeAt(j) !== 93 /* ] */) return i;
      i = j + 1;
    } else {
      return i;
    }
  }
}

/** `{{ $?PATH }}` (braces = 2) or `${ $?PATH }` (braces = 1) with the opening at `open`. */
function bracedAt(s: string, start: number, open: number, braces: number): boolean {
  let i = open;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const pathStart = i;
  if (s.charCodeAt(i) === 36 /* $ */) i++;
  const end = pathEnd(s, i);
  if (end < 0) return false;
  i = end;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 125 /* } */ || (braces === 2 && s.charCodeAt(i + 1) !== 125)) return false;
  match.start = start;
  match.end = i + braces;
  match.pathStart = pathStart;
  match.pathEnd = end;
  return true;
}

/** A reference starting exactly at i (forms tried in REF_SOURCE's order); sets `match`. */
export function matchAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 123 /* { */) return s.charCodeAt(i + 1) === 123 && bracedAt(s, i, i + 2, 2);
  if (c === 36 /* $ */) return s.charCodeAt(i + 1) === 123 && bracedAt(s, i, i + 2, 1);
  if (c === 37 /* % */) {
    const end = pathEnd(s, i + 1);
    if (end < 0 || s.charCodeAt(end) !== 37) return false;
    match.start = i;
    match.end = end + 1;
    match.pathStart = i + 1;
    match.pathEnd = end;
    return true;
  }
  return false;
}

/** The next reference at or after `from` (sets `match`), or false. */
export function findRef(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c === 123 || c === 36 || c === 37) && matchAt(s, i)) return true;
  }
  return false;
}
