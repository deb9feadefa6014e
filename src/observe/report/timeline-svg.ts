/**
 * Gantt timeline of node activations as static SVG. Events do not say which pool thread ran a task,
 * so lanes are per execution kind: `main` (inline work; overlapping async inline activations get
 * extra main lanes), `pool N` and `io N`, spans packed greedily into the first free lane of their
 * kind. Parallel branches therefore show as stacked pool / io lanes.
 */
import type { ExecKind, ReportSpan } from './report-types.js';
import { KIND_STROKE } from './dag-svg.js';
import { escapeXml, fmtMs } from './format.js';

/** Beyond this many spans only the first ones (by start time) are drawn. */
export const MAX_SPANS = 5000;
const MAX_LANES_PER_KIND = 16;
const LANE_H = 18;
const LABEL_W = 84;
const AXIS_H = 20;

export interface Lane { readonly label: string; readonly kind: ExecKind; readonly spans: ReportSpan[] }

/** Pack spans into lanes: first free lane of their kind, in start order. */
export function packLanes(spans: readonly ReportSpan[]): Lane[] {
  const order: ExecKind[] = ['inline', 'pool', 'io'];
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const lanes: Lane[] = [];
  for (const kind of order) {
    const mine: Lane[] = [];
    const freeAt: number[] = [];
    for (const s of sorted) {
      if (s.kind !== kind) continue;
      let k = freeAt.findIndex((end) => end <= s.startMs + 1e-6);
      if (k < 0) {
        if (mine.length < MAX_LANES_PER_KIND) {
          k = mine.length;
          const label = kind === 'inline' ? (k === 0 ? 'main' : `main ${k + 1}`) : `${kind} ${k + 1}`;
          mine.push({ label, kind, spans: [] });
          freeAt.push(0);
        } else k = mine.length - 1;
      }
      mine[k]!.spans.push(s);
      freeAt[k] = Math.max(freeAt[k]!, s.endMs);
    }
    lanes.push(...mine);
  }
  return lanes;
}

function niceStep(range: number, target: number): number {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** SVG markup of the timeline over [0, wallMs], `width` px wide. */
export function renderTimelineSvg(spansIn: readonly ReportSpan[], wallMs: number, width = 1100): string {
  if (spansIn.length === 0) return '<p class="note">No node activations recorded.</p>';
  const spans = spansIn.length > MAX_SPANS ? [...spansIn].sort((a, b) => a.startMs - b.startMs).slice(0, MAX_SPANS) : spansIn;
  const lanes = packLanes(spans);
  const plotW = width - LABEL_W - 10;
  const span = wallMs > 0 ? wallMs : 1;
  const xOf = (t: number): number => LABEL_W + (Math.max(0, t) / span) * plotW;
  const h = AXIS_H + lanes.length * LANE_H + 4;
  const parts: string[] = [];
  parts.push(`<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="ui-monospace,monospace" font-size="10">`);
  const step = niceStep(span, 8);
  for (let t = 0; t <= span + 1e-9; t += step) {
    const x = xOf(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${AXIS_H - 4}" x2="${x}" y2="${h}" stroke="#e5e7eb"/><text x="${x}" y="${AXIS_H - 7}" text-anchor="middle" fill="#6b7280">${fmtMs(t)}</text>`);
  }
  lanes.forEach((lane, li) => {
    const y = AXIS_H + li * LANE_H;
    parts.push(`<g class="lane" data-lane="${escapeXml(lane.label)}"><text x="4" y="${y + 13}" fill="#374151">${escapeXml(lane.label)}</text>`);
    const fill = KIND_STROKE[lane.kind] ?? '#6b7280';
    for (const s of lane.spans) {
      const x = xOf(s.startMs);
      const w = Math.max(1, xOf(s.endMs) - x);
      const stroke = s.failed ? ' stroke="#dc2626" stroke-width="2"' : '';
      parts.push(`<rect class="span" x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${LANE_H - 4}" fill="${fill}" fill-opacity="0.8"${stroke}><title>${escapeXml(`${s.nodeId}: ${fmtMs(s.startMs)} → ${fmtMs(s.endMs)} (${fmtMs(s.endMs - s.startMs)})${s.failed ? ' FAILED' : ''}`)}</title></rect>`);
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  if (spansIn.length > MAX_SPANS) parts.push(`<p class="note">Showing the first ${MAX_SPANS} of ${spansIn.length} activations.</p>`);
  return parts.join('');
}
