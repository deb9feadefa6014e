/**
 * vitest globalSetup: every temporary file of the run (tests, the code under test, the CLI and
 * browsers they start) goes to one fresh directory through TMPDIR, and the run fails when anything
 * is left there at the end: a temp file that outlives its test is a leak like a handle or a lease.
 * Listed after the PostgreSQL setup, whose shared cluster lives in the real temp dir.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;
let previous: string | undefined;

export function setup(): void {
  previous = process.env.TMPDIR;
  root = mkdtempSync(join(tmpdir(), 'casare-test-run-'));
  chmodSync(root, 0o711); // a test's own PostgreSQL cluster lives below it: the postgres user must pass through
  process.env.TMPDIR = root;
}

export function teardown(): void {
  if (root === undefined) return;
  // tsx (the TypeScript loader of worker threads under test) keeps a compile cache there on purpose.
  const left = readdirSync(root).filter((name) => !name.startsWith('tsx-'));
  rmSync(root, { recursive: true, force: true });
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  root = undefined;
  if (left.length > 0) {
    // vitest prints an error thrown here but still exits 0: set the exit code too.
    process.exitCode = 1;
    throw new Error(`the test run left ${left.length} temporary entries behind: ${left.slice(0, 20).join(', ')}`);
  }
}
