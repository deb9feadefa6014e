/** Launch, close, tabs and navigation nodes (nodes.md §17.2). */
import { defineNode, NodeFailure } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { browserFailure, openSession, pageOf, sessionOf, timeoutOf, waitUntilOf, withScheme } from './browser-session.js';

const RETRY = { retry_count: 0, retry_interval: 1000 };
const SHOT = { screenshot_on_fail: false, screenshot_path: '' };

export const launchBrowserNode = defineNode({
  type: 'LaunchBrowserNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['url'], outputs: ['browser', 'page', 'window'],
  config: {
    url: '', browser_type: 'chromium', headless: false, window_state: 'normal', do_not_close: true, profile_mode: 'none',
    slow_mo: 0, channel: '', viewport_width: 1280, viewport_height: 720, user_agent: '', locale: '', timezone_id: '',
    color_scheme: 'light', ignore_https_errors: false, proxy_server: '', user_data_dir: '', retry_count: 0,
    retry_interval: 2000, window_wait: 100,
  },
  async run(ctx) {
    const type = pyStr(ctx.param('browser_type') ?? 'chromium').toLowerCase();
    if (!['chromium', 'firefox', 'webkit'].includes(type)) throw new NodeFailure(`Invalid browser type: ${type}`, 'ValueError');
    if (type !== 'chromium') throw new NodeFailure(`Unsupported browser type on Casare: ${type}`, 'ValueError');
    try {
      const w = Number(ctx.param('viewport_width')), h = Number(ctx.param('viewport_height'));
      const s = await openSession(ctx, Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? { width: w, height: h } : null);
      // Pages are reused within a run: a second launch continues on the active page.
      let page = s.active;
      if (page === null || page.isClosed()) {
        page = await s.lease!.context.newPage();
        s.tabs.set('main', page);
        s.active = page;
      }
      const url = pyStr(ctx.param('url') ?? '');
      if (url !== '') {
        await page.goto(/^(https?|file|about):/i.test(url) ? url : `https://${url}`);
      }
      ctx.out('browser', s);
      ctx.out('page', page);
      ctx.out('window', null);
    } catch (e) {
      throw browserFailure(e);
    }
  },
});

export const closeBrowserNode = defineNode({
  type: 'CloseBrowserNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['browser'], outputs: [], config: { timeout: 30000, force_close: false, ...RETRY },
  async run(ctx) {
    const s = sessionOf(ctx);
    if (!s.isOpen) throw new NodeFailure('No browser instance found to close', 'RuntimeError');
    await s.close();
  },
});

export const newTabNode = defineNode({
  type: 'NewTabNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['browser'], outputs: ['page'],
  config: { tab_name: 'main', url: '', timeout: 30000, wait_until: 'load', ...RETRY, ...SHOT },
  async run(ctx) {
    const name = pyStr(ctx.param('tab_name') ?? 'main');
    if (name === '') throw new NodeFailure('Tab name cannot be empty', 'ValueError');
    const s = sessionOf(ctx);
    if (!s.isOpen) throw new NodeFailure('No browser instance found', 'RuntimeError');
    try {
      const page = await s.lease!.context.newPage();
      s.tabs.set(name, page);
      s.active = page;
      const url = pyStr(ctx.param('url') ?? '');
      if (url !== '') await page.goto(withScheme(url), { timeout: timeoutOf(ctx), waitUntil: waitUntilOf(ctx) });
      ctx.out('page', page);
    } catch (e) {
      throw browserFailure(e);
    }
  },
});

export const goToUrlNode = defineNode({
  type: 'GoToURLNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'url'], outputs: ['page'],
  config: { url: '', timeout: 30000, wait_until: 'load', referer: '', ...RETRY, ...SHOT, ignore_https_errors: false },
  async run(ctx) {
    const url = pyStr(ctx.param('url') ?? '');
    if (url === '') throw new NodeFailure('URL is required', 'ValueError');
    const page = pageOf(ctx, true);
    const referer = pyStr(ctx.param('referer') ?? '');
    try {
      await page.goto(withScheme(url), { timeout: timeoutOf(ctx), waitUntil: waitUntilOf(ctx), ...(referer ? { referer } : {}) });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});

function historyNode(type: string, op: 'back' | 'forward' | 'reload'): NodeSpec {
  return defineNode({
    type, category: 'browser', cost: 'io', resources: ['browser'],
    inputs: ['page'], outputs: ['page'], config: { timeout: 30000, wait_until: 'load', ...RETRY },
    async run(ctx) {
      const page = pageOf(ctx, true);
      const o = { timeout: timeoutOf(ctx), waitUntil: waitUntilOf(ctx) };
      try {
        if (op === 'back') await page.goBack(o);
        else if (op === 'forward') await page.goForward(o);
        else await page.reload(o);
      } catch (e) {
        throw browserFailure(e);
      }
      ctx.out('page', page);
    },
  });
}

export const goBackNode = historyNode('GoBackNode', 'back');
export const goForwardNode = historyNode('GoForwardNode', 'forward');
export const refreshPageNode = historyNode('RefreshPageNode', 'reload');

export const waitForNavigationNode = defineNode({
  type: 'WaitForNavigationNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page'], outputs: ['page'], config: { timeout: 30000, wait_until: 'load', ...RETRY, ...SHOT },
  async run(ctx) {
    const page = pageOf(ctx);
    const w = waitUntilOf(ctx);
    try {
      await page.waitForLoadState(w === 'commit' ? 'load' : w, { timeout: timeoutOf(ctx) });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});
