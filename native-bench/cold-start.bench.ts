/**
 * Question: what does `casare run` cost from process start for a 30-node workflow, against
 * `node -e 0` (the floor of any Node CLI)?
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite, isSmoke } from './support/harness.js';
import { wideWorkflow } from './support/generate.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'casare-bench-'));
  const path = join(dir, 'w30.json');
  writeFileSync(path, JSON.stringify(wideWorkflow(30)));
  try {
    await runSuite('cold-start-30', {
      'node -e 0': () => { execFileSync(process.execPath, ['-e', '0']); },
      'casare run (30 nodes)': () => { execFileSync(process.execPath, [cli, 'run', path, '--json']); },
    }, { time: isSmoke() ? 10 : 5000, iterations: isSmoke() ? 1 : 10 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
