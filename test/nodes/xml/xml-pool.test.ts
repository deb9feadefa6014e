/**
 * Large XML documents are parsed and queried in the worker pool (the loop stays free) with the same
 * results and error texts as inline.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/index.js';
import type { PoolStats } from '../../../src/pool/worker-pool.js';

const big = `<root>${Array.from({ length: 40_000 }, (_, i) => `<item id="${i}"><name>n${i}</name></item>`).join('')}</root>`;

function wf(config: Record<string, unknown>, type = 'XPathQueryNode'): Buffer {
  return Buffer.from(JSON.stringify({ nodes: { q: { node_id: 'q', node_type: type, config } }, connections: [] }));
}

describe('XML nodes on large documents', () => {
  it('runs XPath and XML→JSON on a 1.5 MB document in the pool with the inline results', async () => {
    const pooled = createEngine({ monitorEventLoop: false, retainOutputs: 'all', pool: { threads: 1 } });
    const inline = createEngine({ monitorEventLoop: false, retainOutputs: 'all', pool: { enabled: false } });
    try {
      // Config strings are capped at 10,000 characters (§7): big documents arrive through variables.
      const vars = { variables: { doc: big } };
      const query = wf({ xml_string: '{{doc}}', xpath: ".//item[@id='39999']/name" });
      const a = await pooled.run(query, vars);
      const b = await inline.run(query, vars);
      expect(a.status).toBe('success');
      expect(a.outputs['q']).toMatchObject({ count: 1, first_text: 'n39999', success: true });
      expect(a.outputs).toEqual(b.outputs);
      expect((a.stats['pool'] as PoolStats).tasks).toBeGreaterThanOrEqual(1);
      expect((b.stats['pool'] as PoolStats).tasks).toBe(0);
      const conv = wf({ xml_string: '{{doc}}' }, 'XMLToJsonNode');
      const c = await pooled.run(conv, vars);
      const d = await inline.run(conv, vars);
      expect(c.status).toBe('success');
      expect((c.outputs['q']?.['json_data'] as { root: { item: unknown[] } }).root.item).toHaveLength(40_000);
      expect(c.outputs['q']?.['json_string']).toBe(d.outputs['q']?.['json_string']);
      // and back: JSON text -> XML through the pool, equal to inline.
      const back = wf({ json_data: '{{json}}' }, 'JsonToXMLNode');
      const jsonVars = { variables: { json: c.outputs['q']?.['json_string'] } };
      const e = await pooled.run(back, jsonVars);
      const f = await inline.run(back, jsonVars);
      expect(e.status).toBe('success');
      expect(e.outputs['q']?.['xml_string']).toBe(f.outputs['q']?.['xml_string']);
      expect(String(e.outputs['q']?.['xml_string'])).toContain('<name>n39999</name>');
      expect((e.stats['pool'] as PoolStats).tasks).toBeGreaterThanOrEqual(3);
    } finally {
      await pooled.close();
      await inline.close();
    }
  }, 60_000);

  it('keeps the parse error text and the failure outputs when the pool reports a broken document', async () => {
    const engine = createEngine({ monitorEventLoop: false, retainOutputs: 'all', pool: { threads: 1 } });
    try {
      const r = await engine.run(wf({ xml_string: '{{doc}}', xpath: './/item' }), { variables: { doc: `${big}<unclosed>` } });
      expect(r.status).toBe('error');
      expect(r.error?.nodeId).toBe('q');
      expect(r.error?.message).toMatch(/^junk after document element: line 1, column \d+$/);
      expect(r.error?.errorType).toBe('ParseError');
    } finally {
      await engine.close();
    }
  }, 60_000);
});
