/** Date/time nodes (nodes.md §15). Values depend on the clock; shapes and error texts do not. */
import { NodeFailure, defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { addMicros, diffMicros, fieldsOf, fromEpochMsLocal, fromIsoFormat, isoFormat, nowInZone, nowLocal, timestampOf } from './py-datetime.js';
import type { PyDateTime } from './py-datetime.js';
import { DAY_NAMES, strftime } from './strftime.js';

const US_PER_S = 1_000_000;

/** The datetime input rule: null -> now, number -> local time from epoch seconds, string -> fromisoformat. */
export function parseDateTimeInput(v: unknown): PyDateTime {
  if (v === null || v === undefined || v === '') return nowLocal();
  if (typeof v === 'number') return fromEpochMsLocal(v * 1000);
  const s = pyStr(v);
  return fromIsoFormat(s.endsWith('Z') ? s.slice(0, -1) + '+00:00' : s);
}

/** CasareRPA's safe_int: int() of the value, 0 when it does not convert. */
function safeInt(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v);
  return 0;
}

export const getCurrentDateTimeNode: NodeSpec = defineNode({
  type: 'GetCurrentDateTimeNode', category: 'utility', inputs: [],
  outputs: ['datetime', 'timestamp', 'year', 'month', 'day', 'hour', 'minute', 'second', 'day_of_week'],
  config: { timezone: '', format: '' }, routing: 'D',
  run(ctx) {
    const tz = ctx.param('timezone');
    const now = pyTruthy(tz) ? nowInZone(pyStr(tz)) : nowLocal();
    const fmt = ctx.param('format');
    const f = fieldsOf(now);
    ctx.out('datetime', pyTruthy(fmt) ? strftime(now, pyStr(fmt)) : isoFormat(now));
    ctx.out('timestamp', timestampOf(now));
    ctx.out('year', f.year);
    ctx.out('month', f.month);
    ctx.out('day', f.day);
    ctx.out('hour', f.hour);
    ctx.out('minute', f.minute);
    ctx.out('second', f.second);
    ctx.out('day_of_week', DAY_NAMES[f.weekday]);
  },
});

export const getTimestampNode: NodeSpec = defineNode({
  type: 'GetTimestampNode', category: 'utility', inputs: [], outputs: ['timestamp'],
  config: { milliseconds: false }, routing: 'D',
  run(ctx) {
    const ms = Date.now();
    ctx.out('timestamp', pyTruthy(ctx.param('milliseconds')) ? Math.trunc(ms) : ms / 1000);
  },
});

export const dateTimeAddNode: NodeSpec = defineNode({
  type: 'DateTimeAddNode', category: 'utility',
  inputs: ['datetime', 'years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'],
  outputs: ['result', 'timestamp'],
  config: { datetime: null, years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 },
  routing: 'D',
  run(ctx) {
    const base = parseDateTimeInput(ctx.param('datetime'));
    const g = (k: string): number => safeInt(ctx.param(k));
    const days = g('years') * 365 + g('months') * 30 + g('weeks') * 7 + g('days');
    const secs = days * 86400 + g('hours') * 3600 + g('minutes') * 60 + g('seconds');
    const sum = addMicros(base, secs * US_PER_S);
    ctx.out('result', isoFormat(sum));
    ctx.out('timestamp', timestampOf(sum));
  },
});

export const dateTimeDiffNode: NodeSpec = defineNode({
  type: 'DateTimeDiffNode', category: 'utility', inputs: ['datetime_1', 'datetime_2'], required: ['datetime_1', 'datetime_2'],
  outputs: ['total_seconds', 'total_minutes', 'total_hours', 'total_days', 'days', 'hours', 'minutes', 'seconds'],
  config: { datetime_1: null, datetime_2: null }, routing: 'D',
  run(ctx) {
    const a = ctx.param('datetime_1');
    const b = ctx.param('datetime_2');
    if (a === null || b === null) throw new NodeFailure('Both datetime_1 and datetime_2 are required', 'ValueError');
    const us = diffMicros(parseDateTimeInput(b), parseDateTimeInput(a));
    const total = us / US_PER_S;
    const absS = Math.floor(Math.abs(us) / US_PER_S) % 86400;
    ctx.out('total_seconds', total);
    ctx.out('total_minutes', total / 60);
    ctx.out('total_hours', total / 3600);
    ctx.out('total_days', total / 86400);
    ctx.out('days', Math.floor(us / (86400 * US_PER_S)));
    ctx.out('hours', Math.floor(absS / 3600));
    ctx.out('minutes', Math.floor((absS % 3600) / 60));
    ctx.out('seconds', absS % 60);
  },
});
