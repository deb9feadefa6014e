/**
 * The HTML run report end to end: a real run (parallel WaitNode branches from a Fork, a loop, a
 * CPU node in the pool), the report written to disk, opened in real Chromium: DAG, timeline and
 * lag plot rendered, no console errors, a screenshot saved next to the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createEngine, type Engine } from '../../src/engine.js';
import { recordRun } from '../../src/observe/report/record-run.js';
import { writeRunReport } from '../../src/observe/report/render-report-html.js';
import { chromiumAvailable, chromiumLaunchOptions } from '../support/chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'casare-report-'));

function words(n: number): string[] {
  let x = 7;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    for (let k = 0; k < 8; k++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; w += 'abcdefgh'[x >>> 29]; }
    out.push(w);
  }
  return out;
}

type N = { node_id: string; node_type: string; config: Record<string, unknown> };
function node(id: string, type: string, config: Record<string, unknown> = {}): [string, N] {
  return [id, { node_id: id, node_type: type, config }];
}
const exec = (s: string, t: string, sp = 'exec_out') => ({ source_node: s, source_port: sp, target_node: t, target_port: 'exec_in' });

const parallelWorkflow = {
  metadata: { name: 'report e2e: fork, waits, loop, pool' },
  nodes: Object.fromEntries([
    node('start', 'StartNode'),
    node('fork', 'ForkNode', { branch_count: 3, paired_join_id: 'join' }),
    node('wait_a', 'WaitNode', { duration: 0.15 }),
    node('wait_b', 'WaitNode', { duration: 0.1 }),
    node('loop', 'ForLoopStartNode', { mode: 'range', start: 0, end: 5, step: 1 }),
    node('shout', 'TextCaseNode', { text: 'item {{loop.current_item}}', case: 'upper' }),
    node('loop_end', 'ForLoopEndNode', { paired_start_id: 'loop' }),
    node('join', 'JoinNode', { paired_fork_id: 'fork' }),
    node('dedupe', 'FuzzyDedupeNode', { items: words(220), threshold: 0.9 }),
    node('end', 'EndNode'),
  ]),
  connections: [
    exec('start', 'fork'),
    exec('fork', 'wait_a', 'branch_1'), exec('wait_a', 'join'),
    exec('fork', 'wait_b', 'branch_2'), exec('wait_b', 'join'),
    exec('fork', 'loop', 'branch_3'), exec('loop', 'shout', 'body'), exec('shout', 'loop_end'), exec('loop', 'join', 'completed'),
    exec('join', 'dedupe'), exec('dedupe', 'end'),
  ],
};

const failingWorkflow = {
  metadata: { name: 'report e2e: failure' },
  nodes: Object.fromEntries([node('start', 'StartNode'), node('boom', 'ThrowErrorNode', { error_message: 'nope' })]),
  connections: [exec('start', 'boom')],
};

describe('HTML run report', () => {
  let engine: Engine;
  let browser: Browser | null = null;

  beforeAll(async () => {
    engine = createEngine({ pool: { threads: 2 } });
    if (chromiumAvailable() || process.env['CI'] === 'true') browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records overlapping branch spans, pool and io kinds, and a loop-delay series', async () => {
    const file = join(dir, 'parallel.json');
    writeFileSync(file, JSON.stringify(parallelWorkflow));
    const { result, report } = await recordRun(engine, file);
    expect(result.status).toBe('success');
    expect(report).not.toBeNull();
    const r = report!;
    const kinds = Object.fromEntries(r.nodes.map((n) => [n.id, n.kind]));
    expect(kinds).toMatchObject({ wait_a: 'io', wait_b: 'io', shout: 'inline', dedupe: 'pool' });
    expect(r.nodes.find((n) => n.id === 'shout')!.runs).toBe(5);
    const a = r.spans.find((s) => s.nodeId === 'wait_a')!;
    const b = r.spans.find((s) => s.nodeId === 'wait_b')!;
    expect(a.startMs < b.endMs && b.startMs < a.endMs).toBe(true); // the branches overlapped
    expect(r.loop!.samples.length).toBeGreaterThan(3);
    const shareSum = r.nodes.reduce((s, n) => s + n.share, 0);
    expect(shareSum).toBeCloseTo(1, 5);
    expect(r.nodes.find((n) => n.id === 'wait_a')!.share).toBeGreaterThan(r.nodes.find((n) => n.id === 'shout')!.share);
  });

  it.skipIf(!chromiumAvailable() && process.env['CI'] !== 'true')('renders DAG, timeline and lag plot in Chromium without console errors', async () => {
    const file = join(dir, 'parallel.json');
    writeFileSync(file, JSON.stringify(parallelWorkflow));
    const { report } = await recordRun(engine, file);
    const html = join(dir, 'report.html');
    const bytes = writeRunReport(html, report!);
    expect(bytes).toBe(statSync(html).size);
    expect(bytes).toBeLessThan(200_000);
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=/); // nothing fetched at view time (requests are also watched below)

    const page = await browser!.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (req) => { if (!req.url().startsWith('file:')) problems.push(`request ${req.url()}`); });
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true);

    const dagNodes = await page.locator('#dag g.node').count();
    expect(dagNodes).toBe(parallelWorkflow.connections.length > 0 ? Object.keys(parallelWorkflow.nodes).length : 0);
    expect(await page.locator('#dag path.edge').count()).toBeGreaterThanOrEqual(10);
    const dagBox = await page.locator('#dag').boundingBox();
    expect(dagBox!.width).toBeGreaterThan(200);
    expect(await page.locator('#dag g.node[data-kind="pool"]').count()).toBe(1);

    const spanCount = await page.locator('#timeline rect.span').count();
    expect(spanCount).toBe(report!.spans.length);
    const lanes = await page.locator('#timeline g.lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')));
    expect(lanes).toContain('main');
    expect(lanes).toContain('io 2'); // two waits at once need two io lanes
    expect(lanes).toContain('pool 1');

    const canvas = page.locator('#lag canvas');
    expect(await canvas.count()).toBeGreaterThanOrEqual(1);
    // The plot drew something: some non-white pixels in the canvas.
    const inked = await canvas.first().evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3]! > 0 && (px[i]! < 240 || px[i + 1]! < 240 || px[i + 2]! < 240)) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(100);
    expect(await page.locator('#nodes tbody tr').count()).toBe(Object.keys(parallelWorkflow.nodes).length);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lists a failing node with its error code and node id', async () => {
    const file = join(dir, 'failing.json');
    writeFileSync(file, JSON.stringify(failingWorkflow));
    const { result, report } = await recordRun(engine, file);
    expect(result.status).toBe('error');
    expect(report!.errors).toEqual([expect.objectContaining({ code: 'CASARE_E_NODE_FAILED', nodeId: 'boom' })]);
    expect(report!.spans.find((s) => s.nodeId === 'boom')!.failed).toBe(true);
    const html = join(dir, 'failing.html');
    writeRunReport(html, report!);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/<table id="errors">.*CASARE_E_NODE_FAILED.*boom/s);
  });

  it('returns no report when the workflow does not load', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"nodes": [');
    const { result, report } = await recordRun(engine, file);
    expect(result.error?.phase).toBe('load');
    expect(report).toBeNull();
  });
});
