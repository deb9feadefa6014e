/** CommitSequencer: ordered turns for out-of-order batches, the committed prefix, fail-fast stop. */
import { describe, expect, it } from 'vitest';
import { CommitSequencer } from '../../../src/lib/stream/commit-sequencer.js';

const stopped = (f: number): Error => new Error(`stopped after ${f}`);

describe('CommitSequencer', () => {
  it('grants turns in order whatever order the items end in, and counts the committed prefix', async () => {
    const commits: number[] = [];
    const s = new CommitSequencer(true, (q) => commits.push(q), stopped);
    const order: number[] = [];
    const turns = [3, 1, 2, 0].map((q) => s.turn(q).then(() => { order.push(q); s.end(q, true); }));
    await Promise.all(turns);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(commits).toEqual([0, 1, 2, 3]);
    expect(s.committed).toBe(4);
  });

  it('fail fast: a failure rejects later turns, earlier items still commit, the prefix stops at the failure', async () => {
    const s = new CommitSequencer(true, () => undefined, stopped);
    const late = s.turn(3);
    s.end(2, false);
    await expect(late).rejects.toThrow('stopped after 2');
    await expect(s.turn(4)).rejects.toThrow();
    await s.turn(0);
    s.end(0, true);
    await s.turn(1);
    s.end(1, true);
    s.end(3, true);
    expect(s.committed).toBe(2);
  });

  it('without fail fast a failed item is passed over: later turns come, the prefix still stops at it', async () => {
    const s = new CommitSequencer(false, () => undefined, stopped);
    const t2 = s.turn(2);
    s.end(0, true);
    s.end(1, false);
    await t2;
    s.end(2, true);
    expect(s.committed).toBe(1);
  });
});
