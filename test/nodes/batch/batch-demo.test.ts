/**
 * The shipped demo (fixtures/batch-demo) through createEngine: CSV in batches of 5, fuzzy match of
 * each company against the reference list, NDJSON.gz out via an atomic temp file + commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine } from '../../../src/index.js';
import { registerNodes } from '../../../src/nodes/registry.js';
import { specs } from '../../../src/nodes/batch/index.js';

registerNodes(specs);

const demoDir = fileURLToPath(new URL('../../../fixtures/batch-demo/', import.meta.url));
let out: string;
let engine: Engine;
beforeAll(() => { out = mkdtempSync(join(tmpdir(), 'casare-demo-')); engine = createEngine({ cwd: demoDir, retainOutputs: 'all' }); });
afterAll(async () => { await engine.close(); rmSync(out, { recursive: true, force: true }); });

describe('fixtures/batch-demo', () => {
  it('reads the CSV in batches, fuzzy-matches every company and writes NDJSON.gz', async () => {
    const target = join(out, 'matched.ndjson.gz');
    const res = await engine.run(join(demoDir, 'batch-demo.json'), { variables: { output_file: target } });
    expect(res.status).toBe('success');
    const rows = gunzipSync(readFileSync(target)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const csvLines = readFileSync(join(demoDir, 'companies.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rows.length).toBe(csvLines);
    expect(rows.map((r) => r['id'])).toEqual(Array.from({ length: csvLines }, (_, i) => String(i + 1)));
    const byId = new Map(rows.map((r) => [r['id'], r]));
    expect(byId.get('2')).toMatchObject({ company: 'Globex, Inc.', canonical: 'Globex Incorporated', revenue_k: 0.83 });
    expect(byId.get('6')).toMatchObject({ canonical: 'Stark Industries', match_score: 1 });
    expect(rows.every((r) => typeof r['match_score'] === 'number')).toBe(true);
    expect(res.outputs['commit']).toMatchObject({ rows_committed: csvLines, committed_files: [target] });
    expect(res.executed.filter((id) => id === 'read').length).toBe(Math.ceil(csvLines / 5) + 1);
    expect(readdirSync(out)).toEqual(['matched.ndjson.gz']);
  });
});
