import type { NodeSpec } from '../types.js';

/** Node specs of this category (filled in as nodes land). */
export const specs: readonly NodeSpec[] = [];
