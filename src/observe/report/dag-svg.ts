/**
 * The workflow DAG as static SVG: laid out with @dagrejs/dagre here in Node at report time, so the
 * page needs no layout library. Node fill = share of run time (pale -> red, scaled to the hottest
 * node); border and badge = where the work ran (inline grey, pool blue, io green dashed).
 */
import { lazyRequire } from '../../lib/lazy-require.js';
import type { ReportEdge, ReportNode } from './report-types.js';
import { escapeXml, fmtMs } from './format.js';

type Dagre = typeof import('@dagrejs/dagre');
// dagre is CommonJS whose `layout` export Node's ESM named-export detection does not see; loaded
// when a report is drawn (47 modules: start-up time for every run otherwise).
const dagreLib = lazyRequire<Dagre>('@dagrejs/dagre');

/** Above this many nodes dagre takes seconds and the picture says little: the DAG is left out. */
export const MAX_DAG_NODES = 600;

const CHAR_W = 7;
const NODE_H = 40;

export const KIND_STROKE: Readonly<Record<string, string>> = { inline: '#6b7280', pool: '#2563eb', io: '#059669' };

/** Fill for a share relative to the hottest node: #f3f4f6 at 0 -> #f87171 at 1 (dark text stays readable). */
export function heatColor(rel: number): string {
  const r = Math.max(0, Math.min(1, rel));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * r);
  const hex = (v: number): string => v.toString(16).padStart(2, '0');
  return `#${hex(mix(0xf3, 0xf8))}${hex(mix(0xf4, 0x71))}${hex(mix(0xf6, 0x71))}`;
}

/** SVG markup of the DAG, or a short note when there is nothing (or too much) to draw. */
export function renderDagSvg(nodes: readonly ReportNode[], edges: readonly ReportEdge[]): string {
  if (nodes.length === 0) return '<p class="note">No nodes.</p>';
  if (nodes.length > MAX_DAG_NODES) return `<p class="note">DAG not drawn: ${nodes.length} nodes (limit ${MAX_DAG_NODES}).</p>`;
  const dagre = dagreLib();
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 46, edgesep: 8, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  let maxShare = 0;
  for (const n of nodes) if (n.share > maxShare) maxShare = n.share;
  for (const n of nodes) {
    const chars = Math.max(n.id.length, n.type.length + 8);
    g.setNode(n.id, { width: Math.max(110, chars * CHAR_W + 20), height: NODE_H });
  }
  edges.forEach((e, k) => g.setEdge(e.source, e.target, {}, `e${k}`));
  dagre.layout(g);
  const gw = Math.ceil(g.graph().width ?? 0);
  const gh = Math.ceil(g.graph().height ?? 0);
  const parts: string[] = [];
  parts.push(`<svg id="dag" xmlns="http://www.w3.org/2000/svg" width="${gw}" height="${gh}" viewBox="0 0 ${gw} ${gh}" font-family="ui-monospace,monospace" font-size="11">`);
  parts.push('<defs><marker id="arr" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L8,4L0,8z" fill="#9ca3af"/></marker></defs>');
  for (const e of g.edges()) {
    const pts = g.edge(e).points ?? [];
    if (pts.length === 0) continue;
    const idx = Number((e.name ?? 'e0').slice(1));
    const exec = edges[idx]?.exec ?? true;
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
    parts.push(`<path class="edge" d="${d}" fill="none" stroke="#9ca3af" stroke-width="1.2"${exec ? '' : ' stroke-dasharray="3 3"'} marker-end="url(#arr)"/>`);
  }
  for (const n of nodes) {
    const p = g.node(n.id);
    const w = p.width;
    const x = p.x - w / 2;
    const y = p.y - NODE_H / 2;
    const stroke = KIND_STROKE[n.kind] ?? '#6b7280';
    const dash = n.kind === 'io' ? ' stroke-dasharray="4 2"' : '';
    const sw = n.kind === 'pool' ? 2.5 : 1.5;
    const title = `${n.id} (${n.type}) ${n.kind}: ${fmtMs(n.totalMs)}, ${(n.share * 100).toFixed(1)}% of node time, ${n.runs} run(s)`;
    parts.push(`<g class="node" data-node="${escapeXml(n.id)}" data-kind="${n.kind}"><title>${escapeXml(title)}</title>`);
    parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w}" height="${NODE_H}" rx="5" fill="${heatColor(maxShare > 0 ? n.share / maxShare : 0)}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`);
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${(y + 15).toFixed(1)}" font-weight="600">${escapeXml(n.id)}</text>`);
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${(y + 31).toFixed(1)}" fill="#374151">${escapeXml(n.type)} <tspan fill="${stroke}" font-weight="600">${n.kind}</tspan></text>`);
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}
