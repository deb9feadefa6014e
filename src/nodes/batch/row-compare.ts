/**
 * Row comparators for BatchSortNode, with TableSortNode's key semantics: keys [{column,
 * descending=false, type='auto'|'number'|'string'}] or a column name; null / missing / unparsable
 * keys sort last in both directions; 'auto' orders by type (bool, number, string, other) then value.
 */
import { NodeFailure } from '../types.js';

export interface SortKeySpec { readonly column: string; readonly descending: boolean; readonly type: 'auto' | 'number' | 'string' }

export function parseSortKeys(v: unknown): SortKeySpec[] {
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
  if (list === null || list.length === 0) throw new NodeFailure('keys must be a column name or a list of {column, descending, type}', 'TypeError');
  return list.map((k) => {
    if (typeof k === 'string') return { column: k, descending: false, type: 'auto' as const };
    if (k === null || typeof k !== 'object' || typeof (k as { column?: unknown }).column !== 'string') {
      throw new NodeFailure('each sort key needs a "column" name', 'TypeError');
    }
    const o = k as { column: string; descending?: unknown; type?: unknown };
    const type = o.type ?? 'auto';
    if (type !== 'auto' && type !== 'number' && type !== 'string') throw new NodeFailure(`sort key type must be auto, number or string, got '${String(type)}'`, 'ValueError');
    return { column: o.column, descending: o.descending === true, type };
  });
}

function rank(v: unknown): number {
  switch (typeof v) {
    case 'boolean': return 0;
    case 'number': return Number.isNaN(v) ? 5 : 1;
    case 'string': return 2;
    default: return v === null || v === undefined ? 5 : 3;
  }
}

function keyOf(v: unknown, type: SortKeySpec['type']): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'number') { const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN; return Number.isNaN(n) ? null : n; }
  if (type === 'string') return typeof v === 'string' ? v : String(v);
  return v;
}

function cmpValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) { const sa = JSON.stringify(a); const sb = JSON.stringify(b); return sa < sb ? -1 : sa > sb ? 1 : 0; }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** A comparator over row objects for these keys. */
export function rowComparator(keys: readonly SortKeySpec[]): (a: unknown, b: unknown) => number {
  return (a, b) => {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of keys) {
      const x = keyOf(ra[k.column], k.type);
      const y = keyOf(rb[k.column], k.type);
      const nx = x === null || (typeof x === 'number' && Number.isNaN(x));
      const ny = y === null || (typeof y === 'number' && Number.isNaN(y));
      if (nx || ny) { if (nx && ny) continue; return nx ? 1 : -1; }
      const c = cmpValues(x, y);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}
