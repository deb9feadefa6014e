/**
 * SetVariableNode's `variable_type` conversion (nodes.md §4): a failed conversion keeps the value
 * unconverted and is reported to the caller as a warning, never a failure.
 */
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFloat, pyInt } from '../../lib/py/convert.js';
import { pyJsonLoads } from '../../lib/py/json.js';
import { pyStr } from '../../lib/py/str.js';

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function toList(v: unknown): unknown {
  let out = v;
  if (typeof v === 'string') {
    try {
      out = pyJsonLoads(v);
    } catch {
      out = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    }
  }
  return Array.isArray(out) ? out : [out];
}

/**
 * Convert `value` to `type` (String, Boolean, Int32, Float, Object, Array, List, Dict, FilePath,
 * DataTable). Throws on a failed conversion; the node keeps the original value then.
 */
export function convertVariableType(value: unknown, type: string): unknown {
  switch (type) {
    case 'Boolean':
      return typeof value === 'string' ? TRUE_WORDS.has(value.toLowerCase()) : pyTruthy(value);
    case 'Int32':
      return pyInt(value);
    case 'Float':
      return pyFloat(value);
    case 'FilePath':
      return pyStr(value);
    case 'Object':
    case 'Dict': {
      const v = typeof value === 'string' ? pyJsonLoads(value) : value;
      return isDict(v) ? v : { value: v };
    }
    case 'Array':
    case 'List':
      return toList(value);
    case 'DataTable':
      return typeof value === 'string' ? pyJsonLoads(value) : value;
    default:
      return value;
  }
}
