import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { dateTimeAddNode, dateTimeDiffNode } from '../../../src/nodes/datetime/datetime-nodes.js';

describe('date/time nodes', () => {
  it('adds with Python isoformat and diffs with signed days', async () => {
    const a = await runNode(dateTimeAddNode, { config: { datetime: '2024-01-31T10:00:00Z', months: 1, hours: 2 } });
    expect(a.outputs.result).toBe('2024-03-01T12:00:00+00:00');
    const d = await runNode(dateTimeDiffNode, { config: { datetime_1: '2024-01-02T00:00:00', datetime_2: '2024-01-01T01:30:15' } });
    expect(d.outputs).toMatchObject({ days: -1, hours: 22, minutes: 29, seconds: 45 });
    const mix = await runNode(dateTimeDiffNode, { config: { datetime_1: '2024-01-02T00:00:00', datetime_2: '2024-01-01T00:00:00Z' } });
    expect(mix.error?.message).toBe("can't subtract offset-naive and offset-aware datetimes");
  });
});
