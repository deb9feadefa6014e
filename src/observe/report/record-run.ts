/**
 * One run with everything a report needs: node events, an event-loop time series and memory
 * samples. For `casare run --report`: `const { result, report } = await recordRun(engine, file)`,
 * then `writeRunReport(path, report)` when `report` is not null (null: the workflow did not load).
 */
import { performance } from 'node:perf_hooks';
import type { Engine, RunOptions } from '../../engine.js';
import type { RunResult } from '../../execute/result.js';
import { isCasareError } from '../../errors.js';
import { LoopMonitor } from '../event-loop.js';
import { RunRecorder } from './run-recorder.js';
import { MemorySampler } from './memory-sampler.js';
import { buildRunReportData } from './build-report-data.js';
import type { RunReportData } from './report-types.js';

export interface RecordRunOptions extends Omit<RunOptions, 'onEvent'> {
  /** Event-loop and memory sample interval (ms). @default 5 */
  readonly sampleEveryMs?: number;
  readonly title?: string;
}

/** Run `workflow` once on `engine`, recording what the HTML report shows. */
export async function recordRun(engine: Engine, workflow: string, options: RecordRunOptions = {}): Promise<{ result: RunResult; report: RunReportData | null }> {
  const { sampleEveryMs = 5, title, ...runOptions } = options;
  let loaded;
  try {
    loaded = await engine.load(workflow);
  } catch (e) {
    if (!isCasareError(e)) throw e;
    return { result: await engine.run(workflow, runOptions), report: null };
  }
  const recorder = new RunRecorder();
  const monitor = new LoopMonitor({ sampleEveryMs, maxSamples: 4000 });
  const memory = new MemorySampler(Math.max(sampleEveryMs, 10));
  await monitor.start();
  const startedAt = performance.now();
  memory.start();
  let result: RunResult;
  try {
    result = await engine.run(loaded, { ...runOptions, onEvent: recorder.onEvent });
  } catch (e) {
    memory.stop();
    monitor.stop();
    throw e;
  }
  const points = memory.stop();
  const loop = await monitor.finish();
  const pool = result.stats['pool'] as { tasks?: number } | undefined;
  const report = buildRunReportData({
    plan: loaded.plan, result, recorder, loop: { stats: loop, startedAt }, memory: points, file: workflow,
    ...(title !== undefined && { title }),
    ...(pool?.tasks !== undefined && { poolTasks: pool.tasks }),
  });
  return { result, report };
}
