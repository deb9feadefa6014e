/**
 * The compatibility corpus (../shared/compat): every file with an expected result runs in a fresh
 * working directory and must match it (status, error, variables, node outputs, executed); every
 * other file must load or fail validation with the clear unsupported-node error.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createEngine } from '../../src/index.js';
import { COMPAT_DIR, corpusFiles, dropUndetermined, expectedFor, normalise, prepareCwd } from '../support/compat.js';

const files = corpusFiles();

describe('compat corpus', () => {
  it('has the 54 files and 31 expected results it documents', () => {
    expect(files.length).toBe(54);
    expect(files.filter((f) => expectedFor(f) !== null).length).toBe(31);
  });

  for (const file of files) {
    const expected = expectedFor(file);
    if (expected === null) {
      it(`${file} loads or fails only as unsupported`, async () => {
        const engine = createEngine({ monitorEventLoop: false });
        try {
          await engine.load(join(COMPAT_DIR, 'casare', file));
        } catch (e) {
          const err = e as { code: string; issues?: { code: string; nodeId?: string }[] };
          expect(err.code).toBe('CASARE_E_VALIDATE_UNSUPPORTED_NODE');
          const errors = (err.issues ?? []).filter((i) => (i as { severity?: string }).severity === 'error');
          expect(errors.length).toBeGreaterThan(0);
          for (const i of errors) expect(i.nodeId).toBeTruthy();
        } finally {
          await engine.close();
        }
      });
      continue;
    }
    it(`${file} matches expected/ (${expected.status})`, async () => {
      const cwd = prepareCwd(expected);
      const engine = createEngine({ cwd, monitorEventLoop: false, retainOutputs: 'all' });
      try {
        const r = await engine.run(join(COMPAT_DIR, 'casare', file));
        expect(r.status).toBe(expected.status);
        if (expected.error?.phase === 'load') {
          expect(r.error?.phase).toBe('load');
          expect(r.error?.details).toEqual(expected.error.details);
        } else if (expected.error?.phase === 'run') {
          expect(r.error?.nodeId).toBe(expected.error.node);
          expect(normalise(r.error?.message, cwd)).toBe(normalise(expected.error.node_error, cwd));
        } else {
          expect(r.error).toBeUndefined();
        }
        expect(r.executed).toEqual(expected.executed);
        expect(normalise(r.variables, cwd)).toEqual(normalise(expected.variables, cwd));
        const und = expected.undetermined;
        expect(normalise(dropUndetermined(r.outputs, und), cwd)).toEqual(normalise(dropUndetermined(expected.node_outputs, und), cwd));
      } finally {
        await engine.close();
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }
});
