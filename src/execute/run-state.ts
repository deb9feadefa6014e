/**
 * State shared by every frame of one run: the plan, the execution trace, the last stored output dict
 * per node, per-node timings, failures recorded under continue-on-error, and the run's services.
 * Arrays are indexed by node index and sized from the plan once.
 */
import { performance } from 'node:perf_hooks';
import type { Plan } from '../compile/plan.js';
import type { LogLevel, NodeServices } from '../nodes/types.js';
import type { ErrorCode } from '../errors.js';
import { BoundedLog } from '../lib/bounded-log.js';

export interface NodeFailureInfo {
  readonly node: number;
  readonly message: string;
  readonly errorType: string;
  readonly code: ErrorCode | string;
  readonly stack?: string;
  /** SQLSTATE of a database failure (e.g. 42P01), passed through from the driver. */
  readonly sqlState?: string;
}

export interface LogRecord {
  readonly nodeId: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly t: number;
}

export type RunEventSink = (event: RunEvent) => void;

/**
 * The main frame's state at a node boundary, as plain data (structured-clone and JSON safe for
 * JSON-like variable values): what a durable checkpoint or a resume needs.
 */
export interface RunSnapshot {
  readonly afterNode: string;
  readonly variables: [string, unknown][];
  readonly queue: string[];
  readonly executed: string[];
  readonly trace: string[];
  readonly ports: Record<string, { inputs: [string, unknown][]; outputs: [string, unknown][] }>;
}

export type RunEvent =
  | { type: 'node-start'; nodeId: string; nodeType: string; t: number }
  /** `t` = ms since run start when the activation ended; `ms` = its duration (awaits included when async). */
  | { type: 'node-end'; nodeId: string; nodeType: string; t: number; ms: number; async: boolean }
  | { type: 'node-error'; nodeId: string; nodeType: string; t: number; code: string; message: string }
  | { type: 'node-retry'; nodeId: string; nodeType: string; t: number; attempt: number }
  | { type: 'log'; nodeId: string; level: LogLevel; message: string; t: number };

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, critical: 4 };

export class RunState {
  readonly plan: Plan;
  readonly signal: AbortSignal;
  readonly services: NodeServices;
  readonly cwd: string;
  readonly concurrency: number;
  readonly continueOnError: boolean;
  readonly retryCount: number;
  readonly nodeTimeoutMs: number;
  readonly onEvent: RunEventSink | null;
  readonly onCheckpoint: ((s: RunSnapshot) => void) | null;
  /** Keep every node's outputs (true) or only those something downstream can read (false). */
  readonly retainAll: boolean;
  /** Node indexes in the order their execution started (hidden nodes excluded); head and tail kept. */
  readonly trace: BoundedLog<number>;
  /** Last output dict stored per node (§14.10 node_outputs). */
  readonly stored: (Record<string, unknown> | undefined)[];
  /** Activations per node; time summed over the timed ones (all async, one in eight sync) and their count. */
  readonly nodeMs: Float64Array;
  readonly nodeTimed: Uint32Array;
  readonly nodeRuns: Uint32Array;
  readonly failures: NodeFailureInfo[] = [];
  readonly logs: BoundedLog<LogRecord>;
  readonly logFloor: number;
  readonly t0 = performance.now();
  /** Set when the run must stop (global timeout, cancel): frames stop dequeuing. */
  stopReason: { code: ErrorCode; message: string } | null = null;
  activations = 0;
  asyncActivations = 0;
  maxInFlight = 0;

  constructor(init: {
    plan: Plan; signal: AbortSignal; services: NodeServices; cwd: string; concurrency: number;
    continueOnError: boolean; onEvent: RunEventSink | null; retainLogs: boolean; retainAll: boolean;
    onCheckpoint?: ((s: RunSnapshot) => void) | null; traceLimit?: number;
  }) {
    this.trace = new BoundedLog(init.traceLimit ?? Infinity);
    this.logs = new BoundedLog(init.traceLimit ?? Infinity);
    this.onCheckpoint = init.onCheckpoint ?? null;
    this.retainAll = init.retainAll;
    this.plan = init.plan;
    this.signal = init.signal;
    this.services = init.services;
    this.cwd = init.cwd;
    this.concurrency = init.concurrency;
    this.continueOnError = init.continueOnError;
    this.retryCount = init.plan.settings.retryCount;
    this.nodeTimeoutMs = init.plan.settings.nodeTimeoutMs;
    this.onEvent = init.onEvent;
    const n = init.plan.nodes.length;
    this.stored = new Array(n).fill(undefined);
    this.nodeMs = new Float64Array(n);
    this.nodeTimed = new Uint32Array(n);
    this.nodeRuns = new Uint32Array(n);
    this.logFloor = init.retainLogs ? LEVEL_RANK[init.plan.settings.logLevel] : 99;
  }

  timeNode(i: number, ms: number): void {
    this.nodeMs[i]! += ms;
    this.nodeTimed[i]!++;
  }

  /** Estimated total time of node i: mean of the timed activations × activations. */
  nodeTotalMs(i: number): number {
    const timed = this.nodeTimed[i]!;
    return timed === 0 ? 0 : (this.nodeMs[i]! / timed) * this.nodeRuns[i]!;
  }

  log(nodeId: string, level: LogLevel, message: string): void {
    if (LEVEL_RANK[level] >= this.logFloor) this.logs.push({ nodeId, level, message, t: performance.now() - this.t0 });
    if (this.onEvent !== null) this.onEvent({ type: 'log', nodeId, level, message, t: performance.now() - this.t0 });
  }
}
