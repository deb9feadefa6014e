import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, chromiumAvailable, chromiumLaunchOptions, chromiumPath } from './chromium.js';
import { startHttpServer } from './http-server.js';

describe('chromium support', () => {
  it('lists the network-quieting flags', () => {
    for (const f of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      expect(CHROMIUM_FLAGS).toContain(f);
    }
  });

  it('throws with the install hint when Chromium is missing, or returns its path', () => {
    if (chromiumAvailable()) expect(chromiumPath()).toBe('/usr/bin/chromium');
    else expect(() => chromiumPath()).toThrow(/apt-get install -y chromium/);
  });

  it.skipIf(!chromiumAvailable() && process.env.CI !== 'true')('launches headless and renders a page from a local server', async () => {
    const srv = await startHttpServer({
      '/': (_req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end('<title>casare</title><p id="x">hello</p>');
      },
    });
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      await page.goto(srv.url);
      expect(await page.title()).toBe('casare');
      expect(await page.textContent('#x')).toBe('hello');
    } finally {
      await browser.close();
    }
  });
});
