/**
 * Casare public API. Everything a library user imports comes from here.
 *
 * @example
 * const engine = createEngine({ concurrency: 8 });
 * const result = await engine.run('flow.json', { variables: { name: 'Ada' } });
 * await engine.close();
 */

/** Create an engine: options are validated once (CASARE_E_CONFIG_INVALID on bad input) and frozen. */
export { createEngine, Engine } from './engine.js';
/** Engine types: a loaded workflow and per-run options. */
export type { LoadedWorkflow, RunOptions } from './engine.js';
/** Options accepted by createEngine and their resolved, frozen form. */
export type { CasareOptions, ResolvedConfig } from './config.js';
/** The run result: status, variables, node outputs, trace, typed error and stats. */
export type { RunResult, RunError, RunStats, NodeTiming } from './execute/result.js';
/** Run events (node start/end/error/retry, log) delivered to `onEvent`. */
export type { RunEvent, RunEventSink, LogRecord, RunSnapshot } from './execute/run-state.js';
/** The compiled plan (opaque to most callers; pass it back to engine.run). */
export type { Plan } from './compile/plan.js';
/** The typed error every Casare failure uses; match on `code`. */
export { CasareError, ERROR_CODES, isCasareError } from './errors.js';
export type { ErrorCode, ErrorWhere, Issue } from './errors.js';
/** The node contract, for custom node types. */
export { defineNode, NodeFailure } from './nodes/types.js';
export type { NodeSpec, NodeContext, NodeReturn, ControlResult } from './nodes/types.js';
/** Register custom node types (by CasareRPA type name). */
export { registerNodes, registeredTypes } from './nodes/registry.js';
/** Cheap skeleton of a workflow file (name, counts, node types) without materialising nodes. */
export { inspectSkeleton } from './load/skeleton.js';
