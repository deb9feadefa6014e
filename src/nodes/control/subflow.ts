/**
 * SubflowNode (workflow-format.md §12.7, Casare D4 §14.4): runs another workflow file as a child run.
 * The scheduler does the work (execute/subflow.ts); this node only names the file.
 * Ports are dynamic: one data input per declared subflow input, one output per declared output.
 */
import { defineNode, NodeFailure, type ControlResult } from '../types.js';

export const subflowNode = defineNode({
  type: 'SubflowNode', category: 'control_flow', inputs: [], outputs: [], dynamicOutputs: true, execOutputs: ['exec_out', 'error'],
  config: { subflow_id: '', subflow_path: '' }, routing: 'SELF', writes: ['any'], readsAnyVariable: true,
  resources: ['file'],
  run(ctx): ControlResult {
    const path = ctx.param('subflow_path');
    if (typeof path !== 'string' || path === '') throw new NodeFailure('Subflow not loaded', 'SubflowError');
    return { kind: 'subflow', path };
  },
});
