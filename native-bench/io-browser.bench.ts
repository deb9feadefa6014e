/**
 * Question: what does a browser step cost with the engine's pooled Chromium (one browser per
 * process, a fresh context per run) against launching Chromium for the step?
 * Baseline: chromium.launch + newPage + goto + textContent + close, per step (the seeds' way).
 * Casare: a LaunchBrowser -> ExtractText workflow through engine.run (context leased from the pool,
 * closed by the run scope). Same page on a node:http server on 127.0.0.1, same Chromium flags.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runSuite, isSmoke } from './support/harness.js';
import { createEngine } from '../src/index.js';
import { CHROMIUM_ARGS } from '../src/resources/browser-pool.js';

const smoke = isSmoke();
const PAGE = '<!doctype html><title>bench</title><h1 id="title">Casare bench</h1><p>body</p>';

export async function main(): Promise<void> {
  const server = createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end(PAGE); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const engine = createEngine({ monitorEventLoop: false, retainLogs: false, retainOutputs: 'all' });
  try {
    const plan = (await engine.load(Buffer.from(JSON.stringify({
      metadata: { name: 'io-browser-bench' },
      nodes: {
        open: { node_id: 'open', node_type: 'LaunchBrowserNode', config: { url, headless: true } },
        text: { node_id: 'text', node_type: 'ExtractTextNode', config: { selector: '#title' } },
      },
      connections: [{ source_node: 'open', source_port: 'exec_out', target_node: 'text', target_port: 'exec_in' }],
    })))).plan;
    const check = await engine.run(plan);
    if (check.status !== 'success' || check.outputs['text']?.['text'] !== 'Casare bench') throw new Error(`browser bench workflow failed: ${JSON.stringify(check.error)}`);

    let sink = 0;
    const report = await runSuite('io-browser-pooled-vs-launch', {
      'fresh chromium.launch per step': async () => {
        const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS] });
        try {
          const page = await browser.newPage();
          await page.goto(url);
          sink += (await page.locator('#title').textContent())?.length ?? 0;
        } finally {
          await browser.close();
        }
      },
      'casare: pooled browser, context per run (engine.run)': async () => {
        const r = await engine.run(plan);
        sink += (r.outputs['text']?.['text'] as string).length;
      },
    }, { time: smoke ? 10 : 5000, warmup: smoke ? 0 : 1000, iterations: smoke ? 2 : 10, notes: { flags: CHROMIUM_ARGS } });
    const pooled = report.tasks[1]!;
    console.log(`pooled context step: ${pooled.medianMs.toFixed(0)} ms vs fresh launch ${report.tasks[0]!.medianMs.toFixed(0)} ms ` +
      `(${(1 / pooled.ratio).toFixed(1)}× faster); launches by the pool: ${engine.io.stats().browser.created}`);
    if (sink === -1) console.log(sink);
  } finally {
    await engine.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
