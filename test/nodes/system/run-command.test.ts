import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { runCommandNode } from '../../../src/nodes/system/run-command-node.js';

describe('RunCommandNode', () => {
  it('runs through sh -c with shell and without a shell otherwise', async () => {
    const r = await runNode(runCommandNode, { config: { command: 'echo Hello from RunCommandNode', shell: true } });
    expect(r.outputs).toEqual({ stdout: 'Hello from RunCommandNode\n', stderr: '', return_code: 0, success: true });
    const n = await runNode(runCommandNode, { config: { command: 'printf', args: ['%s|', 'a b'] } });
    expect(n.outputs.stdout).toBe('a b|');
  });
  it('blocks dangerous commands and times out', async () => {
    expect((await runNode(runCommandNode, { config: { command: 'rm -rf x' } })).error?.message)
      .toBe("Command 'rm' is blocked for security reasons. Set allow_dangerous=True in config to override (not recommended).");
    expect((await runNode(runCommandNode, { config: { command: 'sleep 5', timeout: 0.2 } })).error?.message).toBe('Command timed out after 0.2s');
  });
});
