/**
 * The data behind an HTML run report: plain JSON-safe values, so `casare bench --json` can print
 * the same object and a report can be rebuilt from saved JSON.
 */
import type { LoopSample } from '../event-loop.js';

/** Where a node's work ran: on the main loop, in the worker pool, or awaiting I/O. */
export type ExecKind = 'inline' | 'pool' | 'io';

export interface ReportNode {
  readonly id: string;
  readonly type: string;
  /** Cost class from the node spec (inline | cpu | io). */
  readonly cost: string;
  readonly kind: ExecKind;
  /** Activations (per run; a bench reports the median run's count). */
  readonly runs: number;
  /** Total time in the node (per run; a bench reports the median over runs). */
  readonly totalMs: number;
  /** Per activation (single run) or per run (bench). */
  readonly medianMs: number;
  readonly p95Ms: number;
  /** totalMs / sum of every node's totalMs, 0..1. */
  readonly share: number;
}

export interface ReportEdge {
  readonly source: string;
  readonly target: string;
  /** Exec (control) edge; otherwise a data edge. */
  readonly exec: boolean;
}

/** One node activation on the run's clock (ms since the run started). */
export interface ReportSpan {
  readonly nodeId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: ExecKind;
  readonly failed: boolean;
}

export interface ReportError {
  readonly code: string;
  readonly message: string;
  readonly nodeId?: string;
  readonly nodeType?: string;
  readonly errorType?: string;
}

export interface MemorySample {
  /** ms since the run started. */
  readonly t: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

export interface RunReportData {
  readonly title: string;
  readonly file: string | null;
  readonly generatedAt: string;
  readonly status: string;
  /** Run wall time (ms), the span the timeline covers. */
  readonly wallMs: number;
  readonly phases: { readonly loadMs: number; readonly validateMs: number; readonly compileMs: number; readonly runMs: number };
  readonly nodes: readonly ReportNode[];
  readonly edges: readonly ReportEdge[];
  readonly spans: readonly ReportSpan[];
  /** Event-loop delay series, `t` on the run's clock. */
  readonly loop: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly utilization: number; readonly samples: readonly LoopSample[] } | null;
  readonly memory: readonly MemorySample[];
  readonly errors: readonly ReportError[];
  /** Extra key/value lines shown in the summary (bench figures, pool stats). */
  readonly summary: readonly (readonly [string, string])[];
}
