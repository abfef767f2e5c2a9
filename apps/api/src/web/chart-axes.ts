import { addMonths, CalendarDate } from '@app/ingest';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The first day of the quarter `d` falls in. */
function quarterStart(d: CalendarDate): CalendarDate {
  const month = Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${d.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

/** "Jan–Mar 2027" for the quarter starting on `start`. */
export function quarterLabel(start: CalendarDate): string {
  const m = Number(start.slice(5, 7)) - 1;
  return `${MONTHS[m]}–${MONTHS[m + 2]} ${start.slice(0, 4)}`;
}

export interface QuarterBucket {
  /** "Overdue", or the quarter in words ("Jan–Mar 2027"). */
  quarter: string;
  /** First day of the quarter (null for Overdue). */
  start: CalendarDate | null;
  count: number;
  councils: number;
  value: number;
  /** The quarter today is in. */
  current: boolean;
  /** How far through its quarter today is (0-1), on the current quarter only. */
  todayAt?: number;
}

/**
 * Decision dates counted by quarter for a chart with a continuous time axis: every quarter from
 * today's to the one `months` ahead is there, empty ones too, after an "Overdue" bucket for
 * decisions already past (contracts still running). Dates past the horizon are left out.
 */
export function decisionQuarters(contracts: Iterable<{ decisionDate: CalendarDate | null; council: string; annualValue: number | null }>, today: CalendarDate, months: number): QuarterBucket[] {
  const horizon = addMonths(today, months);
  const overdue = { count: 0, councils: new Set<string>(), value: 0 };
  const byStart = new Map<CalendarDate, { count: number; councils: Set<string>; value: number }>();
  for (let q = quarterStart(today); q <= horizon; q = addMonths(q, 3)) byStart.set(q, { count: 0, councils: new Set(), value: 0 });
  for (const c of contracts) {
    if (!c.decisionDate || c.decisionDate > horizon) continue;
    const e = c.decisionDate < today ? overdue : byStart.get(quarterStart(c.decisionDate));
    if (!e) continue;
    e.count++;
    e.councils.add(c.council);
    e.value += c.annualValue ?? 0;
  }
  const first = quarterStart(today);
  const days = (a: CalendarDate, b: CalendarDate) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
  return [
    { quarter: 'Overdue', start: null, count: overdue.count, councils: overdue.councils.size, value: overdue.value, current: false },
    ...[...byStart].map(([start, e]) => ({
      quarter: quarterLabel(start), start, count: e.count, councils: e.councils.size, value: e.value, current: start === first,
      ...(start === first ? { todayAt: days(start, today) / days(start, addMonths(start, 3)) } : {}),
    })),
  ];
}

/**
 * Tick dates for a time axis from `min` to `max`: the first of a month, every 1, 3, 6 or 12
 * months so that there are at most `most` of them; never an odd day of the month.
 */
export function monthTicks(min: CalendarDate, max: CalendarDate, most = 8): CalendarDate[] {
  const span = (Number(max.slice(0, 4)) - Number(min.slice(0, 4))) * 12 + Number(max.slice(5, 7)) - Number(min.slice(5, 7));
  const step = [1, 3, 6, 12, 24, 60].find((s) => span / s <= most) ?? 120;
  let at = `${min.slice(0, 7)}-01`;
  if (at < min) at = addMonths(at, 1);
  // Steps of a quarter or more start on a quarter, half year or year.
  while (step >= 3 && (Number(at.slice(5, 7)) - 1) % Math.min(step, 12) !== 0) at = addMonths(at, 1);
  const ticks: CalendarDate[] = [];
  for (; at <= max; at = addMonths(at, step)) ticks.push(at);
  return ticks;
}
