import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { getVariableNode, incrementVariableNode, setVariableNode } from '../../../src/nodes/variable/variable-nodes.js';
import { specs } from '../../../src/nodes/variable/index.js';

describe('SetVariableNode', () => {
  it('sets the variable and outputs the value, keeping the JSON type', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'my_int', value: 42 } });
    expect(r.ok).toBe(true);
    expect(r.outputs.value).toBe(42);
    expect(r.variables.get('my_int')).toBe(42);
  });

  it('resolves a whole-value template type-preserved and interpolates otherwise', async () => {
    const vars = { x: [1, 2] };
    const whole = await runNode(setVariableNode, { config: { variable_name: 'v', value: '{{x}}' }, variables: vars });
    expect(whole.variables.get('v')).toEqual([1, 2]);
    const interp = await runNode(setVariableNode, { config: { variable_name: 'v', value: 'a{{x}}' }, variables: vars });
    expect(interp.variables.get('v')).toBe('a[1, 2]');
    const missing = await runNode(setVariableNode, { config: { variable_name: 'v', value: '{{missing}}' } });
    expect(missing.variables.get('v')).toBe('{{missing}}');
  });

  it('resolves a string value a second time against the variables', async () => {
    const r = await runNode(setVariableNode, {
      config: { variable_name: 'v', value: '{{t}}' },
      variables: { t: '{{inner}}', inner: 7 },
    });
    expect(r.variables.get('v')).toBe(7);
  });

  it('uses default_value only when value is absent from port and config', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'v', default_value: 'd' } });
    expect(r.variables.get('v')).toBe('d');
    const port = await runNode(setVariableNode, {
      config: { variable_name: 'v', default_value: 'd' },
      inputs: { value: 0 },
    });
    expect(port.variables.get('v')).toBe(0);
  });

  it('stores null when there is no value at all', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'v' } });
    expect(r.ok).toBe(true);
    expect(r.variables.has('v')).toBe(true);
    expect(r.variables.get('v')).toBeNull();
  });

  it('fails with the CasareRPA text when the name is empty', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: '', value: 1 } });
    expect(r.error?.message).toBe('Variable name is required');
  });

  it('reads the name from the port before the config (D2)', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'a', value: 1 }, inputs: { variable_name: 'b' } });
    expect(r.variables.get('b')).toBe(1);
    expect(r.variables.has('a')).toBe(false);
  });

  it.each([
    ['Boolean', 'Yes', true],
    ['Boolean', 'nope', false],
    ['Boolean', 0, false],
    ['Int32', '5', 5],
    ['Int32', 5.9, 5],
    ['Float', '2.5', 2.5],
    ['FilePath', 12, '12'],
    ['Dict', '{"a": 1}', { a: 1 }],
    ['Object', '[1]', { value: [1] }],
    ['Dict', 3, { value: 3 }],
    ['List', 'a, b,,c', ['a', 'b', 'c']],
    ['Array', '[1, 2]', [1, 2]],
    ['List', 7, [7]],
    ['DataTable', '{"rows": []}', { rows: [] }],
    ['String', 42, 42],
  ])('converts to %s: %j -> %j', async (type, value, expected) => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'v', value, variable_type: type } });
    expect(r.variables.get('v')).toEqual(expected);
  });

  it('keeps the unconverted value and warns when a conversion fails', async () => {
    const r = await runNode(setVariableNode, { config: { variable_name: 'v', value: '5.5', variable_type: 'Int32' } });
    expect(r.ok).toBe(true);
    expect(r.variables.get('v')).toBe('5.5');
    expect(r.logs.some((l) => l.level === 'warning')).toBe(true);
  });
});

describe('GetVariableNode', () => {
  it('reads the variable named by a template (VN through P)', async () => {
    const r = await runNode(getVariableNode, { config: { variable_name: '{{n}}' }, variables: { n: 'x', x: 'hello' } });
    expect(r.outputs.value).toBe('hello');
  });

  it('uses default_value for a missing or null variable but keeps falsy values', async () => {
    const missing = await runNode(getVariableNode, { config: { variable_name: 'x', default_value: 'd' } });
    expect(missing.outputs.value).toBe('d');
    const nul = await runNode(getVariableNode, { config: { variable_name: 'x', default_value: 'd' }, variables: { x: null } });
    expect(nul.outputs.value).toBe('d');
    for (const falsy of [0, '', false]) {
      const r = await runNode(getVariableNode, { config: { variable_name: 'x', default_value: 'd' }, variables: { x: falsy } });
      expect(r.outputs.value).toBe(falsy);
    }
  });

  it('fails without a name', async () => {
    const r = await runNode(getVariableNode, {});
    expect(r.error?.message).toBe('Variable name is required');
  });
});

describe('IncrementVariableNode', () => {
  it('adds float(increment) to float(current): 42 + 10 = 52 (batch_1_1)', async () => {
    const r = await runNode(incrementVariableNode, { config: { variable_name: 'my_int', increment: 10 }, variables: { my_int: 42 } });
    expect(r.outputs.value).toBe(52);
    expect(r.variables.get('my_int')).toBe(52);
  });

  it('defaults the increment to 1 and counts a missing variable as 0', async () => {
    const r = await runNode(incrementVariableNode, { config: { variable_name: 'c' } });
    expect(r.variables.get('c')).toBe(1);
    const b = await runNode(incrementVariableNode, { config: { variable_name: 'c' }, variables: { c: true } });
    expect(b.outputs.value).toBe(2);
    const s = await runNode(incrementVariableNode, { config: { variable_name: 'c', increment: 2 }, variables: { c: '5' } });
    expect(s.outputs.value).toBe(7);
  });

  it('fails with Python float() text on a non-numeric variable', async () => {
    const r = await runNode(incrementVariableNode, { config: { variable_name: 'c' }, variables: { c: 'abc' } });
    expect(r.error).toEqual({ message: "could not convert string to float: 'abc'", errorType: 'ValueError' });
  });
});

describe('variable specs', () => {
  it('declares writes and routing hints', () => {
    expect(specs.map((s) => s.type)).toEqual(['SetVariableNode', 'GetVariableNode', 'IncrementVariableNode']);
    expect(setVariableNode.writes).toEqual(['config:variable_name']);
    expect(incrementVariableNode.writes).toEqual(['config:variable_name']);
    expect(getVariableNode.readsAnyVariable).toBe(true);
  });
});
