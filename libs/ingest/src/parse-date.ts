import { CalendarDate, daysInMonth, formatCalendarDate, fromDayNumber, toDayNumber } from './calendar-date';

export type DateProblem = 'DATE_INVALID' | 'DATE_IMPLAUSIBLE' | 'DATE_AMBIGUOUS';

export type DateParse =
  | { ok: true; value: CalendarDate; form: string }
  | { ok: false; code: DateProblem; message: string };

export interface DateOptions {
  /** Earliest year a contract date may plausibly have (default 1970). */
  minYear?: number;
  /** Latest year a contract date may plausibly have (default 2100). */
  maxYear?: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

// Excel's day 0 is 30 Dec 1899 once its 1900 leap-year bug is allowed for (serials > 60).
const EXCEL_EPOCH = toDayNumber('1899-12-30');

const PLAIN_DAY_FIRST = /^\d\d\/\d\d\/\d{4}$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC_DAY_FIRST = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const WORD_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*(?:of\s+)?([a-z]{3,9})\.?,?[\s\-/.]*(\d{2}|\d{4})$/i;
const MONTH_FIRST_WORD = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

function twoDigitYear(yy: number): number {
  // Contract dates cluster around today: 00-69 are 2000s, 70-99 are 1900s.
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

function build(year: number, month: number, day: number, form: string, opts: DateOptions): DateParse {
  const minYear = opts.minYear ?? 1970;
  const maxYear = opts.maxYear ?? 2100;
  if (month < 1 || month > 12) {
    return { ok: false, code: 'DATE_INVALID', message: `month ${month} does not exist (dates are read day first: DD/MM/YYYY)` };
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, code: 'DATE_INVALID', message: `day ${day} does not exist in month ${month} of ${year}` };
  }
  if (year < minYear || year > maxYear) {
    return { ok: false, code: 'DATE_IMPLAUSIBLE', message: `year ${year} is outside the plausible range ${minYear}-${maxYear}` };
  }
  return { ok: true, value: formatCalendarDate(year, month, day), form };
}

/** The calendar date in the UK of an instant written with a UTC offset. */
function ukDateOfInstant(iso: string): string | null {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Reads a date the way a UK council writes it: day first, never month first.
 * Example: `parseUkDate('31-Mar-27')` gives `{ ok: true, value: '2027-03-31', form: 'd-mon-yy' }`;
 * `parseUkDate('03/31/2027')` is refused because there is no month 31.
 */
export function parseUkDate(raw: string, opts: DateOptions = {}): DateParse | null {
  if (PLAIN_DAY_FIRST.test(raw)) {
    // The commonest form, DD/MM/YYYY, without the general search.
    return build(Number(raw.slice(6)), Number(raw.slice(3, 5)), Number(raw.slice(0, 2)), 'dd/mm/yyyy', opts);
  }
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return null;

  let m = ISO.exec(text);
  if (m) {
    const [, y, mo, d, hh, mi, ss, zone] = m;
    if (zone && hh !== undefined) {
      // An instant with an offset: the council meant the UK calendar day of that instant.
      const normalisedZone = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
      const check = build(Number(y), Number(mo), Number(d), 'iso-datetime', opts);
      if (!check.ok) return check;
      const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}T${hh.padStart(2, '0')}:${mi}:${ss ?? '00'}${normalisedZone}`;
      const local = ukDateOfInstant(iso);
      if (!local) return { ok: false, code: 'DATE_INVALID', message: 'not a valid date and time' };
      const [ly, lm, ld] = local.split('-').map(Number);
      return build(ly, lm, ld, 'iso-datetime', opts);
    }
    return build(Number(y), Number(mo), Number(d), hh !== undefined ? 'iso-datetime' : 'iso', opts);
  }

  m = NUMERIC_DAY_FIRST.exec(text);
  if (m) {
    const [, d, mo, y] = m;
    if (y.length === 3 || y.length === 1) {
      return { ok: false, code: 'DATE_INVALID', message: `year "${y}" is incomplete` };
    }
    const year = y.length === 2 ? twoDigitYear(Number(y)) : Number(y);
    return build(year, Number(mo), Number(d), y.length === 2 ? 'dd/mm/yy' : 'dd/mm/yyyy', opts);
  }

  m = WORD_MONTH.exec(text);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (!month) return { ok: false, code: 'DATE_INVALID', message: `"${m[2]}" is not a month` };
    const year = m[3].length === 2 ? twoDigitYear(Number(m[3])) : Number(m[3]);
    return build(year, month, Number(m[1]), m[3].length === 2 ? 'd-mon-yy' : 'd month yyyy', opts);
  }

  m = MONTH_FIRST_WORD.exec(text);
  if (m && MONTHS[m[1].toLowerCase()]) {
    // "March 31, 2027" spells the month, so it cannot be misread.
    return build(Number(m[3]), MONTHS[m[1].toLowerCase()], Number(m[2]), 'month d yyyy', opts);
  }

  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial <= 60) return { ok: false, code: 'DATE_IMPLAUSIBLE', message: 'Excel serial number too small to be a contract date' };
    const date = fromDayNumber(EXCEL_EPOCH + serial);
    const [y, mo, d] = date.split('-').map(Number);
    return build(y, mo, d, 'excel-serial', opts);
  }

  return { ok: false, code: 'DATE_INVALID', message: 'not a date in a recognised form (e.g. 31/03/2027, 31 March 2027, 2027-03-31)' };
}
