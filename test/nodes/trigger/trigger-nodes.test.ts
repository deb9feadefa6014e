import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { specs } from '../../../src/nodes/trigger/index.js';

describe('trigger nodes', () => {
  it('are pass-through entry nodes: no exec_in, routing D, nothing stored', async () => {
    expect(specs.length).toBeGreaterThanOrEqual(16);
    for (const s of specs) {
      expect(s.execIn).toBe(false);
      expect(s.routing).toBe('D');
      expect(s.category).toBe('triggers');
      const r = await runNode(s, { config: { anything: 1 } });
      expect(r.ok).toBe(true);
      expect(r.outputs).toEqual({});
    }
    const webhook = specs.find((s) => s.type === 'WebhookTriggerNode')!;
    expect(webhook.outputs).toContain('payload');
    expect(Object.keys(webhook.config ?? {})).not.toContain('secret');
  });
});
