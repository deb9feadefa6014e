import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { concatenateNode, formatStringNode, regexMatchNode, regexReplaceNode } from '../../../src/nodes/string/string-nodes.js';
import { regexMatchKernel } from '../../../src/nodes/string/regex-kernels.js';

describe('ConcatenateNode', () => {
  it('joins str() of both with the separator', async () => {
    const r = await runNode(concatenateNode, { config: { string_1: 2, string_2: [1], separator: '-' } });
    expect(r.outputs.result).toBe('2-[1]');
  });

  it('ignores string1/string2 (batch_1_3): result ""', async () => {
    const r = await runNode(concatenateNode, { config: { string1: 'Hello', string2: ' World' } });
    expect(r.outputs.result).toBe('');
  });
});

describe('FormatStringNode', () => {
  it('formats with a dict (batch_1_3) and a dict variable (task_2)', async () => {
    const r = await runNode(formatStringNode, {
      config: { template: 'Name: {name}, Age: {age}', variables: { name: 'Alice', age: '30' } },
    });
    expect(r.outputs.result).toBe('Name: Alice, Age: 30');
    const t = await runNode(formatStringNode, {
      config: { template: 'Hello, my name is {name} and I am {age} years old', variables: '{{d.dict}}' },
      variables: { d: { dict: { name: 'Alice', age: 30 } } },
    });
    expect(t.outputs.result).toBe('Hello, my name is Alice and I am 30 years old');
  });

  it('fails on a missing key, a positional field and non-dict variables', async () => {
    const missing = await runNode(formatStringNode, { config: { template: '{name}' } });
    expect(missing.error).toEqual({ message: "'name'", errorType: 'KeyError' });
    const pos = await runNode(formatStringNode, { config: { template: '{0}' } });
    expect(pos.error?.message).toBe('Replacement index 0 out of range for positional args tuple');
    const list = await runNode(formatStringNode, { config: { template: '{a}', variables: [1] } });
    expect(list.ok).toBe(false);
  });
});

describe('RegexMatchNode', () => {
  it('finds all matches (batch_1_3)', async () => {
    const r = await runNode(regexMatchNode, { config: { text: 'The price is $100.50', pattern: '\\$[0-9]+\\.[0-9]{2}' } });
    expect(r.outputs).toEqual({ match_found: true, first_match: '$100.50', all_matches: ['$100.50'], groups: [], match_count: 1 });
  });

  it('reports groups of the first match with null for unmatched groups, and flags', async () => {
    const r = await runNode(regexMatchNode, {
      inputs: { text: 'A1 b2 c', pattern: '([a-z])(\\d)?' },
      config: { ignore_case: true },
    });
    expect(r.outputs.all_matches).toEqual(['A1', 'b2', 'c']);
    expect(r.outputs.groups).toEqual(['A', '1']);
    const none = await runNode(regexMatchNode, { inputs: { text: 'x', pattern: '(y)(z)?' } });
    expect(none.outputs).toEqual({ match_found: false, first_match: '', all_matches: [], groups: [], match_count: 0 });
  });

  it('fails with Python messages: invalid pattern, non-string text, size limits', async () => {
    const bad = await runNode(regexMatchNode, { inputs: { text: 'x', pattern: '(' } });
    expect(bad.error?.message).toBe('missing ), unterminated subpattern at position 0');
    const num = await runNode(regexMatchNode, { inputs: { text: 5, pattern: 'x' } });
    expect(num.error).toEqual({ message: "object of type 'int' has no len()", errorType: 'TypeError' });
    const big = await runNode(regexMatchNode, { inputs: { text: 'a'.repeat(123_456), pattern: 'a' } });
    expect(big.error?.message).toBe(
      'Text length (123,456 chars) exceeds maximum allowed (100,000 chars) for regex operations',
    );
    expect(() => regexMatchKernel('a', 'a'.repeat(1001), {})).toThrow(
      'Pattern length (1,001 chars) exceeds maximum allowed (1,000 chars) for regex operations',
    );
  });

  it('is a cpu-class node', () => {
    expect(regexMatchNode.cost).toBe('cpu');
    expect(regexReplaceNode.cost).toBe('cpu');
  });
});

describe('RegexReplaceNode', () => {
  it('uses Python replacement syntax and counts', async () => {
    const r = await runNode(regexReplaceNode, { inputs: { text: 'a1 b2', pattern: '([a-z])(\\d)', replacement: '\\2\\1 $0' } });
    expect(r.outputs).toEqual({ result: '1a $0 2b $0', count: 2 });
  });

  it('limits with max_count', async () => {
    const r = await runNode(regexReplaceNode, { inputs: { text: 'aaa', pattern: 'a', replacement: 'b' }, config: { max_count: 2 } });
    expect(r.outputs).toEqual({ result: 'bba', count: 2 });
  });
});
