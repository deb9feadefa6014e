import type { NodeSpec } from '../types.js';
import { startNode, endNode } from './basic.js';
import { ifNode, switchNode, mergeNode } from './branching.js';
import { forLoopStartNode, forLoopEndNode, whileLoopStartNode, whileLoopEndNode, breakNode, continueNode } from './loops.js';
import {
  tryNode, catchNode, finallyNode, retryNode, retrySuccessNode, retryFailNode, onErrorNode, errorRecoveryNode,
  throwErrorNode, assertNode,
} from './error-handling.js';
import { forkNode, joinNode, parallelForEachNode } from './parallel.js';
import { subflowNode } from './subflow.js';

/** Control-flow node specs: they cooperate with the scheduler through ControlResult values. */
export const specs: readonly NodeSpec[] = [
  startNode, endNode, ifNode, switchNode, mergeNode,
  forLoopStartNode, forLoopEndNode, whileLoopStartNode, whileLoopEndNode, breakNode, continueNode,
  tryNode, catchNode, finallyNode, retryNode, retrySuccessNode, retryFailNode, onErrorNode, errorRecoveryNode,
  throwErrorNode, assertNode, forkNode, joinNode, parallelForEachNode, subflowNode,
];
