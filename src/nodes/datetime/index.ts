import type { NodeSpec } from '../types.js';
import { dateTimeAddNode, dateTimeDiffNode, getCurrentDateTimeNode, getTimestampNode } from './datetime-nodes.js';

/** Date/time nodes (nodes.md §15). */
export const specs: readonly NodeSpec[] = [getCurrentDateTimeNode, getTimestampNode, dateTimeAddNode, dateTimeDiffNode];
