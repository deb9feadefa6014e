/**
 * The regex guard has no node types of its own: RegexMatchNode / RegexReplaceNode / the text search
 * nodes (src/nodes/string, src/nodes/text) call guardedRegex() from here.
 */
import type { NodeSpec } from '../types.js';

export { guardedRegex, guardedRegexCall, regexRoute, runsInline } from './guarded-regex.js';
export { re2Accepts } from './re2-regex.js';
export { toRe2Source } from './re2-translate.js';
export type { GuardOptions, RegexCallKernels, RegexResultOf } from './guarded-regex.js';
export { analyzeRegex, inlineCostOk, isLinearSafe } from './regex-safety.js';

export const specs: readonly NodeSpec[] = [];
