/**
 * Compatibility corpus helpers: run a ../shared/compat workflow in a fresh working directory with
 * its `setup` fixtures, and compare a Casare run result with an expected result under the corpus
 * rules (numbers numerically, `<digits>.0` ≡ `<digits>` inside strings, `<cwd>` substitution,
 * `undetermined` ports skipped).
 */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPAT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'compat');

export interface Expected {
  workflow: string;
  status: string;
  error?: { phase: string; details?: string[]; node?: string; node_error?: string; workflow_error?: string; message?: string; type?: string };
  variables: Record<string, unknown>;
  node_outputs: Record<string, Record<string, unknown>>;
  executed: string[];
  setup?: { cwd?: string; files?: Record<string, string> };
  undetermined?: Record<string, string>;
  notes?: string;
}

export function corpusFiles(): string[] {
  return readdirSync(join(COMPAT_DIR, 'casare')).filter((f) => f.endsWith('.json')).sort();
}

export function expectedFor(file: string): Expected | null {
  const p = join(COMPAT_DIR, 'expected', file);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Expected) : null;
}

export function prepareCwd(expected: Expected | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'casare-compat-'));
  for (const [rel, content] of Object.entries(expected?.setup?.files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** Normalise for comparison: numbers as numbers, "52.0" inside strings as "52", <cwd> substituted. */
export function normalise(v: unknown, cwd: string): unknown {
  if (typeof v === 'string') return v.split('<cwd>').join(cwd).replace(/(\d)\.0(?!\d)/g, '$1');
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x) => normalise(x, cwd));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = normalise((v as Record<string, unknown>)[k], cwd);
    return out;
  }
  return v;
}

/** Drop undetermined ports (`node.port` or `node.*`) from a node_outputs map. */
export function dropUndetermined(outputs: Record<string, Record<string, unknown>>, und: Record<string, string> | undefined): Record<string, Record<string, unknown>> {
  if (!und) return outputs;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [node, ports] of Object.entries(outputs)) {
    if (und[`${node}.*`] !== undefined) continue;
    const kept: Record<string, unknown> = {};
    for (const [p, v] of Object.entries(ports)) if (und[`${node}.${p}`] === undefined) kept[p] = v;
    if (Object.keys(kept).length > 0 || Object.keys(ports).length === 0) out[node] = kept;
  }
  return out;
}
