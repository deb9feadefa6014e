/** Python `str` methods whose rules differ from JavaScript's built-ins. */
import { PyError } from './errors.js';

// Python's str.isspace(): Unicode White_Space plus the ASCII separators \x1c-\x1f.
const WS = /^[\s\x1c-\x1f\x85]$/;

export function isPyWhitespace(ch: string): boolean {
  return ch.length === 1 && WS.test(ch) && ch !== '\ufeff';
}

/** Python `s.split(sep, maxsplit)`; `sep` null/undefined splits on runs of whitespace. */
export function pySplit(s: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === null || sep === undefined) return splitWhitespace(s, maxsplit);
  if (sep === '') throw new PyError('ValueError', 'empty separator');
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let pos = 0;
  while (out.length < maxsplit) {
    const i = s.indexOf(sep, pos);
    if (i < 0) break;
    out.push(s.slice(pos, i));
    pos = i + sep.length;
  }
  out.push(s.slice(pos));
  return out;
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isPyWhitespace(s[i] as string)) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length >= maxsplit) {
      let end = n;
      while (end > i && isPyWhitespace(s[end - 1] as string)) end--;
      out.push(s.slice(i, end));
      return out;
    }
    const start = i;
    while (i < n && !isPyWhitespace(s[i] as string)) i++;
    out.push(s.slice(start, i));
  }
  return out;
}

// Python's str.splitlines() boundaries.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Python `s.splitlines()` (no keepends). */
export function pySplitlines(s: string): string[] {
  if (s.length === 0) return [];
  const parts = s.split(LINE_BREAK);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Python `strip`/`lstrip`/`rstrip`; `chars` null/undefined means whitespace. */
export function pyStrip(s: string, chars: string | null | undefined, mode: 'both' | 'left' | 'right'): string {
  const test =
    chars === null || chars === undefined ? isPyWhitespace : (ch: string): boolean => chars.includes(ch);
  let start = 0;
  let end = s.length;
  if (mode !== 'right') while (start < end && test(s[start] as string)) start++;
  if (mode !== 'left') while (end > start && test(s[end - 1] as string)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

/** Python `s.title()`: a letter after a non-cased character is upper-cased, others lower-cased. */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    if (CASED.test(ch)) {
      out += prevCased ? ch.toLowerCase() : ch.toUpperCase();
      prevCased = true;
    } else {
      out += ch;
      prevCased = /\p{L}/u.test(ch) && ch.toLowerCase() !== ch.toUpperCase();
    }
  }
  return out;
}

/** Python `s.capitalize()`: first character upper-cased, the rest lower-cased. */
export function pyCapitalize(s: string): string {
  if (s.length === 0) return s;
  const first = String.fromCodePoint(s.codePointAt(0) as number);
  return first.toUpperCase() + s.slice(first.length).toLowerCase();
}

/** Python `s.swapcase()`. */
export function pySwapcase(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += up !== ch ? up : ch.toLowerCase();
  }
  return out;
}

/** Python `s.replace(old, new, count)` plus the number of replacements made. */
export function pyReplace(
  s: string,
  old: string,
  replacement: string,
  count = -1,
): { result: string; replacements: number } {
  if (count === 0) return { result: s, replacements: 0 };
  if (old === '') {
    // Python inserts `new` before every character and at the end.
    const chars = s.split('');
    const slots = chars.length + 1;
    const k = count < 0 ? slots : Math.min(count, slots);
    let out = '';
    for (let i = 0; i < chars.length; i++) out += (i < k ? replacement : '') + chars[i];
    if (k === slots) out += replacement;
    return { result: out, replacements: k };
  }
  let out = '';
  let pos = 0;
  let n = 0;
  while (count < 0 || n < count) {
    const i = s.indexOf(old, pos);
    if (i < 0) break;
    out += s.slice(pos, i) + replacement;
    pos = i + old.length;
    n++;
  }
  return { result: n === 0 ? s : out + s.slice(pos), replacements: n };
}

/** Python `s.count(sub)`: non-overlapping; an empty `sub` counts len + 1. */
export function pyCount(s: string, sub: string): number {
  if (sub === '') return s.length + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** Python slice bounds for step 1: negative indexes count from the end, then clamp to [0, len]. */
export function pySliceBounds(len: number, start?: number | null, end?: number | null): [number, number] {
  let a = start === null || start === undefined ? 0 : Math.trunc(start);
  let b = end === null || end === undefined ? len : Math.trunc(end);
  if (a < 0) a = Math.max(0, a + len);
  else if (a > len) a = len;
  if (b < 0) b = Math.max(0, b + len);
  else if (b > len) b = len;
  return [a, Math.max(a, b)];
}
