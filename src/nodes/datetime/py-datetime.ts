/**
 * A small Python `datetime` model: wall-clock fields as microseconds since 0001-01-01 (proleptic
 * Gregorian, via Date.UTC arithmetic) plus an optional UTC offset in minutes (null = naive).
 * Enough for fromisoformat, isoformat, timedelta arithmetic, timestamp() and strftime.
 */
import { NodeFailure } from '../types.js';

export interface PyDateTime {
  /** Wall-clock time as epoch microseconds, as if the fields were UTC. */
  readonly wallUs: number;
  /** UTC offset in minutes; null for a naive datetime. */
  readonly offsetMin: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** datetime.fromisoformat, with `Z` read as +00:00. */
export function fromIsoFormat(s: string): PyDateTime {
  const m = ISO.exec(s.trim() === s ? s : '\u0000');
  if (m === null) throw new NodeFailure(`Invalid isoformat string: '${s}'`, 'ValueError');
  const [, y, mo, d, h, mi, sec, frac, tz] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0)] as const;
  if (fields[1] < 1 || fields[1] > 12 || fields[2] < 1 || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    throw new NodeFailure(`Invalid isoformat string: '${s}'`, 'ValueError');
  }
  const ms = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const check = new Date(ms);
  if (check.getUTCDate() !== fields[2]) throw new NodeFailure('day is out of range for month', 'ValueError');
  const us = frac === undefined ? 0 : Number(frac.padEnd(6, '0'));
  let offsetMin: number | null = null;
  if (tz !== undefined) {
    if (tz === 'Z') offsetMin = 0;
    else {
      const sign = tz[0] === '-' ? -1 : 1;
      const digits = tz.slice(1).replaceAll(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    }
  }
  return { wallUs: fixYear(ms, fields[0]) * 1000 + us, offsetMin };
}

/** Date.UTC maps years 0-99 to 1900-1999; undo that for Python's full year range. */
function fixYear(ms: number, year: number): number {
  if (year >= 100) return ms;
  const d = new Date(ms);
  d.setUTCFullYear(year);
  return d.getTime();
}

/** datetime.now() (naive local) or now in a fixed offset given by an IANA zone. */
export function nowLocal(): PyDateTime {
  return fromEpochMsLocal(Date.now());
}

/** datetime.fromtimestamp(ms / 1000) in local time (naive). */
export function fromEpochMsLocal(ms: number): PyDateTime {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  return { wallUs: Math.round(ms * 1000) + offset * 60_000_000, offsetMin: null };
}

/** Now in an IANA zone as an aware datetime; throws on an unknown zone. */
export function nowInZone(zone: string): PyDateTime {
  const ms = Date.now();
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms));
  } catch {
    throw new NodeFailure(`'No time zone found with key ${zone}'`, 'ZoneInfoNotFoundError');
  }
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wallMs = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMin = Math.round((wallMs - Math.floor(ms / 1000) * 1000) / 60000);
  return { wallUs: wallMs * 1000 + (ms % 1000) * 1000, offsetMin };
}

export function addMicros(dt: PyDateTime, us: number): PyDateTime {
  return { wallUs: dt.wallUs + us, offsetMin: dt.offsetMin };
}

/** dt.timestamp(): naive values are local time. */
export function timestampOf(dt: PyDateTime): number {
  if (dt.offsetMin !== null) return (dt.wallUs - dt.offsetMin * 60_000_000) / 1e6;
  const f = fieldsOf(dt);
  const local = new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second).getTime();
  return local / 1000 + f.micro / 1e6;
}

/** b - a in microseconds; mixing naive and aware fails like Python. */
export function diffMicros(b: PyDateTime, a: PyDateTime): number {
  if ((a.offsetMin === null) !== (b.offsetMin === null)) {
    throw new NodeFailure("can't subtract offset-naive and offset-aware datetimes", 'TypeError');
  }
  const ua = a.wallUs - (a.offsetMin ?? 0) * 60_000_000;
  const ub = b.wallUs - (b.offsetMin ?? 0) * 60_000_000;
  return ub - ua;
}

export interface DateFields {
  year: number; month: number; day: number; hour: number; minute: number; second: number; micro: number; weekday: number;
}

export function fieldsOf(dt: PyDateTime): DateFields {
  const ms = Math.floor(dt.wallUs / 1000);
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), micro: ((dt.wallUs % 1_000_000) + 1_000_000) % 1_000_000,
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

export function offsetText(offsetMin: number, colon: boolean): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

/** datetime.isoformat(). */
export function isoFormat(dt: PyDateTime): string {
  const f = fieldsOf(dt);
  let s = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
  if (f.micro !== 0) s += `.${pad(f.micro, 6)}`;
  if (dt.offsetMin !== null) s += offsetText(dt.offsetMin, true);
  return s;
}
