/** fnmatch-style name patterns (`*`, `?`, `[seq]`, `[!seq]`) compiled once per pattern. */
const cache = new Map<string, RegExp>();

/**
 * fnmatch syntax to RegExp source: `star` / `one` are what `*` / `?` match (any text for names,
 * `[^/]*` / `[^/]` for path segments); `[seq]`, `[!seq]` as in Python; everything else literal.
 */
export function globToSource(pattern: string, star: string, one: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += star;
    else if (c === '?') out += one;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) { out += '\\['; continue; }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return out;
}

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  const out = globToSource(pattern, '.*', '.');
  re = new RegExp(`^${out}$`, 's');
  if (cache.size > 256) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Match a relative path (`/`-separated) against a pattern; patterns without `/` match the name only. */
export function globMatch(pattern: string, name: string, relPath: string): boolean {
  if (pattern.includes('/')) {
    const p = pattern.startsWith('**/') ? pattern.slice(3) : pattern;
    return globToRegExp(p).test(relPath) || globToRegExp(p).test(name);
  }
  return globToRegExp(pattern).test(name);
}
