/** ValidateNode (nodes.md §6): checks `value` against one rule, routes `valid` / `invalid`. */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr, pyTypeName } from '../../lib/py/str.js';
import { pyEq } from '../../lib/py/compare.js';
import { pyFloat } from '../../lib/py/convert.js';
import { compilePyRegex, pyReMatchAtStart } from '../../lib/py/regex.js';

const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
const URL_RE = /^https?:\/\/[^\s/$.?#].[^\s]*$/;
const VALID: readonly string[] = Object.freeze(['valid']);
const INVALID: readonly string[] = Object.freeze(['invalid']);

function pyLen(v: unknown): number {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  throw new NodeFailure(`object of type '${pyTypeName(v)}' has no len()`, 'TypeError');
}

/** The rule check: "" when valid, else the failure message. */
export function validateValue(v: unknown, type: string, p: unknown): string {
  const expect = (ok: boolean, kind: string): string => (ok ? '' : `Expected ${kind}, got ${pyTypeName(v)}`);
  switch (type) {
    case 'not_empty': {
      const empty = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
        || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
      return empty ? 'Value is empty' : '';
    }
    case 'is_string': return expect(typeof v === 'string', 'string');
    case 'is_number': return expect(typeof v === 'number' || typeof v === 'boolean', 'number');
    case 'is_integer': return expect(typeof v === 'number' && Number.isInteger(v), 'integer');
    case 'is_boolean': return expect(typeof v === 'boolean', 'boolean');
    case 'is_list': return expect(Array.isArray(v), 'list');
    case 'is_dict': return expect(v !== null && typeof v === 'object' && !Array.isArray(v), 'dict');
    case 'matches_regex': {
      if (p === null || p === undefined || p === '') return 'Regex pattern required';
      if (typeof v !== 'string') return 'Value must be string for regex match';
      const pat = pyStr(p);
      return pyReMatchAtStart(compilePyRegex(pat), v) === null ? `Value does not match pattern: ${pat}` : '';
    }
    case 'min_length': {
      const n = pyLen(v); const m = pyFloat(p);
      return n < m ? `Length ${n} < minimum ${pyStr(p)}` : '';
    }
    case 'max_length': {
      const n = pyLen(v); const m = pyFloat(p);
      return n > m ? `Length ${n} > maximum ${pyStr(p)}` : '';
    }
    case 'min_value': return pyFloat(v) < pyFloat(p) ? `Value ${pyStr(v)} < minimum ${pyStr(p)}` : '';
    case 'max_value': return pyFloat(v) > pyFloat(p) ? `Value ${pyStr(v)} > maximum ${pyStr(p)}` : '';
    case 'in_list': {
      const list = Array.isArray(p) ? p : [];
      return list.some((x) => pyEq(x, v)) ? '' : `Value not in allowed list: ${pyStr(p)}`;
    }
    case 'is_email': return typeof v === 'string' && EMAIL.test(v) ? '' : 'Invalid email format';
    case 'is_url': return typeof v === 'string' && URL_RE.test(v) ? '' : 'Invalid URL format';
    case 'custom': return 'Validation type not implemented: custom';
    default: return `Unknown validation type: ${type}`;
  }
}

export const validateNode: NodeSpec = defineNode({
  type: 'ValidateNode',
  category: 'utility',
  inputs: ['value'],
  required: ['value'],
  outputs: ['is_valid', 'error_message'],
  execOutputs: ['valid', 'invalid'],
  config: { value: null, validation_type: 'not_empty', validation_param: null, error_message: 'Validation failed' },
  routing: 'SELF',
  run(ctx) {
    const type = pyStr(ctx.param('validation_type') ?? 'not_empty');
    const msg = validateValue(ctx.param('value'), type, ctx.param('validation_param'));
    ctx.out('is_valid', msg === '');
    ctx.out('error_message', msg);
    return msg === '' ? VALID : INVALID;
  },
});
