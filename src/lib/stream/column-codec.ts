/**
 * A compact, thread-crossing form of some columns of a batch of rows: per column a type tag per
 * row (Uint8Array), numbers in a Float64Array, all string cells concatenated into one string with
 * end offsets (Uint32Array). The typed arrays are moved to the worker, the one string is copied
 * flat; nothing per row or per cell is left for the structured clone, which costs ~0.4 µs per
 * small object (native-bench/batch-pool.bench.ts compares both). A column holding any other value
 * (list, dict) travels as a plain array (cloned): correct, just not compact; a class instance,
 * bigint or symbol makes the column unencodable (null): the caller stays inline.
 *
 * A missing key and `undefined` are both tag MISSING (JSON rows have no undefined).
 */

export const enum Tag { Missing = 0, Null = 1, Str = 2, Num = 3, False = 4, True = 5 }

export type EncodedColumn =
  | { readonly kind: 'packed'; readonly tags: Uint8Array; readonly nums: Float64Array; readonly text: string; readonly ends: Uint32Array }
  | { readonly kind: 'plain'; readonly values: unknown[] };

/** Columns by name, plus which rows were not dicts at all. */
export interface EncodedColumns {
  readonly rows: number;
  readonly names: readonly string[];
  readonly columns: readonly EncodedColumn[];
  /** 1 = the row is not a dict (it has no columns). Empty when every row is a dict. */
  readonly notDict: Uint8Array;
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);

/** Encode the values of `name` in each row (`get(i)` returns the cell or undefined). */
/** Null when a cell holds something that cannot cross unchanged (class instance, bigint, symbol). */
export function encodeColumn(n: number, get: (i: number) => unknown): EncodedColumn | null {
  const tags = new Uint8Array(n);
  const ends = new Uint32Array(n);
  let nums: Float64Array = EMPTY_F64;
  let text = '';
  for (let i = 0; i < n; i++) {
    const v = get(i);
    switch (typeof v) {
      case 'string': tags[i] = Tag.Str; text += v; break;
      case 'bigint': case 'symbol': return null;
      case 'number':
        if (nums.length === 0) nums = new Float64Array(n);
        tags[i] = Tag.Num; nums[i] = v; break;
      case 'boolean': tags[i] = v ? Tag.True : Tag.False; break;
      case 'undefined': case 'function': break; // function: a prototype member, not a cell
      default:
        if (v === null) { tags[i] = Tag.Null; break; }
        return plainColumn(n, get);
    }
    ends[i] = text.length;
  }
  return { kind: 'packed', tags, nums, text, ends };
}

/** Lists and plain dicts cross as they are; anything else (a class instance, a Map) would arrive changed. */
function plainColumn(n: number, get: (i: number) => unknown): EncodedColumn | null {
  const values = new Array<unknown>(n);
  for (let k = 0; k < n; k++) {
    const v = get(k);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return null;
    } else if (typeof v === 'function') continue; // not a cell (a prototype member): missing
    else if (typeof v === 'bigint' || typeof v === 'symbol') return null;
    values[k] = v;
  }
  return { kind: 'plain', values };
}

/** Encode columns `names` of `rows` (rows that are not plain dicts are flagged, their cells missing). */
export function encodeColumns(rows: readonly unknown[], names: readonly string[]): EncodedColumns | null {
  const n = rows.length;
  let notDict: Uint8Array = EMPTY_U8;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      if (notDict.length === 0) notDict = new Uint8Array(n);
      notDict[i] = 1;
    }
  }
  const columns: EncodedColumn[] = [];
  for (const name of names) {
    const c = encodeColumn(n, notDict.length === 0
      ? (i) => (rows[i] as Record<string, unknown>)[name]
      : (i) => (notDict[i] === 1 ? undefined : ownValue(rows[i] as Record<string, unknown>, name)));
    if (c === null) return null;
    columns.push(c);
  }
  return { rows: n, names, columns, notDict };
}

function ownValue(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/** Cell `i` of a column (undefined = missing). */
export function cellAt(c: EncodedColumn, i: number): unknown {
  if (c.kind === 'plain') return c.values[i];
  switch (c.tags[i]) {
    case Tag.Str: return c.text.slice(i === 0 ? 0 : c.ends[i - 1]!, c.ends[i]!);
    case Tag.Num: return c.nums[i];
    case Tag.Null: return null;
    case Tag.True: return true;
    case Tag.False: return false;
    default: return undefined;
  }
}

/** The buffers to move with a set of columns. */
export function columnBuffers(cols: readonly EncodedColumn[], extra: readonly ArrayBufferView[] = []): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (v: ArrayBufferView): void => { if (v.byteLength > 0 && v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer); };
  for (const c of cols) if (c.kind === 'packed') { add(c.tags); add(c.nums); add(c.ends); }
  for (const v of extra) add(v);
  return out;
}

/**
 * The keys shared by every row, in order, or null when a row is not a dict or its own keys differ
 * from the first row's (in set or order). for-in over a fast object reads the enum cache: no
 * per-row array as Object.keys would allocate.
 */
export function uniformKeys(rows: readonly unknown[]): string[] | null {
  if (rows.length === 0) return [];
  const r0 = rows[0];
  if (r0 === null || typeof r0 !== 'object' || Array.isArray(r0)) return null;
  const keys = Object.keys(r0);
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
    let k = 0;
    for (const key in r) if (key !== keys[k++]) return null;
    if (k !== keys.length) return null;
  }
  return keys;
}
