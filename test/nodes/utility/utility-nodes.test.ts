import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { logNode } from '../../../src/nodes/utility/log-node.js';
import { waitNode } from '../../../src/nodes/utility/wait-node.js';
import { validateNode } from '../../../src/nodes/utility/validate-node.js';

describe('LogNode', () => {
  it('formats over all variables and adds id prefix and data suffix', async () => {
    const r = await runNode(logNode, { nodeId: 'n1', config: { message: 'hi {{x}} {x} {{missing}}', data: 1 }, variables: { x: 5 } });
    expect(r.logs).toEqual([{ level: 'critical', message: '[n1] hi 5 5 {missing} | Data: 1' }]);
  });
});

describe('WaitNode', () => {
  it('rejects negative durations and honours abort', async () => {
    expect((await runNode(waitNode, { config: { duration: -1 } })).error?.message).toBe('Duration must be non-negative');
    const ac = new AbortController();
    const t0 = Date.now();
    const p = runNode(waitNode, { config: { duration: 30 }, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    expect((await p).ok).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('ValidateNode', () => {
  it('routes invalid with the rule text', async () => {
    const r = await runNode(validateNode, { inputs: { value: 'ab' }, config: { validation_type: 'min_length', validation_param: 3 } });
    expect(r.returned).toEqual(['invalid']);
    expect(r.outputs).toEqual({ is_valid: false, error_message: 'Length 2 < minimum 3' });
  });
});
