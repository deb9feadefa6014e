import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../../support/run-node.js';
import { specs } from '../../../src/nodes/browser/index.js';
import { createIoServices, resolveIoOptions } from '../../../src/resources/services.js';
import type { IoServices } from '../../../src/resources/services.js';
import { RunScope } from '../../../src/resources/run-scope.js';

const N = (t: string) => specs.find((s) => s.type === t)!;
const hasChromium = existsSync('/usr/bin/chromium');

const PAGE = `<!doctype html><html><body>
<h1 id="title">  Hello Casare  </h1>
<a id="link" href="/two" data-x="42">next</a>
<input id="name" value="">
<select id="pick"><option value="a">Alpha</option><option value="b">Beta</option></select>
<button id="btn" onclick="document.getElementById('out').textContent='clicked:'+document.getElementById('name').value">go</button>
<div id="out"></div>
<table id="t"><tr><th>Name</th><th>Qty</th></tr><tr><td>apple</td><td>3</td></tr><tr><td></td><td></td></tr><tr><td>pear</td><td>5</td></tr></table>
</body></html>`;

describe.skipIf(!hasChromium)('browser nodes on Chromium', () => {
  let server: Server;
  let base = '';
  let io: IoServices;
  let dir = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(req.url === '/two' ? '<p id="p">page two</p>' : PAGE);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    io = createIoServices(resolveIoOptions({ browser: { maxContexts: 2, idleMs: 60_000 } }));
    dir = await mkdtemp(join(tmpdir(), 'casare-browser-'));
  });

  afterAll(async () => {
    await io?.close();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('launches, navigates, types, selects, clicks, extracts text, attribute and table, screenshots', async () => {
    const scope = new RunScope();
    const s = { io, scope };
    const launch = await runNode(N('LaunchBrowserNode'), { config: { url: `${base}/`, headless: true }, services: s });
    expect(launch.error).toBeUndefined();
    const page = launch.outputs['page'];
    const t = await runNode(N('ExtractTextNode'), { config: { selector: '#title' }, services: s });
    expect(t.outputs['text']).toBe('Hello Casare');
    expect(t.variables.get('extracted_text')).toBe('Hello Casare');
    await runNode(N('TypeTextNode'), { inputs: { page }, config: { selector: '#name', text: 'Ada' }, services: s });
    const sel = await runNode(N('SelectDropdownNode'), { config: { selector: '#pick', value: 'Beta', select_by: 'label' }, services: s });
    expect(sel.error).toBeUndefined();
    await runNode(N('ClickElementNode'), { config: { selector: '//button[@id="btn"]' }, services: s });
    const out = await runNode(N('ExtractTextNode'), { config: { selector: '#out' }, services: s });
    expect(out.outputs['text']).toBe('clicked:Ada');
    const v = await runNode(N('GetAttributeNode'), { config: { selector: '#pick', attribute: 'value' }, services: s });
    expect(v.outputs['value']).toBe('b');
    const a = await runNode(N('GetAttributeNode'), { config: { selector: '#link', attribute: 'data-x' }, services: s });
    expect(a.outputs['value']).toBe('42');
    const table = await runNode(N('TableScraperNode'), { config: { table_selector: '#t' }, services: s });
    expect(table.outputs['data']).toEqual([{ Name: 'apple', Qty: '3' }, { Name: 'pear', Qty: '5' }]);
    expect(table.outputs['headers']).toEqual(['Name', 'Qty']);
    const csv = await runNode(N('TableScraperNode'), { config: { table_selector: '#t', output_format: 'csv_string' }, services: s });
    expect(csv.outputs['data']).toBe('Name,Qty\r\napple,3\r\npear,5\r\n');
    const shot = await runNode(N('ScreenshotNode'), { config: { file_path: join(dir, 'shot.png') }, services: s });
    const png = await readFile(shot.outputs['file_path'] as string);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const ev = await runNode(N('BrowserEvaluateNode'), { config: { script: '(x) => JSON.stringify({n: x * 2})' }, inputs: { arg: 21 }, services: s });
    expect(ev.outputs['result']).toEqual({ n: 42 });
    const rs = await runNode(N('BrowserRunScriptNode'), { config: { script: "const d = JSON.parse('{\"a\":{\"b\":\"dark\"}}');\nreturn d.a.b;" }, services: s });
    expect(rs.outputs['result']).toBe('dark');
    await runNode(N('ClickElementNode'), { config: { selector: '#link' }, services: s });
    await runNode(N('WaitForNavigationNode'), { services: s });
    const w = await runNode(N('WaitForElementNode'), { config: { selector: '#p' }, services: s });
    expect(w.outputs['found']).toBe(true);
    const close = await runNode(N('CloseBrowserNode'), { services: s });
    expect(close.error).toBeUndefined();
    await scope.close();
    expect(io.stats().browser.inUse).toBe(0);
  });

  it('fails with a Playwright timeout when the element is not found, and requires a page', async () => {
    const scope = new RunScope();
    const none = await runNode(N('ClickElementNode'), { config: { selector: '#x' }, services: { io, scope } });
    expect(none.error!.message).toBe('No page instance found. Launch browser and navigate first.');
    await runNode(N('LaunchBrowserNode'), { config: { url: `${base}/` }, services: { io, scope } });
    const r = await runNode(N('ClickElementNode'), { config: { selector: '#missing', timeout: 300 }, services: { io, scope } });
    expect(r.ok).toBe(false);
    expect(r.error!.errorType).toBe('TimeoutError');
    expect(r.error!.message).toMatch(/Timeout 300ms exceeded/);
    const empty = await runNode(N('ClickElementNode'), { config: { selector: ' ' }, services: { io, scope } });
    expect(empty.error!.message).toBe("Selector parameter 'selector' is required but empty. Provide a valid CSS, XPath, or text selector.");
    await scope.close();
  });

  it('isolates runs in their own contexts and releases every context after 10 runs, failing ones included', async () => {
    const launchesBefore = io.stats().browser.created;
    const runs = Array.from({ length: 10 }, async (_, i) => {
      const scope = new RunScope();
      try {
        await runNode(N('LaunchBrowserNode'), { config: { url: `${base}/` }, services: { io, scope } });
        await runNode(N('BrowserEvaluateNode'), { config: { script: `localStorage.setItem('k', '${i}'); localStorage.getItem('k')` }, services: { io, scope } });
        if (i % 3 === 0) await runNode(N('ClickElementNode'), { config: { selector: '#missing', timeout: 50 }, services: { io, scope } });
        const other = await runNode(N('BrowserEvaluateNode'), { config: { script: `localStorage.getItem('k')` }, services: { io, scope } });
        return other.outputs['result'];
      } finally {
        await scope.close();
      }
    });
    const seen = await Promise.all(runs);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    const st = io.stats().browser;
    expect(st.inUse).toBe(0);
    expect(st.waiting).toBe(0);
    expect(st.created).toBe(launchesBefore === 0 ? 1 : launchesBefore);
  });

  it('relaunches a crashed browser for the next run', async () => {
    const scope = new RunScope();
    const l = await runNode(N('LaunchBrowserNode'), { config: { url: `${base}/` }, services: { io, scope } });
    const browser = (l.outputs['browser'] as { lease: { browser: import('playwright-core').Browser } }).lease.browser;
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.crash' as never).catch(() => undefined);
    await new Promise<void>((r) => (browser.isConnected() ? browser.once('disconnected', () => r()) : r()));
    const after = await runNode(N('ExtractTextNode'), { config: { selector: '#title', timeout: 1000 }, services: { io, scope } });
    expect(after.ok).toBe(false);
    await scope.close();
    expect(io.stats().browser.crashed).toBe(1);
    const scope2 = new RunScope();
    const again = await runNode(N('LaunchBrowserNode'), { config: { url: `${base}/` }, services: { io, scope: scope2 } });
    expect(again.error).toBeUndefined();
    const t = await runNode(N('ExtractTextNode'), { config: { selector: '#title' }, services: { io, scope: scope2 } });
    expect(t.outputs['text']).toBe('Hello Casare');
    await scope2.close();
    expect(io.stats().browser.inUse).toBe(0);
  });
});
