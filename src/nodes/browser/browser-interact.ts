/** Element interaction nodes (nodes.md §17.2): click, type, select, key, wait for element. */
import { defineNode, NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { browserFailure, normaliseSelector, pageOf, timeoutOf } from './browser-session.js';

const P = { timeout: 30000, retry_count: 0, retry_interval: 1000, screenshot_on_fail: false, screenshot_path: '', strict: false, force: false, no_wait_after: false, anchor_config: '' };
const MODIFIERS = new Set(['Alt', 'Control', 'Meta', 'Shift']);

export const clickElementNode = defineNode({
  type: 'ClickElementNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector'], outputs: ['page'],
  config: { selector: null, fast_mode: false, button: 'left', click_count: 1, delay: 0, position_x: null, position_y: null, modifiers: [], trial: false, highlight_before_click: false, ...P },
  async run(ctx) {
    const page = pageOf(ctx);
    const sel = normaliseSelector(ctx.param('selector'));
    const fast = ctx.param('fast_mode') === true;
    const x = ctx.param('position_x'), y = ctx.param('position_y');
    const mods = Array.isArray(ctx.param('modifiers')) ? (ctx.param('modifiers') as unknown[]).map(pyStr).filter((m) => MODIFIERS.has(m)) : [];
    const button = pyStr(ctx.param('button') ?? 'left');
    try {
      await page.locator(sel).first().click({
        timeout: fast ? Math.min(timeoutOf(ctx), 5000) : timeoutOf(ctx),
        button: button === 'right' || button === 'middle' ? button : 'left',
        clickCount: Number(ctx.param('click_count')) || 1, delay: Number(ctx.param('delay')) || 0,
        force: fast || ctx.param('force') === true, noWaitAfter: fast || ctx.param('no_wait_after') === true,
        trial: ctx.param('trial') === true, modifiers: mods as ('Alt' | 'Control' | 'Meta' | 'Shift')[],
        ...(typeof x === 'number' && typeof y === 'number' && !(x === 0 && y === 0) ? { position: { x, y } } : {}),
      });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});

export const typeTextNode = defineNode({
  type: 'TypeTextNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector', 'text'], outputs: ['page'],
  config: { selector: null, text: '', fast_mode: false, delay: 0, clear_first: true, press_sequentially: false, press_enter_after: false, press_tab_after: false, ...P },
  async run(ctx) {
    const page = pageOf(ctx);
    const loc = page.locator(normaliseSelector(ctx.param('selector'))).first();
    const text = pyStr(ctx.param('text') ?? '');
    const delay = Number(ctx.param('delay')) || 0;
    const timeout = timeoutOf(ctx);
    try {
      if (delay > 0 || ctx.param('press_sequentially') === true) {
        if (ctx.param('clear_first') !== false && ctx.param('fast_mode') !== true) await loc.fill('', { timeout });
        await loc.pressSequentially(text, { delay: delay > 0 ? delay : 50, timeout });
      } else {
        await loc.fill(text, { timeout, force: ctx.param('force') === true });
      }
      if (ctx.param('press_enter_after') === true) await loc.press('Enter', { timeout });
      if (ctx.param('press_tab_after') === true) await loc.press('Tab', { timeout });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});

export const selectDropdownNode = defineNode({
  type: 'SelectDropdownNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector', 'value'], outputs: ['page'],
  config: { selector: null, value: '', select_by: 'value', ...P },
  async run(ctx) {
    const page = pageOf(ctx);
    const sel = normaliseSelector(ctx.param('selector'));
    const value = ctx.param('value');
    if (value === null || value === '' || value === 0 || value === false) throw new NodeFailure('Value is required', 'ValueError');
    const by = pyStr(ctx.param('select_by') ?? 'value');
    const opt = by === 'label' ? { label: pyStr(value) } : by === 'index' ? { index: Math.trunc(Number(value)) } : { value: pyStr(value) };
    try {
      await page.locator(sel).first().selectOption(opt, { timeout: timeoutOf(ctx), force: ctx.param('force') === true });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});

export const pressKeyNode = defineNode({
  type: 'PressKeyNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page'], outputs: ['page'], config: { key: 'Enter', delay: 0, timeout: 30000, retry_count: 0, retry_interval: 1000 },
  async run(ctx) {
    const page = pageOf(ctx);
    const key = pyStr(ctx.param('key') ?? '');
    if (key === '') throw new NodeFailure('Key is required', 'ValueError');
    try {
      await page.keyboard.press(key, { delay: Number(ctx.param('delay')) || 0 });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});

const STATES = ['visible', 'hidden', 'attached', 'detached'] as const;

export const waitForElementNode = defineNode({
  type: 'WaitForElementNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector'], outputs: ['page', 'found'],
  config: { selector: null, state: 'visible', highlight_on_find: false, ...P },
  async run(ctx) {
    const state = STATES.find((s) => s === pyStr(ctx.param('state') ?? 'visible'));
    if (state === undefined) throw new NodeFailure(`Invalid state: ${pyStr(ctx.param('state'))}`, 'ValueError');
    const page = pageOf(ctx);
    try {
      await page.locator(normaliseSelector(ctx.param('selector'))).first().waitFor({ state, timeout: timeoutOf(ctx) });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
    ctx.out('found', true);
  },
});
