/** Python shlex.split (POSIX mode) and shlex.quote. */
import { NodeFailure } from '../types.js';

export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (has) { out.push(cur); cur = ''; has = false; }
      i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new NodeFailure('No closing quotation', 'ValueError');
      cur += s.slice(i + 1, end); has = true; i = end + 1;
    } else if (c === '"') {
      i++; has = true;
      for (;;) {
        if (i >= s.length) throw new NodeFailure('No closing quotation', 'ValueError');
        const d = s[i]!;
        if (d === '"') { i++; break; }
        if (d === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1]!)) { cur += s[i + 1]; i += 2; continue; }
        cur += d; i++;
      }
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new NodeFailure('No escaped character', 'ValueError');
      cur += s[i + 1]; has = true; i += 2;
    } else if (c === '#' && !has) {
      break;
    } else { cur += c; has = true; i++; }
  }
  if (has) out.push(cur);
  return out;
}

const SAFE = /^[\w@%+=:,./-]+$/;

export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (SAFE.test(s)) return s;
  return "'" + s.replaceAll("'", "'\"'\"'") + "'";
}
