/**
 * Calendar arithmetic on whole days (days since 1970-01-01, UTC) and the many UK day-first ways
 * councils write a date. Never month-first.
 */

export type Day = number;

const MS_PER_DAY = 86_400_000;

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

export function fromYmd(y: number, m: number, d: number): Day {
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function toYmd(day: Day): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function parseIso(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return fromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function toIso(day: Day): string {
  const { y, m, d } = toYmd(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isMonthEnd(day: Day): boolean {
  const { y, m, d } = toYmd(day);
  return d === daysInMonth(y, m);
}

/**
 * Adds calendar months. A month-end stays a month-end (31 Mar + 6 → 30 Sep, 30 Sep + 6 → 31 Mar);
 * other days are clamped to the target month's length.
 */
export function addMonths(day: Day, months: number): Day {
  const { y, m, d } = toYmd(day);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const dim = daysInMonth(ny, nm);
  const nd = isMonthEnd(day) ? dim : Math.min(d, dim);
  return fromYmd(ny, nm, nd);
}

/** Whole calendar months from a to b (b >= a), counting a partial month as not whole. */
export function wholeMonthsBetween(a: Day, b: Day): number {
  const A = toYmd(a);
  const B = toYmd(b);
  let months = (B.y - A.y) * 12 + (B.m - A.m);
  if (B.d < A.d) months -= 1;
  return months;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1: return `${n}st`;
    case 2: return `${n}nd`;
    case 3: return `${n}rd`;
    default: return `${n}th`;
  }
}

export type DateStyle =
  | 'dd/mm/yyyy'
  | 'd/m/yyyy'
  | 'dd/mm/yy'
  | 'dd.mm.yy'
  | 'dd.mm.yyyy'
  | 'dd-mm-yyyy'
  | 'd-Mon-yy'
  | 'dd-Mon-yyyy'
  | 'd Mon yyyy'
  | 'ordinal Month yyyy'
  | 'd Month yyyy'
  | 'iso'
  | 'iso 00:00:00'
  | 'iso T00Z'
  | 'dd/mm/yyyy 00:00'
  | 'excel';

/** Excel's serial day number (1900 date system, as Excel counts it: 1899-12-30 is day 0 for modern dates). */
export function excelSerial(day: Day): number {
  return day - fromYmd(1899, 12, 30);
}

export function formatDate(day: Day, style: DateStyle): string {
  const { y, m, d } = toYmd(day);
  const yy = pad2(y % 100);
  const mon = MONTH_NAMES[m - 1].slice(0, 3);
  switch (style) {
    case 'dd/mm/yyyy': return `${pad2(d)}/${pad2(m)}/${y}`;
    case 'd/m/yyyy': return `${d}/${m}/${y}`;
    case 'dd/mm/yy': return `${pad2(d)}/${pad2(m)}/${yy}`;
    case 'dd.mm.yy': return `${pad2(d)}.${pad2(m)}.${yy}`;
    case 'dd.mm.yyyy': return `${pad2(d)}.${pad2(m)}.${y}`;
    case 'dd-mm-yyyy': return `${pad2(d)}-${pad2(m)}-${y}`;
    case 'd-Mon-yy': return `${d}-${mon}-${yy}`;
    case 'dd-Mon-yyyy': return `${pad2(d)}-${mon}-${y}`;
    case 'd Mon yyyy': return `${d} ${mon} ${y}`;
    case 'ordinal Month yyyy': return `${ordinal(d)} ${MONTH_NAMES[m - 1]} ${y}`;
    case 'd Month yyyy': return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
    case 'iso': return toIso(day);
    case 'iso 00:00:00': return `${toIso(day)} 00:00:00`;
    case 'iso T00Z': return `${toIso(day)}T00:00:00Z`;
    case 'dd/mm/yyyy 00:00': return `${pad2(d)}/${pad2(m)}/${y} 00:00`;
    case 'excel': return String(excelSerial(day));
  }
}
