import { CalendarDate, daysInMonth, endOfTerm, formatCalendarDate, toDayNumber } from '@app/ingest';
import { ExtensionTerms, parseExtensions, parseNotice } from './extensions';

/** Procurement lead times by value band: how long before an end date a council must start re-procuring. */
export interface LeadTimes {
  /** Months for large or complex contracts (whole-life value at or over `largeFrom`). */
  largeMonths: number;
  largeFrom: number;
  /** Months for regulated procurements (value at or over `regulatedFrom`). */
  regulatedMonths: number;
  regulatedFrom: number;
  /** Months below the regulated threshold. */
  smallMonths: number;
  /** Months when the register gives no value at all. */
  unknownMonths: number;
}

/**
 * Defaults and their source: the Scottish Government's Procurement Journey advises starting a
 * regulated procurement (goods and services of £50,000 and over, Procurement Reform (Scotland)
 * Act 2014) about a year ahead, and large or complex ones (here: £1m whole-life value and over,
 * well above the Public Contracts (Scotland) Regulations 2015 thresholds) 18 months ahead;
 * six months below £50,000. With no value, the regulated lead time is assumed (12 months).
 */
export const DEFAULT_LEAD_TIMES: LeadTimes = {
  largeMonths: 18, largeFrom: 1_000_000, regulatedMonths: 12, regulatedFrom: 50_000, smallMonths: 6, unknownMonths: 12,
};

export interface ContractTerms {
  startDate: CalendarDate | null;
  endDate: CalendarDate | null;
  durationMonths: number | null;
  extensionText: string | null;
  /** The unit the register's extension header gives bare numbers ("Extension (months)"); years when absent. */
  extensionUnit?: 'months' | 'years' | null;
  noticePeriod: string | null;
  annualValue: number | null;
  totalValue: number | null;
}

/** The dates judged against `today` (all empty, and status 'unknown', without it). */
export interface RenewalDates extends LiveEnds {
  /** The end with no further extension taken. */
  currentEndDate: CalendarDate | null;
  /** The end after each extension option in turn (for "up to", after each whole year, or month). Shared between contracts with the same terms: read only. */
  possibleEndDates: readonly CalendarDate[];
  /** The end with every option used (OCDS maxExtentDate); null for a rolling contract. */
  maxEndDate: CalendarDate | null;
  optionsRemaining: number;
  rolling: boolean;
  /** The last day to give notice before the current end, when a notice period is given. */
  noticeDate: CalendarDate | null;
  /** When re-procurement must start for a new contract to be in place at the current end. */
  decisionDate: CalendarDate | null;
  leadMonths: number;
  leadReason: string;
  extensionConfidence: ExtensionTerms['confidence'];
  extensionNote: string;
  /** The decision date still ahead: re-procurement must start by then for a contract to be in place after the live end (may already have passed: overdue). */
  liveDecisionDate: CalendarDate | null;
}

export type RenewalStatus = 'current' | 'presumed-extended' | 'expired' | 'unknown';

// Date arithmetic on year, month and day numbers: the analysis runs it millions of times.
type Ymd = [number, number, number];

function ymd(date: CalendarDate): Ymd {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function nextDay([y, m, d]: Ymd): Ymd {
  if (d < daysInMonth(y, m)) return [y, m, d + 1];
  return m === 12 ? [y + 1, 1, 1] : [y, m + 1, 1];
}

function previousDay([y, m, d]: Ymd): Ymd {
  if (d > 1) return [y, m, d - 1];
  return m === 1 ? [y - 1, 12, 31] : [y, m - 1, daysInMonth(y, m - 1)];
}

/** Whole months later (or earlier), clamped to the end of a shorter month. */
function plusMonths([y, m, d]: Ymd, months: number): Ymd {
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return [year, month, Math.min(d, daysInMonth(year, month))];
}

const format = ([y, m, d]: Ymd) => formatCalendarDate(y, m, d);

function termMonthsOf(c: Pick<ContractTerms, 'startDate' | 'endDate' | 'durationMonths'>): number | null {
  if (c.durationMonths) return c.durationMonths;
  if (!c.startDate || !c.endDate) return null;
  // Whole months from start to the day after the end ("1 Apr 2024 - 31 Mar 2027" is 36).
  const [ys, ms, ds] = ymd(c.startDate);
  const [ya, ma, da] = nextDay(ymd(c.endDate));
  const m = (ya - ys) * 12 + (ma - ms);
  return da === ds ? m : null;
}

/** The end of an extension of `months` that follows a term ending on `end`. */
export function extendEnd(end: CalendarDate, months: number): CalendarDate {
  return format(previousDay(plusMonths(nextDay(ymd(end)), months)));
}

/** "£1,234,567": the same as toLocaleString('en-GB') for whole pounds, many times faster. */
function pounds(n: number): string {
  return `£${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** Whole-life value: the total when given, else the annual value over the term (or one year). */
function wholeValue(c: Pick<ContractTerms, 'annualValue' | 'totalValue'>, months: number | null): number | null {
  return c.totalValue ?? (c.annualValue !== null && months ? (c.annualValue * months) / 12 : c.annualValue);
}

function leadMonthsOf(whole: number | null, lead: LeadTimes): number {
  if (whole === null) return lead.unknownMonths;
  return whole >= lead.largeFrom ? lead.largeMonths : whole >= lead.regulatedFrom ? lead.regulatedMonths : lead.smallMonths;
}

export function leadTimeFor(c: Pick<ContractTerms, 'annualValue' | 'totalValue' | 'durationMonths'>, lead: LeadTimes = DEFAULT_LEAD_TIMES): { months: number; reason: string } {
  const whole = wholeValue(c, c.durationMonths);
  const months = leadMonthsOf(whole, lead);
  if (whole === null) return { months, reason: `no value given: ${months} months assumed` };
  // Which value it was judged on, as the register gave it: the column beside it shows the yearly one.
  const value = c.totalValue !== null
    ? `whole-life value ${pounds(whole)}`
    : c.durationMonths
      ? `whole-life value ${pounds(whole)} (${pounds(c.annualValue!)} a year over ${c.durationMonths} months)`
      : `${pounds(whole)} a year (no term given, so one year counted)`;
  if (whole >= lead.largeFrom) return { months, reason: `${value} is a large contract (${pounds(lead.largeFrom)} and over): ${months} months` };
  if (whole >= lead.regulatedFrom) return { months, reason: `${value} is a regulated procurement (${pounds(lead.regulatedFrom)} and over): ${months} months` };
  return { months, reason: `${value} is below ${pounds(lead.regulatedFrom)}: ${months} months` };
}

/** The date re-procurement must start by for a new contract to be in place after `end`. */
export function decisionDateFor(end: CalendarDate, leadMonths: number): CalendarDate {
  return format(plusMonths(nextDay(ymd(end)), -leadMonths));
}

/**
 * Every renewal date of a contract, and where it stands on `today`. Example: start 01/04/2024,
 * 36 months, "1+1", £120,000 a year (£360,000 in all, a regulated procurement): current end
 * 31/03/2027, possible ends 31/03/2028 and 31/03/2029, maximum 31/03/2029, decision date
 * 01/04/2026 (12 months before the new contract must start on 01/04/2027). On 01/06/2027 the
 * current end has passed: presumed extended by one option to a live end of 31/03/2028, one option
 * left, decision date ahead 01/04/2027.
 */
export function renewalDates(c: ContractTerms, lead: LeadTimes = DEFAULT_LEAD_TIMES, today: CalendarDate | null = null, rollingYears = 5): RenewalDates {
  const e = renewalEnds(c, rollingYears);
  const leadTime = leadTimeFor({ ...c, durationMonths: c.durationMonths ?? e.termMonths }, lead);
  const live = liveEnds(e, today, c.noticePeriod);
  return {
    currentEndDate: e.currentEndDate,
    possibleEndDates: e.possibleEndDates,
    maxEndDate: e.maxEndDate,
    optionsRemaining: e.optionsRemaining,
    rolling: e.rolling,
    noticeDate: e.noticeDate,
    decisionDate: e.currentEndDate ? decisionDateFor(e.currentEndDate, leadTime.months) : null,
    leadMonths: leadTime.months,
    leadReason: leadTime.reason,
    extensionConfidence: e.extensionConfidence,
    extensionNote: e.extensionNote,
    status: live.status,
    presumedOptionsTaken: live.presumedOptionsTaken,
    liveEndDate: live.liveEndDate,
    livePossibleEndDates: live.livePossibleEndDates,
    liveOptionsRemaining: live.liveOptionsRemaining,
    endsAhead: live.endsAhead,
    liveNoticeDate: live.liveNoticeDate,
    liveDecisionDate: live.liveEndDate ? decisionDateFor(live.liveEndDate, leadTime.months) : null,
  };
}

/** The dates part of renewalDates: the same for every contract with the same terms. */
export interface RenewalEnds {
  termMonths: number | null;
  currentEndDate: CalendarDate | null;
  /** Shared between contracts with the same terms: read it, never change it. */
  possibleEndDates: readonly CalendarDate[];
  maxEndDate: CalendarDate | null;
  optionsRemaining: number;
  rolling: boolean;
  noticeDate: CalendarDate | null;
  extensionConfidence: ExtensionTerms['confidence'];
  extensionNote: string;
}

// Registers repeat the same terms (month-end dates, "1+1") over thousands of rows: each
// combination is worked out once. Bounded, so a long-running process does not grow without end.
const ENDS = new Map<string, RenewalEnds>();
const ENDS_LIMIT = 100_000;

type EndTerms = Pick<ContractTerms, 'startDate' | 'endDate' | 'durationMonths' | 'extensionText' | 'extensionUnit' | 'noticePeriod'>;

/** The end dates of a contract's terms, worked out once per distinct set of terms. */
export function renewalEnds(c: EndTerms, rollingYears = 5): RenewalEnds {
  const key = `${c.startDate}|${c.endDate}|${c.durationMonths}|${c.extensionText}|${c.extensionUnit ?? ''}|${c.noticePeriod}|${rollingYears}`;
  let e = ENDS.get(key);
  if (!e) {
    e = computeEnds(c, rollingYears);
    if (ENDS.size >= ENDS_LIMIT) ENDS.clear();
    ENDS.set(key, e);
  }
  return e;
}

/** What the opportunity analysis needs of a contract's terms: its ends (as registered, and from `today` on) and its lead time. */
export interface AnalysisDates extends Pick<LiveEnds, 'status' | 'presumedOptionsTaken' | 'liveEndDate' | 'livePossibleEndDates'> {
  currentEndDate: CalendarDate | null;
  possibleEndDates: readonly CalendarDate[];
  leadMonths: number;
}

/** The part of renewalDates the analysis needs, without the text it does not. Example: as renewalDates. */
export function analysisDates(c: ContractTerms, lead: LeadTimes = DEFAULT_LEAD_TIMES, today: CalendarDate | null = null): AnalysisDates {
  const e = renewalEnds(c);
  const live = liveEnds(e, today, c.noticePeriod);
  return {
    currentEndDate: e.currentEndDate, possibleEndDates: e.possibleEndDates, leadMonths: leadMonthsOf(wholeValue(c, c.durationMonths ?? e.termMonths), lead),
    status: live.status, presumedOptionsTaken: live.presumedOptionsTaken, liveEndDate: live.liveEndDate, livePossibleEndDates: live.livePossibleEndDates,
  };
}

/** Where a contract's ends stand on one day: the same for every contract with the same terms. */
export interface LiveEnds {
  /**
   * current: the current end is today or later. presumed-extended: it has passed but options
   * remain, so the contract is presumed extended (until a council confirms it) to the first option
   * end on or after today. expired: no option reaches today. unknown: no end, or no today given.
   */
  status: RenewalStatus;
  /** Options presumed taken to reach the live end (0 unless presumed-extended). */
  presumedOptionsTaken: number;
  /** The end in force today: the current end, or the presumed one; null when expired or unknown. */
  liveEndDate: CalendarDate | null;
  /** The end after each option left beyond the live end, in order. Shared: read only. */
  livePossibleEndDates: readonly CalendarDate[];
  liveOptionsRemaining: number;
  /** Every end still ahead (on or after today): the live end, then `livePossibleEndDates`. Shared: read only. */
  endsAhead: readonly CalendarDate[];
  /** The last day to give notice before the live end. */
  liveNoticeDate: CalendarDate | null;
}

const NO_DATES: readonly CalendarDate[] = Object.freeze([]);
const UNKNOWN: LiveEnds = Object.freeze({ status: 'unknown', presumedOptionsTaken: 0, liveEndDate: null, livePossibleEndDates: NO_DATES, liveOptionsRemaining: 0, endsAhead: NO_DATES, liveNoticeDate: null });
const EXPIRED: LiveEnds = Object.freeze({ ...UNKNOWN, status: 'expired' });

// Per set of terms (the shared RenewalEnds) and day: an analysis run asks for one day a million times.
const LIVE = new WeakMap<RenewalEnds, Map<CalendarDate, LiveEnds>>();
const LIVE_DAYS_LIMIT = 32;

/**
 * The ends of `e` judged on `today`. An end that has passed is presumed extended, option by option
 * in order, to the first option end on or after today ("1+1" ending 31/03/2027, on 01/06/2027:
 * one option presumed taken, live end 31/03/2028); expired when no option reaches today.
 */
function liveEnds(e: RenewalEnds, today: CalendarDate | null, noticePeriod: string | null): LiveEnds {
  if (!today || !e.currentEndDate) return UNKNOWN;
  let byDay = LIVE.get(e);
  if (!byDay) LIVE.set(e, (byDay = new Map()));
  let live = byDay.get(today);
  if (!live) {
    live = computeLive(e, e.currentEndDate, today, noticePeriod);
    if (byDay.size >= LIVE_DAYS_LIMIT) byDay.clear();
    byDay.set(today, live);
  }
  return live;
}

function computeLive(e: RenewalEnds, current: CalendarDate, today: CalendarDate, noticePeriod: string | null): LiveEnds {
  if (current >= today) {
    return Object.freeze({
      status: 'current', presumedOptionsTaken: 0, liveEndDate: current, livePossibleEndDates: e.possibleEndDates, liveOptionsRemaining: e.optionsRemaining,
      endsAhead: Object.freeze([current, ...e.possibleEndDates]), liveNoticeDate: e.noticeDate,
    });
  }
  const notice = parseNotice(noticePeriod);
  if (e.rolling) {
    // Renews a year at a time for ever: as many years as reach today, then the usual years ahead.
    let years = Math.max(1, Number(today.slice(0, 4)) - Number(current.slice(0, 4)));
    while (years > 1 && extendEnd(current, 12 * (years - 1)) >= today) years--;
    while (extendEnd(current, 12 * years) < today) years++;
    const ends = Array.from({ length: e.possibleEndDates.length + 1 }, (_, i) => extendEnd(current, 12 * (years + i)));
    return Object.freeze({
      status: 'presumed-extended', presumedOptionsTaken: years, liveEndDate: ends[0], livePossibleEndDates: Object.freeze(ends.slice(1)), liveOptionsRemaining: 0,
      endsAhead: Object.freeze(ends), liveNoticeDate: noticeBefore(ends[0], notice),
    });
  }
  const k = e.possibleEndDates.findIndex((end) => end >= today);
  if (k < 0) return EXPIRED;
  const live = e.possibleEndDates[k];
  return Object.freeze({
    status: 'presumed-extended', presumedOptionsTaken: k + 1, liveEndDate: live, livePossibleEndDates: Object.freeze(e.possibleEndDates.slice(k + 1)),
    liveOptionsRemaining: e.optionsRemaining - (k + 1), endsAhead: Object.freeze(e.possibleEndDates.slice(k)), liveNoticeDate: noticeBefore(live, notice),
  });
}

/** The last day to give notice before `end`. */
function noticeBefore(end: CalendarDate, notice: ReturnType<typeof parseNotice>): CalendarDate | null {
  if (!notice) return null;
  return 'months' in notice ? format(previousDay(plusMonths(nextDay(ymd(end)), -notice.months))) : daysBefore(end, notice.days);
}

function computeEnds(c: EndTerms, rollingYears: number): RenewalEnds {
  const term = termMonthsOf(c);
  const current = c.endDate ?? (c.startDate && c.durationMonths ? endOfTerm(c.startDate, c.durationMonths) : null);
  const ext = parseExtensions(c.extensionText, term, { unitHint: c.extensionUnit ?? null });
  const possible: CalendarDate[] = [];
  if (current) {
    if (ext.rolling) {
      for (let y = 1; y <= rollingYears; y++) possible.push(extendEnd(current, 12 * y));
    } else if (ext.upTo) {
      const total = ext.options[0];
      const step = total % 12 === 0 ? 12 : 1;
      for (let m = step; m <= total; m += step) possible.push(extendEnd(current, m));
    } else {
      let end = current;
      for (const option of ext.options) {
        end = extendEnd(end, option);
        possible.push(end);
      }
    }
  }
  const noticeDate = current ? noticeBefore(current, parseNotice(c.noticePeriod)) : null;
  return Object.freeze({
    termMonths: term,
    currentEndDate: current,
    possibleEndDates: Object.freeze(possible),
    maxEndDate: ext.rolling ? null : possible[possible.length - 1] ?? current,
    optionsRemaining: ext.rolling ? 0 : ext.upTo ? possible.length : ext.options.length,
    rolling: ext.rolling,
    noticeDate,
    extensionConfidence: ext.confidence,
    extensionNote: ext.note,
  });
}

function daysBefore(date: CalendarDate, days: number): CalendarDate {
  let d = ymd(date);
  for (let i = 0; i < days; i++) d = previousDay(d);
  return format(d);
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(b) - toDayNumber(a);
}
