/**
 * Every compat workflow loads or fails exactly as its expected result says. Files without an
 * expected result load, or fail only because a node type is unknown or unsupported. While the node
 * registry is being filled in, files using not-yet-registered types fail here; they turn green as
 * the registry grows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_OPTIONS, loadWorkflow } from '../../src/load/load-workflow.js';
import { issueDetails } from '../../src/load/validate-semantic.js';
import type { Issue } from '../../src/errors.js';

const COMPAT = '/work/shared/compat';
const files = existsSync(join(COMPAT, 'casare')) ? readdirSync(join(COMPAT, 'casare')).filter((f) => f.endsWith('.json')).sort() : [];

interface Expected { status: string; error?: { phase: string; message: string; details: string[] } }

describe.skipIf(files.length === 0)('compat corpus loading', () => {
  for (const f of files) {
    const expPath = join(COMPAT, 'expected', f);
    const expected: Expected | null = existsSync(expPath) ? JSON.parse(readFileSync(expPath, 'utf8')) : null;
    const loadFails = expected?.status === 'error' && expected.error?.phase === 'load';
    it(`${f} ${loadFails ? 'fails to load as expected' : expected ? 'loads' : 'loads or fails only on node types'}`, async () => {
      let err: { code: string; message: string; issues?: Issue[] } | null = null;
      try {
        const doc = await loadWorkflow(join(COMPAT, 'casare', f), DEFAULT_LOAD_OPTIONS);
        expect(doc.nodes.length).toBeGreaterThan(0);
      } catch (e) {
        err = e as NonNullable<typeof err>;
      }
      if (loadFails) {
        expect(err).not.toBeNull();
        expect(err!.message).toBe(expected!.error!.message);
        expect(issueDetails(err!.issues ?? [])).toEqual(expected!.error!.details);
      } else if (expected) {
        expect(err && { code: err.code, details: issueDetails(err.issues ?? []) }).toBeNull();
      } else if (err) {
        expect(['CASARE_E_VALIDATE_UNSUPPORTED_NODE', 'CASARE_E_VALIDATE_UNKNOWN_NODE_TYPE', 'CASARE_E_VALIDATE_SEMANTIC']).toContain(err.code);
        const kinds = new Set((err.issues ?? []).filter((i) => i.severity === 'error').map((i) => i.code));
        expect([...kinds].filter((k) => k !== 'UNSUPPORTED_NODE' && k !== 'UNKNOWN_NODE_TYPE')).toEqual([]);
      }
    });
  }
});
