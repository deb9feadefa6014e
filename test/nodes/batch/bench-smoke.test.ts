/** native-bench/batch-throughput.bench.ts in smoke mode (2 MB inputs): it still runs and writes its JSON. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('batch-throughput bench (smoke)', () => {
  it('runs both inputs through the baseline, the plain-JS floor and the pipelines, which all write the same rows', async () => {
    const out = mkdtempSync(join(tmpdir(), 'casare-batch-bench-smoke-'));
    process.env['CASARE_BENCH_SMOKE'] = '1';
    process.env['CASARE_BENCH_OUT'] = out;
    try {
      const { main } = await import('../../../native-bench/batch-throughput.bench.js');
      await main();
      const report = JSON.parse(readFileSync(join(out, 'smoke', 'batch-throughput.json'), 'utf8')) as { inputs: { rows: number }[]; results: { scenario: string; rows: number; outputSha256?: string }[] };
      const scenarios = ['bare decompress + line split', 'same work in plain JS', '5-node batch pipeline', 'same, concurrency 2', 'same, concurrency 2 + pool'];
      expect(report.results.map((r) => r.scenario)).toEqual([...scenarios, ...scenarios]);
      // NDJSON: one line per row; CSV: the header line too. The pipelines read every data row.
      expect(report.results.map((r) => r.rows)).toEqual([
        ...scenarios.map(() => report.inputs[0]!.rows),
        report.inputs[1]!.rows + 1, ...scenarios.slice(1).map(() => report.inputs[1]!.rows),
      ]);
      // The floor does the pipeline's work: the same output bytes as every engine scenario (per input).
      for (const part of [report.results.slice(0, 5), report.results.slice(5)]) {
        const digests = part.slice(1).map((r) => r.outputSha256);
        expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
        expect(new Set(digests).size).toBe(1);
      }
    } finally {
      delete process.env['CASARE_BENCH_SMOKE'];
      delete process.env['CASARE_BENCH_OUT'];
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
