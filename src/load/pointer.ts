/**
 * Small helpers for locating things in a workflow document: RFC 6901 pointers and the Python type
 * names REF's messages use.
 */

/** Escape one RFC 6901 reference token. */
export function escapePointer(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Python's `type(value).__name__` for a JSON value, as REF's messages print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** Python's str() of a JSON scalar as REF's f-strings print it (None, True, False). */
export function pyStrScalar(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}
