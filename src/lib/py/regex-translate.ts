/**
 * Translates a Python `re` pattern (str pattern, Unicode semantics) into a JavaScript RegExp
 * source for the `u` flag, reporting Python's error messages for the common syntax errors.
 *
 * Choices: `u` is always on (code-point matching, Unicode case folding). Python's Unicode
 * `\w`/`\d`/`\b` are rewritten to `\p{...}` classes (JS's are ASCII-only even with `u`); the ASCII
 * flag `(?a)` keeps JS's ASCII forms. `.`, `^`, `$`, `\A`, `\Z` are rewritten so only `\n` counts
 * as a line break (JS also breaks at `\r`, U+2028, U+2029), which is why the `m` and `s` JS flags
 * are never used. Inside a character class `\W`, `\D` stay ASCII (JS cannot negate a Unicode union
 * there without the `v` flag).
 */
import { PyError } from './errors.js';

export interface TranslateFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotall: boolean;
  verbose: boolean;
  ascii: boolean;
}

export interface Translated {
  source: string;
  ignoreCase: boolean;
}

const WORD_U = '\\p{L}\\p{N}_';
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const CLASS_SYNTAX = new Set('\\]-^['.split(''));

function err(msg: string, pos: number): PyError {
  return new PyError('error', `${msg} at position ${pos}`);
}

function hexEscape(cp: number): string {
  return '\\u{' + cp.toString(16) + '}';
}

/** `\x..`, `\u....`, `\U........`, octal: returns [code point, chars consumed after the backslash]. */
function numericEscape(p: string, i: number, inClass: boolean): [number, number] | null {
  const c = p[i + 1] as string;
  const take = (len: number): [number, number] => {
    const hex = p.slice(i + 2, i + 2 + len);
    if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw err(`incomplete escape \\${c}${hex}`, i);
    return [parseInt(hex, 16), 1 + len];
  };
  if (c === 'x') return take(2);
  if (c === 'u') return take(4);
  if (c === 'U') return take(8);
  if (c === '0' || (inClass && c >= '1' && c <= '7')) {
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1)) as RegExpExecArray;
    return [parseInt(m[0], 8), m[0].length];
  }
  return null;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\\x07', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v' };

export function translatePyRegex(p: string, flags: TranslateFlags): Translated {
  let { ignoreCase, multiline, dotall, verbose, ascii } = flags;
  // Global inline flags at the start: (?aiLmsux)
  let i = 0;
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(p); m !== null; m = /^\(\?([aiLmsux]+)\)/.exec(p.slice(i))) {
    for (const f of m[1] as string) {
      if (f === 'i') ignoreCase = true;
      else if (f === 'm') multiline = true;
      else if (f === 's') dotall = true;
      else if (f === 'x') verbose = true;
      else if (f === 'a') ascii = true;
    }
    i += m[0].length;
  }
  const word = ascii ? null : WORD_U;
  let out = '';
  const open: number[] = []; // pattern positions of open groups
  let canRepeat = false; // the previous item can take a quantifier
  let quantified = false; // the previous item is a quantifier (a lazy `?` may follow once)
  let lazyDone = false;
  const n = p.length;
  const atom = (s: string): void => {
    out += s;
    canRepeat = true;
    quantified = false;
  };
  const zeroWidth = (s: string): void => {
    out += s;
    canRepeat = false;
    quantified = false;
  };
  while (i < n) {
    const ch = p[i] as string;
    if (verbose && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v')) {
      i++;
      continue;
    }
    if (verbose && ch === '#') {
      while (i < n && p[i] !== '\n') i++;
      continue;
    }
    switch (ch) {
      case '\\': {
        const c = p[i + 1];
        if (c === undefined) throw err('bad escape (end of pattern)', i);
        const num = numericEscape(p, i, false);
        if (num !== null) {
          atom(hexEscape(num[0]));
          i += 1 + num[1];
          continue;
        }
        if (c >= '1' && c <= '9') {
          const m = /^\d{1,2}/.exec(p.slice(i + 1)) as RegExpExecArray;
          atom('\\' + m[0]);
          i += 1 + m[0].length;
          continue;
        }
        i += 2;
        switch (c) {
          case 'A': zeroWidth('(?<![\\s\\S])'); continue;
          case 'Z': case 'z': zeroWidth('(?![\\s\\S])'); continue;
          case 'b': zeroWidth(word === null ? '\\b' : `(?:(?<=[${word}])(?![${word}])|(?<![${word}])(?=[${word}]))`); continue;
          case 'B': zeroWidth(word === null ? '\\B' : `(?:(?<=[${word}])(?=[${word}])|(?<![${word}])(?![${word}]))`); continue;
          case 'w': atom(word === null ? '\\w' : `[${word}]`); continue;
          case 'W': atom(word === null ? '\\W' : `[^${word}]`); continue;
          case 'd': atom(ascii ? '\\d' : '\\p{Nd}'); continue;
          case 'D': atom(ascii ? '\\D' : '\\P{Nd}'); continue;
          case 's': case 'S': atom('\\' + c); continue;
          default: break;
        }
        if (SIMPLE_ESCAPES[c] !== undefined) atom(SIMPLE_ESCAPES[c] as string);
        else if (/[A-Za-z0-9]/.test(c)) throw err(`bad escape \\${c}`, i - 2);
        else atom(SYNTAX.has(c) ? '\\' + c : c === '-' ? '-' : c);
        continue;
      }
      case '[': {
        const start = i;
        i++;
        let cls = '[';
        if (p[i] === '^') {
          cls += '^';
          i++;
        }
        let first = true;
        for (;;) {
          if (i >= n) throw err('unterminated character set', start);
          const c = p[i] as string;
          if (c === ']' && !first) {
            i++;
            break;
          }
          first = false;
          if (c === '\\') {
            const e = p[i + 1];
            if (e === undefined) throw err('unterminated character set', start);
            const num = numericEscape(p, i, true);
            if (num !== null) {
              cls += hexEscape(num[0]);
              i += 1 + num[1];
              continue;
            }
            i += 2;
            if (e === 'w') cls += word ?? '\\w';
            else if (e === 'd') cls += ascii ? '\\d' : '\\p{Nd}';
            else if (e === 'W' || e === 'D' || e === 's' || e === 'S') cls += '\\' + e;
            else if (e === 'b') cls += '\\x08';
            else if (SIMPLE_ESCAPES[e] !== undefined) cls += SIMPLE_ESCAPES[e];
            else if (/[A-Za-z0-9]/.test(e)) throw err(`bad escape \\${e}`, i - 2);
            else cls += CLASS_SYNTAX.has(e) ? '\\' + e : e;
            continue;
          }
          cls += c === ']' || c === '[' ? '\\' + c : c;
          i++;
        }
        atom(cls + ']');
        continue;
      }
      case '(': {
        if (p[i + 1] !== '?') {
          open.push(i);
          out += '(';
          i++;
          canRepeat = false;
          quantified = false;
          continue;
        }
        const rest = p.slice(i + 2);
        let m: RegExpExecArray | null;
        if ((m = /^P<([^>]*)>/.exec(rest)) !== null) {
          if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(m[1] as string)) {
            throw err(`bad character in group name '${m[1]}'`, i + 4);
          }
          open.push(i);
          out += `(?<${m[1]}>`;
          i += 2 + m[0].length;
        } else if ((m = /^P=([^)]*)\)/.exec(rest)) !== null) {
          atom(`\\k<${m[1]}>`);
          i += 2 + m[0].length;
          continue;
        } else if (rest.startsWith('#')) {
          const close = p.indexOf(')', i);
          if (close < 0) throw err('missing ), unterminated comment', i);
          i = close + 1;
          continue;
        } else if ((m = /^(?::|=|!|<=|<!|<(?=[\p{L}_]))/u.exec(rest)) !== null) {
          // (?:, lookarounds, and (?<name> which JS shares with newer Pythons.
          open.push(i);
          out += '(?' + m[0];
          i += 2 + m[0].length;
        } else if ((m = /^[aiLmsux-]+:/.exec(rest)) !== null) {
          // Scoped flags: JS supports (?i:...) only on newer engines; let the RegExp constructor decide.
          open.push(i);
          out += '(?' + m[0].replace(/[aLux]/g, '');
          i += 2 + m[0].length;
        } else if (/^[aiLmsux]+\)/.test(rest)) {
          throw err('global flags not at the start of the expression', i);
        } else if (rest.startsWith('>') || rest.startsWith('(')) {
          throw new PyError('error', `unsupported regex feature at position ${i}: atomic groups and conditionals`);
        } else {
          throw err(`unknown extension ?${rest[0] ?? ''}`, i + 1);
        }
        canRepeat = false;
        quantified = false;
        continue;
      }
      case ')': {
        if (open.length === 0) throw err('unbalanced parenthesis', i);
        open.pop();
        atom(')');
        i++;
        continue;
      }
      case '*':
      case '+':
      case '?':
      case '{': {
        let q: string = ch;
        let len = 1;
        if (ch === '{') {
          const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(p.slice(i));
          if (m === null || (m[1] === '' && m[2] === undefined)) {
            atom('\\{');
            i++;
            continue;
          }
          const lo = m[1] === '' ? '0' : (m[1] as string);
          const hi = m[2] === undefined ? '' : ',' + (m[3] ?? '');
          if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < Number(lo)) throw err('min repeat greater than max repeat', i + 1);
          q = `{${lo}${hi}}`;
          len = m[0].length;
        }
        if (quantified) {
          if (ch === '?' && !lazyDone) {
            out += '?';
            lazyDone = true;
            i++;
            continue;
          }
          if (ch === '+' && !lazyDone) throw new PyError('error', `possessive quantifiers are not supported at position ${i}`);
          throw err('multiple repeat', i);
        }
        if (!canRepeat) throw err('nothing to repeat', i);
        out += q;
        i += len;
        canRepeat = false;
        quantified = true;
        lazyDone = false;
        continue;
      }
      case '}':
        atom('\\}');
        i++;
        continue;
      case '.':
        atom(dotall ? '[\\s\\S]' : '[^\\n]');
        i++;
        continue;
      case '^':
        zeroWidth(multiline ? '(?<![^\\n])' : '(?<![\\s\\S])');
        i++;
        continue;
      case '$':
        zeroWidth(multiline ? '(?![^\\n])' : '(?=\\n?(?![\\s\\S]))');
        i++;
        continue;
      case '|':
        out += '|';
        i++;
        canRepeat = false;
        quantified = false;
        continue;
      case '/':
        atom('\\/');
        i++;
        continue;
      default:
        atom(ch);
        i++;
    }
  }
  if (open.length > 0) throw err('missing ), unterminated subpattern', open[open.length - 1] as number);
  return { source: out, ignoreCase };
}
