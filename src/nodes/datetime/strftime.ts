/** Python strftime for the common directives (C locale names). */
import { fieldsOf, offsetText } from './py-datetime.js';
import type { PyDateTime } from './py-datetime.js';

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dayOfYear(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
}

export function strftime(dt: PyDateTime, fmt: string): string {
  const f = fieldsOf(dt);
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) { out += c; continue; }
    const d = fmt[++i]!;
    switch (d) {
      case 'Y': out += String(f.year); break;
      case 'y': out += pad(f.year % 100); break;
      case 'm': out += pad(f.month); break;
      case 'd': out += pad(f.day); break;
      case 'e': out += String(f.day).padStart(2, ' '); break;
      case 'H': out += pad(f.hour); break;
      case 'I': out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12); break;
      case 'M': out += pad(f.minute); break;
      case 'S': out += pad(f.second); break;
      case 'f': out += pad(f.micro, 6); break;
      case 'p': out += f.hour < 12 ? 'AM' : 'PM'; break;
      case 'a': out += DAY_NAMES[f.weekday]!.slice(0, 3); break;
      case 'A': out += DAY_NAMES[f.weekday]!; break;
      case 'w': out += String((f.weekday + 1) % 7); break;
      case 'u': out += String(f.weekday + 1); break;
      case 'b': case 'h': out += MONTH_NAMES[f.month - 1]!.slice(0, 3); break;
      case 'B': out += MONTH_NAMES[f.month - 1]!; break;
      case 'j': out += pad(dayOfYear(f.year, f.month, f.day), 3); break;
      case 'z': out += dt.offsetMin === null ? '' : offsetText(dt.offsetMin, false); break;
      case 'Z': out += dt.offsetMin === null ? '' : dt.offsetMin === 0 ? 'UTC' : `UTC${offsetText(dt.offsetMin, true)}`; break;
      case 'F': out += `${f.year}-${pad(f.month)}-${pad(f.day)}`; break;
      case 'T': out += `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`; break;
      case 'D': out += `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`; break;
      case 'c': out += `${DAY_NAMES[f.weekday]!.slice(0, 3)} ${MONTH_NAMES[f.month - 1]!.slice(0, 3)} ${String(f.day).padStart(2, ' ')} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)} ${f.year}`; break;
      case 'x': out += `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`; break;
      case 'X': out += `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`; break;
      case '%': out += '%'; break;
      default: out += '%' + d;
    }
  }
  return out;
}
