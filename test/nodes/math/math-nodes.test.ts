import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { comparisonNode, mathOperationNode } from '../../../src/nodes/math/math-nodes.js';
import { pyFloatFloorDiv, pyFloatMod } from '../../../src/nodes/math/math-kernels.js';

const math = (config: Record<string, unknown>, extra: { inputs?: Record<string, unknown>; variables?: Record<string, unknown> } = {}) =>
  runNode(mathOperationNode, { config, ...extra });

describe('MathOperationNode', () => {
  it.each([
    ['add', 10, 5, 15],
    ['subtract', 15, 3, 12],
    ['multiply', 12, 2, 24],
    ['divide', 24, 4, 6],
    ['modulo', 17, 5, 2],
    ['power', 2, 8, 256],
    ['floor_divide', -7, 2, -4],
    ['modulo', -7, 2, 1],
    ['modulo', 7, -2, -1],
    ['min', 3, 2, 2],
    ['max', 3, 2, 3],
    ['abs', -3, 0, 3],
    ['sqrt', 16, 0, 4],
    ['floor', -2.5, 0, -3],
    ['ceil', 2.1, 0, 3],
    ['round', 2.5, 0, 2],
    ['round', 3.5, 0, 4],
    ['log', Math.E, 0, 1],
    ['log', 8, 2, 3],
    ['log10', 1000, 0, 3],
    ['exp', 0, 0, 1],
    ['negate', 4, 0, -4],
    ['sin', 0, 0, 0],
    ['ADD', 1, 2, 3],
  ])('%s(%d, %d) = %d (batch_1_4, catalogue)', async (operation, a, b, expected) => {
    const r = await math({ operation, a, b });
    expect(r.ok).toBe(true);
    expect(r.outputs.result).toBeCloseTo(expected, 12);
  });

  it.each([
    ['divide', 1, 0, 'Division by zero'],
    ['floor_divide', 1, 0, 'Division by zero'],
    ['modulo', 1, 0, 'float modulo'],
    ['sqrt', -1, 0, 'math domain error'],
    ['log', 0, 0, 'math domain error'],
    ['length', 'Hello World', 0, 'Unknown operation: length'],
  ])('%s(%j, %j) fails %s', async (operation, a, b, message) => {
    const r = await math({ operation, a, b });
    expect(r.error?.message).toBe(message);
  });

  it('reads config operands through templates and variable names', async () => {
    const vars = { total_sum: 10, x: '4' };
    expect((await math({ a: '{{total_sum}}', b: 5 }, { variables: vars })).outputs.result).toBe(15);
    expect((await math({ a: 'x', b: 1 }, { variables: vars })).outputs.result).toBe(5);
    expect((await math({ a: '{{missing}}', b: 1 })).outputs.result).toBe(1);
    expect((await math({ a: 'abc', b: 2 })).outputs.result).toBe(2);
    expect((await math({ a: '2.5', b: true })).outputs.result).toBe(3.5);
  });

  it('applies float() to port values and fails on lists', async () => {
    expect((await math({}, { inputs: { a: '3', b: 4 } })).outputs.result).toBe(7);
    const r = await math({ b: 1 }, { inputs: { a: [1] } });
    expect(r.error).toEqual({ message: "float() argument must be a string or a real number, not 'list'", errorType: 'TypeError' });
  });

  it('rounds with round_digits and writes output_var (task_10)', async () => {
    const r = await math({ a: 1, b: 3, operation: 'divide', round_digits: 2, output_var: 'final_result' });
    expect(r.outputs.result).toBe(0.33);
    expect(r.variables.get('final_result')).toBe(0.33);
  });

  it('declares a and b required with config defaults 0', async () => {
    expect(mathOperationNode.required).toEqual(['a', 'b']);
    expect((await math({})).outputs.result).toBe(0);
  });
});

describe('float kernels', () => {
  it('floor division and modulo follow CPython', () => {
    expect(pyFloatFloorDiv(7, 2)).toBe(3);
    expect(pyFloatFloorDiv(-7, -2)).toBe(3);
    expect(pyFloatFloorDiv(7, -2)).toBe(-4);
    expect(pyFloatMod(-7, -2)).toBe(-1);
    expect(pyFloatMod(5.5, 2)).toBe(1.5);
  });
});

describe('ComparisonNode', () => {
  it.each([
    [10, 10, '==', true],
    [10, 5, '!=', true],
    [10, 5, '>', true],
    [3, 7, '<', true],
    [10, 10, '>=', true],
    [5, 10, '<=', true],
    [10, '10', '==', false],
    [1, 1.0, 'equals (==)', true],
    [true, 1, '==', true],
    [[1, 2], [1, 3], 'less than (<)', true],
    ['b', 'a', 'greater than (>)', true],
  ])('%j %s %j', async (a, b, operator, expected) => {
    const r = await runNode(comparisonNode, { config: { a, b, operator } });
    expect(r.outputs.result).toBe(expected);
  });

  it('resolves templates type-preserved', async () => {
    const r = await runNode(comparisonNode, { config: { a: '{{x}}', b: 50, operator: '>' }, variables: { x: 75 } });
    expect(r.outputs.result).toBe(true);
  });

  it('fails on cross-type ordering and unknown operators', async () => {
    const r = await runNode(comparisonNode, { config: { a: 1, b: 'a', operator: '>' } });
    expect(r.error).toEqual({ message: "'>' not supported between instances of 'int' and 'str'", errorType: 'TypeError' });
    const u = await runNode(comparisonNode, { config: { a: 1, b: 1, operator: '===' } });
    expect(u.error?.message).toBe('Unknown operator: ===');
  });

  it('a null operand fails the required check', async () => {
    const r = await runNode(comparisonNode, { config: { b: 1 } });
    expect(r.error?.message).toBe("Required input port 'a' has no value");
  });
});
