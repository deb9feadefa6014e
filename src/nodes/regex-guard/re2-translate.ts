/**
 * JavaScript RegExp source (as produced by src/lib/py/regex-translate.ts, flags `u` [+ `i`]) ->
 * RE2 source with the SAME results, or null when RE2 cannot give the same results.
 *
 * The translator writes Python's anchors and Unicode word boundaries as lookarounds, which RE2
 * lacks; those exact strings are mapped back to RE2 assertions here. Some mappings hold only for
 * certain texts, recorded in the plan and checked per call by the caller:
 *   - non-multiline `$` (`(?=\n?(?![\s\S]))`) becomes `\z`: valid when the text does not end in "\n";
 *   - Unicode `\b`/`\B`, and ASCII `\w \W \b \B` under ignoreCase (JS's /iu adds U+017F, U+212A to
 *     \w), become RE2's ASCII forms: valid when the text is ASCII.
 * JS `\s` is Unicode whitespace while RE2's is ASCII `[\t\n\f\r ]`: it is expanded to JS's set.
 *
 * Null (not RE2-equivalent) for: lookarounds, backreferences, raw `.`, and two places where JS's
 * capture rules differ from RE2's (measured, re2 1.24 vs V8 11.3): a quantified group whose body
 * can match empty (JS rejects an empty iteration: `(a*)?` on "b" leaves group 1 unset in JS, "" in
 * RE2), and a capture nested inside a group repeated more than once (JS resets it each iteration:
 * `(?:(a)|b)+` on "ab" gives group 1 undefined in JS, "a" in RE2).
 */

export interface Re2Plan {
  readonly source: string;
  /** Uses `\z` for Python's non-multiline `$`: only valid when the text does not end with "\n". */
  readonly dollarAtEnd: boolean;
  /** Uses ASCII word assertions/classes: only valid on ASCII text. */
  readonly needsAsciiText: boolean;
}

const WORD_U = '[\\p{L}\\p{N}_]';
/** Exact strings emitted by regex-translate.ts for zero-width Python assertions -> RE2. */
const ASSERTIONS: readonly (readonly [string, string, 'dollar' | 'ascii' | null])[] = [
  ['(?<![\\s\\S])', '\\A', null],
  ['(?![\\s\\S])', '\\z', null],
  ['(?=\\n?(?![\\s\\S]))', '\\z', 'dollar'],
  ['(?<![^\\n])', '(?m:^)', null],
  ['(?![^\\n])', '(?m:$)', null],
  [`(?:(?<=${WORD_U})(?!${WORD_U})|(?<!${WORD_U})(?=${WORD_U}))`, '\\b', 'ascii'],
  [`(?:(?<=${WORD_U})(?=${WORD_U})|(?<!${WORD_U})(?!${WORD_U}))`, '\\B', 'ascii'],
];

/** JS WhiteSpace + LineTerminator (what `\s` matches in a JS RegExp), as [from, to] code points. */
const JS_SPACE: readonly (readonly [number, number])[] = [
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];

const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;
const rangesBody = (rs: readonly (readonly [number, number])[]): string =>
  rs.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');

function complement(rs: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of rs) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

const SPACE_BODY = rangesBody(JS_SPACE);
const NON_SPACE_BODY = rangesBody(complement(JS_SPACE));

interface Part { nullable: boolean; capture: boolean }

class NotEquivalent extends Error {}

class Translator {
  out = '';
  i = 0;
  dollar = false;
  ascii = false;
  constructor(readonly src: string, readonly ignoreCase: boolean) {}

  alternation(): Part {
    let nullable = false;
    let capture = false;
    for (;;) {
      const s = this.sequence();
      nullable ||= s.nullable;
      capture ||= s.capture;
      if (this.src[this.i] !== '|') return { nullable, capture };
      this.out += '|';
      this.i++;
    }
  }

  sequence(): Part {
    let nullable = true;
    let capture = false;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const it = this.item();
      nullable &&= it.nullable;
      capture ||= it.capture;
    }
    return { nullable, capture };
  }

  item(): Part {
    const a = this.atom();
    const q = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})\??/.exec(this.src.slice(this.i, this.i + 24));
    if (q === null) return a;
    this.out += q[0];
    this.i += q[0].length;
    const c = q[0][0];
    const min = c === '+' ? 1 : c === '{' ? Number(q[1]) : 0;
    const max = c === '*' || c === '+' ? Infinity : c === '?' ? 1 : q[2] === undefined ? min : q[3] === '' ? Infinity : Number(q[3]);
    if (a.group !== null) {
      if (a.group.nullable) throw new NotEquivalent('quantified nullable group');
      if (max > 1 && a.nestedCapture) throw new NotEquivalent('capture inside a repeated group');
    }
    return { nullable: a.nullable || min === 0, capture: a.capture };
  }

  atom(): Part & { group: Part | null; nestedCapture: boolean } {
    const s = this.src;
    const c = s[this.i]!;
    if (c === '(') {
      for (const [js, re2, cond] of ASSERTIONS) {
        if (s.startsWith(js, this.i)) {
          this.out += re2;
          this.i += js.length;
          if (cond === 'dollar') this.dollar = true;
          else if (cond === 'ascii') this.ascii = true;
          return { nullable: true, capture: false, group: null, nestedCapture: false };
        }
      }
      const head = /^\((?:\?(?::|<[^=!>][^>]*>|[imsx-]+:)?)?/.exec(s.slice(this.i, this.i + 256))![0];
      if (head.startsWith('(?') && !head.endsWith(':') && !head.endsWith('>')) throw new NotEquivalent('lookaround');
      const capturing = head === '(' || head.startsWith('(?<');
      this.out += head;
      this.i += head.length;
      const body = this.alternation();
      if (s[this.i] !== ')') throw new NotEquivalent('unbalanced');
      this.out += ')';
      this.i++;
      return { nullable: body.nullable, capture: capturing || body.capture, group: body, nestedCapture: body.capture };
    }
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape(false);
    if (c === '.' || c === '^' || c === '$') throw new NotEquivalent(`raw ${c}`);
    const cp = s.codePointAt(this.i)!;
    const len = cp > 0xffff ? 2 : 1;
    this.out += s.slice(this.i, this.i + len);
    this.i += len;
    return { nullable: false, capture: false, group: null, nestedCapture: false };
  }

  charClass(): Part & { group: null; nestedCapture: false } {
    const s = this.src;
    if (s.startsWith('[\\s\\S]', this.i)) {
      this.out += '[\\x{0}-\\x{10ffff}]';
      this.i += 6;
    } else {
      this.out += '[';
      this.i++;
      if (s[this.i] === '^') { this.out += '^'; this.i++; }
      while (this.i < s.length && s[this.i] !== ']') {
        if (s[this.i] === '\\') this.escape(true);
        else { this.out += s[this.i]; this.i++; }
      }
      if (this.i >= s.length) throw new NotEquivalent('unterminated class');
      this.out += ']';
      this.i++;
    }
    return { nullable: false, capture: false, group: null, nestedCapture: false };
  }

  escape(inClass: boolean): Part & { group: null; nestedCapture: false } {
    const s = this.src;
    const e = s[this.i + 1];
    if (e === undefined) throw new NotEquivalent('trailing backslash');
    let take = 2;
    let emit: string | null = null;
    let zeroWidth = false;
    if (e === 's') emit = inClass ? SPACE_BODY : `[${SPACE_BODY}]`;
    else if (e === 'S') emit = inClass ? NON_SPACE_BODY : `[^${SPACE_BODY}]`;
    else if (e === 'w' || e === 'W' || e === 'b' || e === 'B') {
      if (this.ignoreCase) this.ascii = true;
      zeroWidth = !inClass && (e === 'b' || e === 'B');
    } else if ((e >= '1' && e <= '9') || e === 'k') throw new NotEquivalent('backreference');
    else if ((e === 'u' || e === 'p' || e === 'P') && s[this.i + 2] === '{') take = s.indexOf('}', this.i) + 1 - this.i;
    else if (e === 'x') take = 4;
    else if (e.codePointAt(0)! > 0xffff) take = 3;
    this.out += emit ?? s.slice(this.i, this.i + take);
    this.i += take;
    return { nullable: zeroWidth, capture: false, group: null, nestedCapture: false };
  }
}

/** RE2 plan for a JS source from regex-translate.ts, or null when RE2 would not give identical results. */
export function toRe2Source(jsSource: string, ignoreCase: boolean): Re2Plan | null {
  const t = new Translator(jsSource, ignoreCase);
  try {
    t.alternation();
    if (t.i !== jsSource.length) return null; // a stray ')' (cannot come from the translator)
  } catch (e) {
    if (e instanceof NotEquivalent) return null;
    throw e;
  }
  return { source: t.out, dollarAtEnd: t.dollar, needsAsciiText: t.ascii };
}
