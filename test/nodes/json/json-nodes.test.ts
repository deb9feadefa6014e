import { describe, expect, it } from 'vitest';
import { runNode } from '../../support/run-node.js';
import { dictToJsonNode, jsonParseNode } from '../../../src/nodes/json/json-nodes.js';

describe('JsonParseNode', () => {
  it('parses the config string (batch_1_1)', async () => {
    const r = await runNode(jsonParseNode, { config: { json_string: '{"parsed": true, "count": 5}' } });
    expect(r.outputs.data).toEqual({ parsed: true, count: 5 });
  });

  it('accepts NaN and Infinity like json.loads', async () => {
    const r = await runNode(jsonParseNode, { inputs: { json_string: '[NaN, -Infinity]' } });
    expect(r.outputs.data).toEqual([NaN, -Infinity]);
  });

  it('fails on an empty string, a bad document and a non-string', async () => {
    expect((await runNode(jsonParseNode, {})).error?.message).toBe('Empty JSON string');
    const bad = await runNode(jsonParseNode, { inputs: { json_string: '{x' } });
    expect(bad.error?.message).toBe('Expecting property name enclosed in double quotes: line 1 column 2 (char 1)');
    const dict = await runNode(jsonParseNode, { config: { json_string: '{{d}}' }, variables: { d: { a: 1 } } });
    expect(dict.error?.message).toBe('the JSON object must be str, bytes or bytearray, not dict');
  });
});

describe('DictToJsonNode', () => {
  it('dumps with Python separators, ASCII escapes and D7 numbers', async () => {
    const r = await runNode(dictToJsonNode, { inputs: { dict: { b: 1, a: [1.0, null, true, 'é'] } } });
    expect(r.outputs.json_string).toBe('{"b": 1, "a": [1, null, true, "\\u00e9"]}');
  });

  it('honours indent, sort_keys and ensure_ascii from config', async () => {
    const r = await runNode(dictToJsonNode, {
      inputs: { dict: { b: 'é', a: 1 } },
      config: { indent: 2, sort_keys: true, ensure_ascii: false },
    });
    expect(r.outputs.json_string).toBe('{\n  "a": 1,\n  "b": "é"\n}');
  });

  it('dumps {} for an empty config (batch_7_1)', async () => {
    expect((await runNode(dictToJsonNode, {})).outputs.json_string).toBe('{}');
  });
});
