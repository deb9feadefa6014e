/** Extraction and scripting nodes (nodes.md §17.2): text, attribute, table, screenshot, evaluate. */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defineNode, NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { resolveSafePath } from '../file/safe-path.js';
import { browserFailure, normaliseSelector, pageOf, timeoutOf } from './browser-session.js';

const P = { timeout: 30000, retry_count: 0, retry_interval: 1000, screenshot_on_fail: false, screenshot_path: '', strict: false, anchor_config: '' };

export const extractTextNode = defineNode({
  type: 'ExtractTextNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector'], outputs: ['text'], writes: ['config:variable_name'],
  config: { selector: null, variable_name: 'extracted_text', use_inner_text: false, trim_whitespace: true, ...P },
  async run(ctx) {
    const loc = pageOf(ctx).locator(normaliseSelector(ctx.param('selector'))).first();
    let text: string | null;
    try {
      text = ctx.param('use_inner_text') === true ? await loc.innerText({ timeout: timeoutOf(ctx) }) : await loc.textContent({ timeout: timeoutOf(ctx) });
    } catch (e) {
      throw browserFailure(e);
    }
    let out = text ?? '';
    if (ctx.param('trim_whitespace') !== false) out = out.trim();
    const v = pyStr(ctx.param('variable_name') ?? '');
    if (v !== '') ctx.vars.set(v, out);
    ctx.out('text', out);
  },
});

export const getAttributeNode = defineNode({
  type: 'GetAttributeNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'selector', 'attribute'], outputs: ['value'], writes: ['config:variable_name'],
  config: { selector: null, attribute: '', variable_name: 'attribute_value', ...P },
  async run(ctx) {
    const attr = pyStr(ctx.param('attribute') ?? '');
    if (attr === '') throw new NodeFailure('Attribute name is required', 'ValueError');
    const loc = pageOf(ctx).locator(normaliseSelector(ctx.param('selector'))).first();
    let value: string | null;
    try {
      value = await loc.evaluate((el, a) => {
        const tag = el.tagName;
        if (a === 'value' && (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT')) return (el as unknown as { value: string }).value;
        return el.getAttribute(a);
      }, attr, { timeout: timeoutOf(ctx) });
    } catch (e) {
      throw browserFailure(e);
    }
    const v = pyStr(ctx.param('variable_name') ?? '');
    if (v !== '') ctx.vars.set(v, value ?? '');
    ctx.out('value', value ?? '');
  },
});

function stamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export const screenshotNode = defineNode({
  type: 'ScreenshotNode', category: 'browser', cost: 'io', resources: ['browser', 'file'],
  inputs: ['page', 'file_path'], outputs: ['file_path', 'attachment_file'], pathKeys: ['file_path'],
  config: { file_path: '', selector: '', full_page: false, timeout: 30000, type: 'png', quality: null, scale: 'device', animations: 'allow', omit_background: false, caret: 'hide', retry_count: 0, retry_interval: 1000 },
  async run(ctx) {
    const given = pyStr(ctx.param('file_path') ?? '');
    if (given === '') throw new NodeFailure('File path is required', 'ValueError');
    const type = pyStr(ctx.param('type') ?? 'png') === 'jpeg' ? 'jpeg' : 'png';
    let path = await resolveSafePath(ctx, given);
    const isDir = /[\\/]$/.test(given) || (await stat(path).then((s) => s.isDirectory(), () => false));
    if (isDir) path = join(path, `screenshot_${stamp()}.${type}`);
    await mkdir(dirname(path), { recursive: true });
    const page = pageOf(ctx);
    const q = ctx.param('quality');
    const opts = {
      path, type, timeout: timeoutOf(ctx), ...(type === 'jpeg' && typeof q === 'number' ? { quality: q } : {}),
      omitBackground: type === 'png' && ctx.param('omit_background') === true,
    } as const;
    const selector = pyStr(ctx.param('selector') ?? '');
    try {
      if (selector !== '') await page.locator(normaliseSelector(selector)).first().screenshot(opts);
      else await page.screenshot({ ...opts, fullPage: ctx.param('full_page') === true });
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('file_path', path);
    ctx.out('attachment_file', [path]);
  },
});

const FUNCTION_SOURCE = /^(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/;
const HAS_RETURN = /\breturn\b/;

/** Evaluate `script` (an expression or a function source) in the page, with `arg` when given. */
async function evaluateScript(page: ReturnType<typeof pageOf>, script: string, arg: unknown): Promise<unknown> {
  const trimmed = script.trim();
  const isFunction = FUNCTION_SOURCE.test(trimmed);
  if (isFunction) return page.evaluate(`(${trimmed})(${JSON.stringify(arg ?? null)})`);
  // Not a function: an expression, or statements with `return` (run as a function body).
  if (HAS_RETURN.test(trimmed)) return page.evaluate(`(async () => { ${trimmed} })()`);
  return page.evaluate(trimmed);
}

function maybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return v;
  try { return JSON.parse(t); } catch { return v; }
}

export const browserEvaluateNode = defineNode({
  type: 'BrowserEvaluateNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'script', 'arg'], outputs: ['result', 'success', 'error'], writes: ['config:store_variable'],
  config: { script: '', wait_for_selector: '', return_json: true, store_variable: '', timeout: 30000, retry_count: 0, retry_interval: 1000, screenshot_on_fail: false, screenshot_path: '' },
  async run(ctx) {
    const script = pyStr(ctx.param('script') ?? '');
    if (script.trim() === '') throw new NodeFailure('Script is required', 'ValueError');
    const page = pageOf(ctx);
    let result: unknown;
    try {
      const w = pyStr(ctx.param('wait_for_selector') ?? '');
      if (w !== '') await page.locator(normaliseSelector(w)).first().waitFor({ state: 'attached', timeout: timeoutOf(ctx) });
      result = await evaluateScript(page, script, ctx.port('arg'));
    } catch (e) {
      ctx.out('success', false);
      ctx.out('error', (e as Error).message);
      throw browserFailure(e);
    }
    if (ctx.param('return_json') !== false) result = maybeJson(result);
    const v = pyStr(ctx.param('store_variable') ?? '');
    if (v !== '') ctx.vars.set(v, result);
    ctx.out('result', result);
    ctx.out('success', true);
    ctx.out('error', '');
  },
});

/** BrowserRunScriptNode: Python in CasareRPA; Casare runs the text as page JavaScript (§17.2 Open). */
export const browserRunScriptNode = defineNode({
  type: 'BrowserRunScriptNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'script'], outputs: ['page', 'result'],
  config: { script: '', timeout: 30000, retry_count: 0, retry_interval: 1000 },
  async run(ctx) {
    const script = pyStr(ctx.param('script') ?? '');
    if (script.trim() === '') throw new NodeFailure('Script is required', 'ValueError');
    const page = pageOf(ctx);
    try {
      ctx.out('result', await evaluateScript(page, script, null));
    } catch (e) {
      throw browserFailure(e);
    }
    ctx.out('page', page);
  },
});
