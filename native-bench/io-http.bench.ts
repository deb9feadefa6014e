/**
 * Questions: (1) what does a one-node HttpRequestNode workflow cost over a raw `undici.request` of
 * the same URL on the same local server? (2) do 8 independent 50 ms HTTP branches overlap?
 * Baselines: raw undici.request (1); one 50 ms branch (2). Goal (issue 5): 8 branches ≤ 1.2× one.
 * The server is node:http on 127.0.0.1 in this process (its work counts on both sides alike).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { runSuite, isSmoke } from './support/harness.js';
import { createEngine } from '../src/index.js';

const smoke = isSmoke();
const BRANCH_MS = 50;
const BRANCHES = 8;
const PAYLOAD = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}` })) });

function workflow(nodes: [string, Record<string, unknown>][]): Buffer {
  return Buffer.from(JSON.stringify({
    metadata: { name: 'io-http-bench' },
    nodes: Object.fromEntries(nodes.map(([id, config]) => [id, { node_id: id, node_type: 'HttpRequestNode', config }])),
    connections: [],
    variables: {},
    settings: {},
  }));
}

export async function main(): Promise<void> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/slow')) {
      setTimeout(() => res.end('{"slow":true}'), BRANCH_MS);
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(PAYLOAD);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const engine = createEngine({ http: { allowedHosts: ['127.0.0.1'] }, monitorEventLoop: false, retainLogs: false, retainOutputs: 'all' });
  try {
    const one = (await engine.load(workflow([['get', { url: `${base}/json` }]]))).plan;
    const check = await engine.run(one);
    if (check.status !== 'success' || check.outputs['get']?.['status_code'] !== 200) throw new Error(`HTTP bench workflow failed: ${JSON.stringify(check.error)}`);

    let sink = 0;
    await runSuite('io-http-node-vs-undici', {
      'raw undici.request + body.json()': async () => {
        const r = await request(`${base}/json`);
        const body = (await r.body.json()) as { items: unknown[] };
        sink += body.items.length;
      },
      'casare: HttpRequestNode workflow (engine.run)': async () => {
        const r = await engine.run(one);
        sink += r.outputs['get']?.['status_code'] as number;
      },
    }, { notes: { payloadBytes: PAYLOAD.length, server: 'node:http 127.0.0.1, same process' } });

    const single = (await engine.load(workflow([['b0', { url: `${base}/slow?b=0` }]]))).plan;
    const fan = (await engine.load(workflow(Array.from({ length: BRANCHES }, (_, i): [string, Record<string, unknown>] =>
      [`b${i}`, { url: `${base}/slow?b=${i}` }])))).plan;
    const warm = await engine.run(fan);
    if (warm.status !== 'success' || warm.stats.maxInFlight < BRANCHES) throw new Error(`fan-out did not overlap: maxInFlight ${warm.stats.maxInFlight}`);
    const r2 = await runSuite('io-http-fanout', {
      [`one branch: 1 × ${BRANCH_MS} ms`]: async () => { await engine.run(single); },
      [`fan-out: ${BRANCHES} parallel branches × ${BRANCH_MS} ms`]: async () => { await engine.run(fan); },
    }, { time: smoke ? 10 : 2000, iterations: smoke ? 2 : 20, notes: { branchMs: BRANCH_MS, branches: BRANCHES, goal: 'fan-out ≤ 1.2× one branch' } });
    const ratio = r2.tasks[1]!.ratio;
    console.log(`fan-out wall / one branch: ${ratio.toFixed(2)}× (goal ≤ 1.2×, sequential would be ${BRANCHES}×)`);
    if (sink === -1) console.log(sink);
  } finally {
    await engine.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
