/**
 * RunReportData -> one self-contained HTML file: DAG and timeline as static SVG (laid out here),
 * event-loop delay (and memory) plots drawn in the page by uPlot, whose minified build and CSS are
 * inlined (~53 kB of the file). Nothing is fetched at view time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RunReportData } from './report-types.js';
import { renderDagSvg, KIND_STROKE } from './dag-svg.js';
import { renderTimelineSvg } from './timeline-svg.js';
import { escapeXml, fmtMs, scriptJson } from './format.js';

let uplotAssets: { js: string; css: string } | null = null;

function loadUplot(): { js: string; css: string } {
  if (uplotAssets !== null) return uplotAssets;
  const req = createRequire(import.meta.url);
  uplotAssets = {
    js: readFileSync(req.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(req.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return uplotAssets;
}

const PAGE_CSS = `body{font:13px system-ui,sans-serif;margin:16px 24px;color:#111827}h1{font-size:18px;margin:0 0 4px}
h2{font-size:15px;margin:22px 0 6px}.note{color:#6b7280}.box{overflow:auto;border:1px solid #e5e7eb;border-radius:6px;padding:6px;max-height:640px}
table{border-collapse:collapse;font-size:12px}td,th{padding:3px 8px;border-bottom:1px solid #e5e7eb;text-align:right}
td:first-child,th:first-child,td.l,th.l{text-align:left}.ok{color:#059669}.bad{color:#dc2626}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
code{font-family:ui-monospace,monospace}`;

// Runs in the page: builds the uPlot charts from the embedded JSON; CPU spans are painted as a band
// along the bottom of the delay plot so a delay spike can be matched with the node that caused it.
const PAGE_JS = `(function(){
var d=JSON.parse(document.getElementById('report-data').textContent);
function band(u){var c=u.ctx,b=u.bbox,h=8*devicePixelRatio;c.save();c.fillStyle='rgba(220,38,38,0.55)';
for(var i=0;i<d.cpu.length;i++){var x0=u.valToPos(d.cpu[i][0],'x',true),x1=u.valToPos(d.cpu[i][1],'x',true);c.fillRect(x0,b.top+b.height-h,Math.max(1,x1-x0),h);}c.restore();}
var w=Math.min(1100,document.body.clientWidth-40);function xmax(a){return Math.max(d.wall,a.length?a[a.length-1]:0);}
if(d.lag[0].length>0){new uPlot({width:w,height:240,scales:{x:{time:false,range:[0,xmax(d.lag[0])]},elu:{range:[0,100]}},
series:[{label:'ms'},{label:'loop delay max (ms)',stroke:'#dc2626',width:1.5},{label:'ELU %',stroke:'#2563eb',scale:'elu',width:1}],
axes:[{label:'ms since run start'},{label:'delay ms'},{side:1,scale:'elu',label:'ELU %',grid:{show:false}}],
hooks:{draw:[band]}},d.lag,document.getElementById('lag'));}
if(d.mem[0].length>0){new uPlot({width:w,height:200,scales:{x:{time:false,range:[0,xmax(d.mem[0])]}},
series:[{label:'ms'},{label:'RSS MB',stroke:'#7c3aed'},{label:'heap used MB',stroke:'#059669'}],
axes:[{label:'ms since run start'},{label:'MB'}]},d.mem,document.getElementById('mem'));}
window.__reportReady=true;})();`;

function nodeTable(data: RunReportData): string {
  const rows = [...data.nodes].sort((a, b) => b.totalMs - a.totalMs).map((n) =>
    `<tr><td><code>${escapeXml(n.id)}</code></td><td class="l">${escapeXml(n.type)}</td><td class="l" style="color:${KIND_STROKE[n.kind]}">${n.kind}</td>` +
    `<td>${n.runs}</td><td>${fmtMs(n.totalMs)}</td><td>${fmtMs(n.medianMs)}</td><td>${fmtMs(n.p95Ms)}</td><td>${(n.share * 100).toFixed(1)}%</td></tr>`);
  return `<table id="nodes"><thead><tr><th>node</th><th class="l">type</th><th class="l">kind</th><th>runs</th><th>total</th><th>median</th><th>p95</th><th>share</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function errorTable(data: RunReportData): string {
  if (data.errors.length === 0) return '<p class="note ok" id="errors">No errors.</p>';
  const rows = data.errors.map((e) => `<tr><td><code>${escapeXml(e.code)}</code></td><td class="l"><code>${escapeXml(e.nodeId ?? '-')}</code></td>` +
    `<td class="l">${escapeXml(e.nodeType ?? '')}</td><td class="l">${escapeXml(e.errorType ?? '')}</td><td class="l">${escapeXml(e.message.slice(0, 400))}</td></tr>`);
  return `<table id="errors"><thead><tr><th>code</th><th class="l">node</th><th class="l">type</th><th class="l">error type</th><th class="l">message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function legend(): string {
  const k = (kind: string, text: string): string => `<span><i class="sw" style="background:${KIND_STROKE[kind]}"></i>${text}</span>`;
  return `<p class="legend">${k('inline', 'inline (main thread)')}${k('pool', 'pool (worker thread)')}${k('io', 'I/O (awaiting)')}<span>fill: share of node time, pale → red</span></p>`;
}

/** The report as one HTML string. */
export function renderRunReportHtml(data: RunReportData): string {
  const { js, css } = loadUplot();
  const cpuIds = new Set(data.nodes.filter((n) => n.cost === 'cpu').map((n) => n.id));
  const lag = data.loop?.samples ?? [];
  const page = {
    wall: data.wallMs,
    lag: [lag.map((s) => +s.t.toFixed(2)), lag.map((s) => +s.delayMaxMs.toFixed(3)), lag.map((s) => +(s.elu * 100).toFixed(1))],
    mem: [data.memory.map((m) => +m.t.toFixed(2)), data.memory.map((m) => +m.rssMb.toFixed(1)), data.memory.map((m) => +m.heapUsedMb.toFixed(1))],
    cpu: data.spans.filter((s) => cpuIds.has(s.nodeId)).map((s) => [+s.startMs.toFixed(2), +s.endMs.toFixed(2)]),
  };
  const p = data.phases;
  const l = data.loop;
  // With bench figures in the summary, the timeline and plots show one extra profiled run.
  const pre = data.summary.length > 0 ? 'profiled run: ' : '';
  const lines: [string, string][] = [
    [`${pre}status`, data.status],
    [`${pre}wall time`, fmtMs(data.wallMs)],
    [`${pre}load / validate / compile / run`, `${fmtMs(p.loadMs)} / ${fmtMs(p.validateMs)} / ${fmtMs(p.compileMs)} / ${fmtMs(p.runMs)}`],
    ...(l !== null ? [[`${pre}event-loop delay p50 / p99 / max`, `${fmtMs(l.p50Ms)} / ${fmtMs(l.p99Ms)} / ${fmtMs(l.maxMs)}, utilisation ${(l.utilization * 100).toFixed(0)}%`] as [string, string]] : []),
    ...data.summary.map(([a, b]) => [a, b] as [string, string]),
  ];
  const statusClass = data.status === 'success' ? 'ok' : 'bad';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(`Casare run report: ${data.title}`)}</title>
<style>${css}\n${PAGE_CSS}</style></head><body>
<h1>${escapeXml(data.title)} <span class="${statusClass}">${escapeXml(data.status)}</span></h1>
<p class="note">${escapeXml(data.file ?? '(in memory)')} · generated ${escapeXml(data.generatedAt)}</p>
<table id="summary">${lines.map(([a, b]) => `<tr><th class="l">${escapeXml(a)}</th><td class="l">${escapeXml(b)}</td></tr>`).join('')}</table>
<h2>Workflow DAG</h2>${legend()}<div class="box">${renderDagSvg(data.nodes, data.edges)}</div>
<h2>Timeline</h2><div class="box">${renderTimelineSvg(data.spans, data.wallMs)}</div>
<h2>Event-loop delay</h2><p class="note">Worst delay per sample interval and event-loop utilisation; red band: CPU nodes' activations.</p>
${lag.length > 0 ? '<div id="lag"></div>' : '<p class="note" id="lag">No event-loop samples (monitor off or run too short).</p>'}
${data.memory.length > 0 ? '<h2>Memory</h2><div id="mem"></div>' : ''}
<h2>Nodes</h2>${nodeTable(data)}
<h2>Errors</h2>${errorTable(data)}
<script type="application/json" id="report-data">${scriptJson(page)}</script>
<script>${js}</script><script>${PAGE_JS}</script></body></html>
`;
}

/** Write the report to `path`; returns its size in bytes. */
export function writeRunReport(path: string, data: RunReportData): number {
  const html = renderRunReportHtml(data);
  writeFileSync(path, html);
  return Buffer.byteLength(html);
}
