/** TableScraperNode (nodes.md §17.2): a table's rows as dicts, lists or CSV text. */
import { defineNode, NodeFailure } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { browserFailure, pageOf, timeoutOf } from './browser-session.js';

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

// Runs in the page (kept as source text: the compiler has no DOM types here).
const SCRAPE = `({ sel, includeHeaders }) => {
  const table = document.querySelector(sel);
  if (!table) return null;
  const cells = (tr, q) => Array.from(tr.querySelectorAll(q)).map((c) => c.innerText.trim());
  const trs = Array.from(table.querySelectorAll('tr'));
  let headers = [];
  let start = 0;
  const thRow = trs.findIndex((tr) => tr.querySelector('th') !== null);
  if (thRow >= 0) headers = cells(trs[thRow], 'th, td');
  else if (includeHeaders && trs.length > 0) { headers = cells(trs[0], 'td'); start = 1; }
  const rows = [];
  for (let i = start; i < trs.length; i++) {
    if (i === thRow) continue;
    const tds = cells(trs[i], 'td');
    if (tds.length === 0 || tds.every((t) => t === '')) continue;
    rows.push(tds);
  }
  return { headers, rows };
}`;

export const tableScraperNode = defineNode({
  type: 'TableScraperNode', category: 'browser', cost: 'io', resources: ['browser'],
  inputs: ['page', 'table_selector'], outputs: ['data', 'row_count', 'headers'], writes: ['config:output_variable'],
  config: { table_selector: 'table', include_headers: true, output_format: 'list_of_dicts', skip_rows: 0, max_rows: 0, output_variable: 'table_data', timeout: 30000, retry_count: 0, retry_interval: 1000, screenshot_on_fail: false, screenshot_path: '' },
  async run(ctx) {
    const sel = pyStr(ctx.param('table_selector') ?? '').trim();
    if (sel === '') throw new NodeFailure('Table selector is required', 'ValueError');
    const includeHeaders = ctx.param('include_headers') !== false;
    const page = pageOf(ctx);
    let raw: { headers: string[]; rows: string[][] } | null;
    try {
      await page.locator(sel).first().waitFor({ state: 'attached', timeout: timeoutOf(ctx) });
      raw = await page.evaluate(`(${SCRAPE})(${JSON.stringify({ sel, includeHeaders })})`) as typeof raw;
    } catch (e) {
      throw browserFailure(e);
    }
    if (raw === null) throw new NodeFailure(`Table not found with selector: ${sel}`, 'RuntimeError');
    const skip = Math.max(0, Math.trunc(Number(ctx.param('skip_rows')) || 0));
    const max = Math.max(0, Math.trunc(Number(ctx.param('max_rows')) || 0));
    let rows = raw.rows.slice(skip);
    if (max > 0) rows = rows.slice(0, max);
    const headers = includeHeaders ? raw.headers : [];
    const format = pyStr(ctx.param('output_format') ?? 'list_of_dicts');
    let data: unknown;
    if (format === 'list_of_lists') data = includeHeaders && headers.length ? [headers, ...rows] : rows;
    else if (format === 'csv_string') {
      const all = includeHeaders && headers.length ? [headers, ...rows] : rows;
      data = all.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
    } else {
      data = rows.map((r) => Object.fromEntries(r.map((v, i) => [headers[i] ?? `col_${i}`, v])));
    }
    const v = pyStr(ctx.param('output_variable') ?? '');
    if (v !== '') ctx.vars.set(v, data);
    ctx.out('data', data);
    ctx.out('row_count', rows.length);
    ctx.out('headers', headers);
  },
});
