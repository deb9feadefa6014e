/**
 * Python's `difflib.SequenceMatcher(None, a, b).ratio()`, exactly (nodes.md §17.8): matching blocks
 * found Ratcliff/Obershelp-style (longest common substring, earliest on ties, then recursively left
 * and right of it), ratio = 2·M / (len(a) + len(b)), autojunk on. Strings are compared by code point,
 * like Python's str.
 *
 * Autojunk: when b has ≥ 200 code points, elements occurring more than len(b)//100 + 1 times are
 * "popular": they are dropped from b2j, so they never start or continue a match inside the
 * longest-match search, but (isjunk is None, so bjunk is empty) the extension loops at the end of
 * find_longest_match may still grow a match over them. Both effects are reproduced.
 *
 * Instead of CPython's b2j dict walk, the longest-match search scans the (alo..ahi)×(blo..bhi)
 * window row by row with two reusable Int32Array rows: same visiting order (i ascending, j
 * ascending, strictly-greater update), so the same tie-breaking, and no Map per pair: the fuzzy
 * nodes score mostly short strings, where the window is small (10⁶ pairs of 6–13 chars: ~0.9 s
 * inline, native-bench/pool-fuzzy.bench.ts).
 */

/** Code points of `s` (UTF-16 surrogate pairs joined, as Python indexes str). */
export function toCodePoints(s: string): Int32Array {
  const n = s.length;
  let astral = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) { astral = true; break; }
  }
  if (!astral) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  const tmp: number[] = [];
  for (const ch of s) tmp.push(ch.codePointAt(0) as number);
  return Int32Array.from(tmp);
}

/** Reusable scratch rows; grown on demand, never shrunk (a kernel thread keeps one). */
let rowA = new Int32Array(256);
let rowB = new Int32Array(256);

function ensureRows(n: number): void {
  if (rowA.length < n) {
    let len = rowA.length;
    while (len < n) len *= 2;
    rowA = new Int32Array(len);
    rowB = new Int32Array(len);
  }
}

/** popular[j] = 1 when b[j] is an autojunk-popular element (only computed when lb ≥ 200). */
function popularMask(b: Int32Array): Uint8Array | null {
  const n = b.length;
  if (n < 200) return null;
  const ntest = Math.floor(n / 100) + 1;
  const counts = new Map<number, number>();
  for (let j = 0; j < n; j++) counts.set(b[j]!, (counts.get(b[j]!) ?? 0) + 1);
  const mask = new Uint8Array(n);
  let any = false;
  for (let j = 0; j < n; j++) {
    if ((counts.get(b[j]!) as number) > ntest) { mask[j] = 1; any = true; }
  }
  return any ? mask : null;
}

/**
 * Sum of the matching block sizes (M) of SequenceMatcher(None, a, b). The block queue is processed
 * LIFO like CPython's; the order does not change M but keeps the recursion identical.
 */
export function matchingCharacters(a: Int32Array, b: Int32Array): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  ensureRows(lb + 1);
  const pop = popularMask(b);
  let total = 0;
  const stack: number[] = [0, la, 0, lb];
  while (stack.length > 0) {
    const bhi = stack.pop() as number;
    const blo = stack.pop() as number;
    const ahi = stack.pop() as number;
    const alo = stack.pop() as number;
    // find_longest_match(alo, ahi, blo, bhi)
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let prev = rowA;
    let cur = rowB;
    // prev[j + 1] = length of the match ending at (i - 1, j); index blo stands for "j - 1 < blo" = 0.
    prev.fill(0, blo, bhi + 1);
    cur[blo] = 0;
    for (let i = alo; i < ahi; i++) {
      const ai = a[i]!;
      for (let j = blo; j < bhi; j++) {
        if (b[j] === ai && (pop === null || pop[j] === 0)) {
          const k = prev[j]! + 1;
          cur[j + 1] = k;
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        } else {
          cur[j + 1] = 0;
        }
      }
      const t = prev; prev = cur; cur = t;
    }
    if (pop !== null) {
      // Extension over popular (non-junk) elements, as CPython's first two while loops.
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    }
    if (bestsize > 0) {
      total += bestsize;
      if (alo < besti && blo < bestj) stack.push(alo, besti, blo, bestj);
      if (besti + bestsize < ahi && bestj + bestsize < bhi) stack.push(besti + bestsize, ahi, bestj + bestsize, bhi);
    }
  }
  return total;
}

/** difflib ratio over code point arrays; 1.0 when both are empty (as CPython). */
export function ratioCodePoints(a: Int32Array, b: Int32Array): number {
  const n = a.length + b.length;
  if (n === 0) return 1.0;
  return (2.0 * matchingCharacters(a, b)) / n;
}

/** `difflib.SequenceMatcher(None, a, b).ratio()`. */
export function sequenceRatio(a: string, b: string): number {
  return ratioCodePoints(toCodePoints(a), toCodePoints(b));
}
