/** fnmatch-style name patterns (`*`, `?`, `[seq]`, `[!seq]`) compiled once per pattern. */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) { out += '\\['; continue; }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
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
