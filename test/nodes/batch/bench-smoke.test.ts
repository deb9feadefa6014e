/** native-bench/batch-throughput.bench.ts in smoke mode (2 MB inputs): it still runs and writes its JSON. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('batch-throughput bench (smoke)', () => {
  it('runs both inputs through the baseline and both pipelines and records the results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'casare-batch-bench-smoke-'));
    process.env['CASARE_BENCH_SMOKE'] = '1';
    process.env['CASARE_BENCH_OUT'] = out;
    try {
      const { main } = await import('../../../native-bench/batch-throughput.bench.js');
      await main();
      const report = JSON.parse(readFileSync(join(out, 'smoke', 'batch-throughput.json'), 'utf8')) as { inputs: { rows: number }[]; results: { scenario: string; rows: number }[] };
      const scenarios = ['bare decompress + line split', '5-node batch pipeline', 'same, concurrency 2', 'same, concurrency 2 + pool'];
      expect(report.results.map((r) => r.scenario)).toEqual([...scenarios, ...scenarios]);
      // NDJSON: one line per row; CSV: the header line too. The pipelines read every data row.
      expect(report.results.map((r) => r.rows)).toEqual([
        ...scenarios.map(() => report.inputs[0]!.rows),
        report.inputs[1]!.rows + 1, ...scenarios.slice(1).map(() => report.inputs[1]!.rows),
      ]);
    } finally {
      delete process.env['CASARE_BENCH_SMOKE'];
      delete process.env['CASARE_BENCH_OUT'];
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
