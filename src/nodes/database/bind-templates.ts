/**
 * Turns template references in SQL text into bind parameters (issue 5: templates are bound, never
 * spliced, so a `'; DROP TABLE x; --` value is inert). `{{ path }}` and `${ path }` become `$k`
 * (numbered after the node's own `parameters`); a reference inside a single-quoted literal splits
 * the literal (`'a{{x}}b'` -> `'a' || $k::text || 'b'`; a literal that is only the reference becomes
 * `$k`). The `%name%` form is left as text: it collides with LIKE patterns. Identifiers (table
 * names) cannot be bound; a template there is a SQL error rather than an injection.
 */

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const PATH = `\\$?${IDENT}(?:\\.${IDENT}|\\[\\d+\\])*`;
const REF = new RegExp(`\\{\\{\\s*${PATH}\\s*\\}\\}|\\$\\{\\s*${PATH}\\s*\\}`, 'y');

export interface BoundSql {
  text: string;
  values: unknown[];
}

/**
 * Bind the references in `sql`; `resolveRef(refText)` gives a reference's value; parameter numbers
 * start at `first` (1 + the count of the node's own parameters).
 */
export function bindTemplates(sql: string, first: number, resolveRef: (ref: string) => unknown): BoundSql {
  if (!sql.includes('{{') && !sql.includes('${')) return { text: sql, values: [] };
  const values: unknown[] = [];
  let out = '';
  let inLiteral = false;
  let literalStart = -1; // index in `out` of the opening quote of the current literal
  let literalHasText = false;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'") {
      if (inLiteral && sql[i + 1] === "'") { out += "''"; i += 2; literalHasText = true; continue; }
      inLiteral = !inLiteral;
      if (inLiteral) { literalStart = out.length; literalHasText = false; }
      out += c;
      i++;
      continue;
    }
    if (c === '{' || c === '$') {
      REF.lastIndex = i;
      const m = REF.exec(sql);
      if (m !== null) {
        const ref = m[0];
        values.push(resolveRef(ref));
        const n = `$${first + values.length - 1}`;
        i += ref.length;
        if (!inLiteral) { out += n; continue; }
        if (!literalHasText && sql[i] === "'" && sql[i + 1] !== "'") {
          // The whole literal is the reference: drop the quotes, bind as is.
          out = out.slice(0, literalStart) + n;
          inLiteral = false;
          i++;
          continue;
        }
        out += `' || ${n}::text || '`;
        literalHasText = true;
        continue;
      }
    }
    if (inLiteral) literalHasText = true;
    out += c;
    i++;
  }
  return { text: out, values };
}
