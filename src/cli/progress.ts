/**
 * Progress display for batch runs: a bar on a TTY (cli-progress), plain lines at most once a second
 * otherwise (CI, pipes), NDJSON events on stderr with --json. The event-loop p99 shown is this
 * process's own, sampled since the run started.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import type { BatchProgressEvent } from '../nodes/batch/progress.js';

const require = createRequire(import.meta.url);

export interface ProgressDisplay {
  readonly sink: (e: BatchProgressEvent) => void;
  stop(): void;
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const eta = (ms: number | null): string => (ms === null ? '?' : ms < 1000 ? '<1s' : `${Math.round(ms / 1000)}s`);

export function createProgressDisplay(mode: 'json' | 'auto', stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const p99 = (): number => lag.percentile(99) / 1e6;
  if (mode === 'json') {
    return {
      sink: (e) => { stream.write(`${JSON.stringify({ ...e, loopP99Ms: p99() })}\n`); },
      stop: () => lag.disable(),
    };
  }
  if (stream.isTTY) {
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = new SingleBar({
      format: '{node} |{bar}| {percentage}% | {rows} rows | {read} | {rate} rows/s | ETA {etaText} | loop p99 {lag} ms',
      hideCursor: true, stream,
    }, Presets.shades_classic);
    let started = false;
    const payload = (e: BatchProgressEvent) => ({ node: e.nodeId, rows: e.rows, read: mb(e.bytesRead), rate: Math.round(e.rowsPerSec), etaText: eta(e.etaMs), lag: p99().toFixed(1) });
    return {
      sink: (e) => {
        if (!started) { bar.start(Math.max(1, e.bytesTotal), 0, payload(e)); started = true; }
        bar.update(e.bytesRead, payload(e));
        if (e.phase === 'done' || e.phase === 'error') { bar.stop(); started = false; }
      },
      stop: () => { if (started) bar.stop(); lag.disable(); },
    };
  }
  let last = 0;
  return {
    sink: (e) => {
      const now = Date.now();
      if (e.phase === 'batch' && now - last < 1000) return;
      last = now;
      const pct = e.bytesTotal > 0 ? ` ${((100 * e.bytesRead) / e.bytesTotal).toFixed(0)}%` : '';
      stream.write(`[progress] ${e.nodeId} ${e.phase}${pct} rows=${e.rows} read=${mb(e.bytesRead)} rate=${Math.round(e.rowsPerSec)}/s eta=${eta(e.etaMs)} loop_p99=${p99().toFixed(1)}ms\n`);
    },
    stop: () => lag.disable(),
  };
}
