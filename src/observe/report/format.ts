/** Small text helpers shared by the report and the bench table. */

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const XML_SPECIAL = /[&<>"']/g;

/** Escape text for HTML/SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(XML_SPECIAL, (c) => XML_ESCAPES[c]!);
}

/** Milliseconds with a unit that keeps 3 significant figures or so. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(1)} µs`;
  return ms === 0 ? '0' : `${(ms * 1e6).toFixed(0)} ns`;
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no `</script>` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
