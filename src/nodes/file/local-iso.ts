/** Python `datetime.fromtimestamp(ts).isoformat()`: local time, microseconds only when non-zero. */
function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function localIsoFromMs(ms: number): string {
  const d = new Date(ms);
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000) % 1_000_000;
  const base = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return micros === 0 ? base : `${base}.${pad(micros, 6)}`;
}
