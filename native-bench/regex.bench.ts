/**
 * Question: what does running Python regexes on RE2 (src/nodes/regex-guard/re2-*.ts, linear time,
 * native) cost or save against the JS RegExp path (src/nodes/regex-guard/regex-kernel.ts, V8's
 * backtracking irregexp), on normal patterns and on a catastrophic one?
 * Both go through the same translation and match iteration (pyFinditer / pySubn), so the figures
 * are what the regex nodes pay. Baseline: the JS path on the first normal case.
 * Catastrophic: `^(a+)+$` on "a"×25+"b" (JS: 2^25 backtracking paths) vs "a"×10,000+"b" (RE2),
 * 400× the input for RE2, and still compared per call.
 */
import { pathToFileURL } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { regexKernel } from '../src/nodes/regex-guard/regex-kernel.js';
import type { RegexTask } from '../src/nodes/regex-guard/regex-kernel.js';
import { NOT_RE2, regexOnRe2 } from '../src/nodes/regex-guard/re2-kernels.js';

function logText(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    out.push(`2024-05-${String(1 + (i % 28)).padStart(2, '0')} 12:${String(i % 60).padStart(2, '0')} user${i}@example.com GET /api/items/${i * 7} 200 ${i % 997}ms`);
  }
  return out.join('\n');
}

export async function main(): Promise<void> {
  const smoke = isSmoke();
  const text = logText(smoke ? 20 : 2_000); // ~190 KB of log lines
  const jsN = smoke ? 14 : 25;
  const re2N = smoke ? 100 : 10_000;
  const cases: Record<string, RegexTask> = {
    'emails finditer': { op: 'finditer', pattern: '[\\w.+-]+@[\\w-]+\\.\\w+', flags: {}, text },
    'dates named groups': { op: 'finditer', pattern: '(?P<y>\\d{4})-(?P<m>\\d{2})-(?P<d>\\d{2})', flags: {}, text },
    'line anchors multiline': { op: 'finditer', pattern: '^\\S+ \\S+ (\\S+)', flags: { multiline: true }, text },
    'subn numbers': { op: 'subn', pattern: '\\d+', flags: {}, text, repl: '<\\g<0>>' },
    'short text, short pattern': { op: 'match', pattern: '(\\w+)@(\\w+)', flags: {}, text: 'someone@example.com' },
  };
  const tasks: Record<string, () => unknown> = {};
  for (const [name, t] of Object.entries(cases)) {
    const expected = JSON.stringify(regexKernel(t));
    const got = regexOnRe2(t);
    if (got === NOT_RE2 || JSON.stringify(got) !== expected) throw new Error(`re2 and js disagree on ${name}`);
    tasks[`js  ${name}`] = () => regexKernel(t);
    tasks[`re2 ${name}`] = () => regexOnRe2(t);
  }
  const catJs: RegexTask = { op: 'finditer', pattern: '^(a+)+$', flags: {}, text: `${'a'.repeat(jsN)}b` };
  const catRe2: RegexTask = { op: 'finditer', pattern: '^(a+)+$', flags: {}, text: `${'a'.repeat(re2N)}b` };
  tasks[`js  ^(a+)+$ on a×${jsN}+b`] = () => regexKernel(catJs);
  tasks[`re2 ^(a+)+$ on a×${re2N}+b`] = () => regexOnRe2(catRe2);
  // Warm both engines (JIT, RE2 compile cache) outside the timed runs; the catastrophic JS case is
  // its own warm-up (hundreds of ms per call), so the harness warm-up is off.
  for (const [name, fn] of Object.entries(tasks)) if (!name.includes('^(a+)+$')) for (let i = 0; i < 20; i++) fn();
  regexOnRe2(catRe2);
  await runSuite('regex', tasks, {
    baseline: 'js  emails finditer', time: 700, warmup: 0, iterations: 5,
    notes: { textBytes: text.length, jsCatastrophicLength: jsN + 1, re2CatastrophicLength: re2N + 1 },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
