/**
 * Offset of the first JSON syntax error in a text (RFC 8259), for error messages only: JSON.parse
 * has already failed when this runs. Iterative (an explicit stack of containers), so nesting depth
 * is not limited by the call stack.
 */

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

function isWs(c: number): boolean {
  return c < 128 && WS[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Returns the end of a string starting at `i` (the opening quote), or -(error offset) - 1. */
function scanString(s: string, i: number): number {
  const n = s.length;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -j - 1;
    if (c === 0x5c) {
      const e = s.charCodeAt(j + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(j + k))) return -(j + k) - 1;
        j += 5;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j++;
      } else {
        return -(j + 1) - 1;
      }
    }
  }
  return -n - 1;
}

/** Returns the end of a number starting at `i`, or -(error offset) - 1. */
function scanNumber(s: string, i: number): number {
  let j = i;
  if (s.charCodeAt(j) === 0x2d) j++;
  if (s.charCodeAt(j) === 0x30) {
    j++;
  } else if (isDigit(s.charCodeAt(j))) {
    while (isDigit(s.charCodeAt(j))) j++;
  } else {
    return -j - 1;
  }
  if (s.charCodeAt(j) === 0x2e) {
    j++;
    if (!isDigit(s.charCodeAt(j))) return -j - 1;
    while (isDigit(s.charCodeAt(j))) j++;
  }
  const e = s.charCodeAt(j);
  if (e === 0x65 || e === 0x45) {
    j++;
    const sign = s.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    if (!isDigit(s.charCodeAt(j))) return -j - 1;
    while (isDigit(s.charCodeAt(j))) j++;
  }
  return j;
}

const LITERALS = ['true', 'false', 'null'];

/** Offset of the first syntax error; `text.length` for an unexpected end; -1 if the text is valid. */
export function findJsonErrorOffset(s: string): number {
  const n = s.length;
  // Container stack: 0 = array, 1 = object.
  const stack: number[] = [];
  let i = 0;
  // 'value' = a value is expected; 'after' = a value just ended; 'key' = an object key is expected.
  let want: 'value' | 'after' | 'key' | 'firstKey' | 'firstValue' = 'value';
  for (;;) {
    while (i < n && isWs(s.charCodeAt(i))) i++;
    if (i >= n) return stack.length === 0 && want === 'after' ? -1 : n;
    const c = s.charCodeAt(i);
    if (want === 'after') {
      if (stack.length === 0) return i;
      const top = stack[stack.length - 1];
      if (c === 0x2c) {
        want = top === 1 ? 'key' : 'value';
        i++;
      } else if ((top === 0 && c === 0x5d) || (top === 1 && c === 0x7d)) {
        stack.pop();
        i++;
      } else {
        return i;
      }
      continue;
    }
    if (want === 'key' || want === 'firstKey') {
      if (want === 'firstKey' && c === 0x7d) {
        stack.pop();
        want = 'after';
        i++;
        continue;
      }
      if (c !== 0x22) return i;
      const end = scanString(s, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && isWs(s.charCodeAt(i))) i++;
      if (i >= n) return n;
      if (s.charCodeAt(i) !== 0x3a) return i;
      i++;
      want = 'value';
      continue;
    }
    // A value is expected.
    if (want === 'firstValue' && c === 0x5d) {
      stack.pop();
      want = 'after';
      i++;
      continue;
    }
    if (c === 0x7b) {
      stack.push(1);
      want = 'firstKey';
      i++;
    } else if (c === 0x5b) {
      stack.push(0);
      want = 'firstValue';
      i++;
    } else if (c === 0x22) {
      const end = scanString(s, i);
      if (end < 0) return -end - 1;
      i = end;
      want = 'after';
    } else if (c === 0x2d || isDigit(c)) {
      const end = scanNumber(s, i);
      if (end < 0) return -end - 1;
      i = end;
      want = 'after';
    } else {
      const lit = LITERALS.find((l) => s.startsWith(l, i));
      if (lit === undefined) {
        // Point at the first character that breaks a literal prefix ("tru}" -> the "}").
        for (const l of LITERALS) {
          if (l.charCodeAt(0) !== c) continue;
          let k = 1;
          while (k < l.length && s.charCodeAt(i + k) === l.charCodeAt(k)) k++;
          return Math.min(i + k, n);
        }
        return i;
      }
      i += lit.length;
      want = 'after';
    }
  }
}
