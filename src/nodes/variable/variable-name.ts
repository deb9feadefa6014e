/**
 * The variable-name rule (VN, nodes.md §1.1 and §10): after the D2 read, a non-empty string is taken
 * as a variable name, with one `{{ }}` wrapper stripped. Used by the list nodes, MathOperation's
 * config operands and SetVariable-style name reads.
 */
import type { Variables } from '../types.js';

/** `"{{ name }}"` -> `"name"`; any other string is returned trimmed. */
export function variableNameOf(s: string): string {
  const t = s.trim();
  if (t.length >= 4 && t.startsWith('{{') && t.endsWith('}}')) return t.slice(2, -2).trim();
  return t;
}

/**
 * VN read: a non-empty string naming an existing variable becomes that variable's value; every
 * other value (and a string naming no variable) is returned unchanged.
 */
export function vnValue(vars: Variables, v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  const name = variableNameOf(v);
  return vars.has(name) ? vars.get(name) : v;
}

/**
 * VN read with a fallback: a non-empty string is a variable name, and a missing variable gives
 * `missing` instead of the string (the list input rule: missing -> []).
 */
export function vnValueOr(vars: Variables, v: unknown, missing: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  const name = variableNameOf(v);
  return vars.has(name) ? vars.get(name) : missing;
}
