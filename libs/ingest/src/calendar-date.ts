/**
 * Calendar dates are `YYYY-MM-DD` strings throughout: a JS Date at midnight shifts
 * 31 March to 30 March as soon as a time zone is involved.
 */
export type CalendarDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function splitCalendarDate(date: CalendarDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Days since 1970-01-01 (proleptic Gregorian), computed without Date. */
export function toDayNumber(date: CalendarDate): number {
  const [y0, m, d] = splitCalendarDate(date);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return formatCalendarDate(era * 400 + yoe + (m <= 2 ? 1 : 0), m, d);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds whole months, clamping to the end of a shorter month: 31 Jan + 1 month is 29 Feb 2024. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = splitCalendarDate(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatCalendarDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * The last day of a term of `months` that starts on `start`: the day before the
 * same date `months` later. Example: `endOfTerm('2024-04-01', 36)` is `'2027-03-31'`.
 */
export function endOfTerm(start: CalendarDate, months: number): CalendarDate {
  return addDays(addMonths(start, months), -1);
}

/** `2027-03-31` → `31/03/2027`, the order people in the UK read dates in. */
export function toUkDate(date: CalendarDate | null | undefined): string {
  if (!date) return '';
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
