import { toUkDate } from '@app/ingest';
import type { ContractFinding, ContractRecord } from '@app/persistence';
import { TimeTag, timeTags } from './page-words';

/** Where a value on the contract page came from. */
export type Provenance = 'given' | 'derived' | 'estimated' | 'presumed' | 'corrected' | 'not given';

const PROVENANCE_TAG: Record<Provenance, { text: string; classes: string; title: string }> = {
  given: { text: 'given', classes: 'govuk-tag--blue', title: 'as the council\'s register gives it' },
  derived: { text: 'derived', classes: 'govuk-tag--turquoise', title: 'worked out by the register from other values the council gave' },
  estimated: { text: 'estimated', classes: 'govuk-tag--yellow', title: 'the midpoint of a range the council gave' },
  presumed: { text: 'presumed', classes: 'govuk-tag--orange', title: 'assumed until the council says otherwise' },
  corrected: { text: 'corrected', classes: 'govuk-tag--purple', title: 'set by an analyst' },
  'not given': { text: 'not given', classes: 'govuk-tag--grey', title: 'the register has no value for this' },
};

export interface FieldRow {
  label: string;
  value: string;
  /** Words under the value: how it was read or worked out. */
  note?: string;
  provenance: { text: string; classes: string; title: string };
}

export interface TimelineRow {
  date: string;
  event: string;
  /** "passed", "today" or "ahead" on the day the page is shown. */
  when: 'passed' | 'ahead';
  presumed: boolean;
  /** The row for today itself (a marker, not a date of the contract). */
  today?: boolean;
}

export interface HistoryVersion {
  id: number;
  current: boolean;
  importId: string;
  fileName: string | null;
  importedAt: string | null;
  importedBy: string | null;
  row: number;
  changed: string[];
  first: boolean;
}

const money = (n: number) => `£${n.toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Report names of content (as in import reports) in words. */
const FIELD_WORDS: Record<string, string> = {
  title: 'title', description: 'description', supplierName: 'supplier', companyNumber: 'Companies House number', startDate: 'start date', endDate: 'end date',
  endDateDerived: 'how the end date was found', durationMonths: 'duration', extensionText: 'extension options', extensionUnit: 'extension unit', noticePeriod: 'notice period',
  annualValue: 'annual value', annualValueSource: 'where the annual value came from', totalValue: 'whole-life value', totalValueSource: 'where the whole-life value came from',
  valueLow: 'value range', valueHigh: 'value range', category: 'category', cpv: 'CPV code', department: 'department', jointCouncils: 'joint councils', extras: 'other columns',
};

export function changedWords(fields: string[]): string {
  return [...new Set(fields.map((f) => FIELD_WORDS[f] ?? f))].join(', ');
}

function row(label: string, value: string | number | null | undefined, provenance: Provenance, note?: string): FieldRow {
  const empty = value === null || value === undefined || value === '';
  return { label, value: empty ? '–' : String(value), ...(note ? { note } : {}), provenance: PROVENANCE_TAG[empty && provenance === 'given' ? 'not given' : provenance] };
}

function valueProvenance(source: ContractRecord['annualValueSource']): Provenance {
  return source === 'derived' ? 'derived' : source === 'estimated' ? 'estimated' : 'given';
}

/**
 * Every field of a contract as the register read it, each with where it came from: what the
 * council's file gave, what the register worked out from it, and what it presumes until the
 * council says otherwise.
 */
export function fieldRows(c: ContractRecord, councilName: (code: string) => string): FieldRow[] {
  const rows: FieldRow[] = [
    row('Council', councilName(c.council), 'given'),
    row('Contract reference', c.reference, 'given'),
    row('Title', c.title, 'given'),
    row('Description', c.description, 'given'),
    row('Supplier, as written', c.supplierName, 'given'),
    row('Companies House number', c.companyNumber, 'given'),
    row('Start date', c.startDate ? toUkDate(c.startDate) : null, 'given'),
    c.endDateDerived
      ? row('End date', c.endDate ? toUkDate(c.endDate) : null, 'derived', c.durationMonths !== null ? `from the start date and a duration of ${plural(c.durationMonths, 'month')}` : 'from the start date and the duration')
      : row('End date', c.endDate ? toUkDate(c.endDate) : null, 'given'),
    row('Duration (months)', c.durationMonths, 'given'),
    row('Extension options, as written', c.extensionText, 'given', c.extensionText ? `read as: ${c.extensionNote}${c.extensionConfidence === 'low' ? ' (not read with confidence: kept for review)' : ''}` : undefined),
    row('Notice period', c.noticePeriod, 'given'),
    row('Annual value', c.annualValue !== null ? money(c.annualValue) : null, valueProvenance(c.annualValueSource),
      c.annualValueSource === 'derived' ? 'from the whole-life value over the term' : c.annualValueSource === 'estimated' ? 'the midpoint of the range given' : undefined),
    row('Whole-life value', c.totalValue !== null ? money(c.totalValue) : null, valueProvenance(c.totalValueSource),
      c.totalValueSource === 'derived' ? 'from the annual value over the term' : c.totalValueSource === 'estimated' ? 'the midpoint of the range given' : undefined),
  ];
  if (c.valueLow !== null || c.valueHigh !== null) rows.push(row('Value range', `${c.valueLow !== null ? money(c.valueLow) : '?'} to ${c.valueHigh !== null ? money(c.valueHigh) : '?'}`, 'given'));
  rows.push(
    row('Category, as written', c.category, 'given'),
    row('CPV code', c.cpv, 'given'),
    row('Department or service area', c.department, 'given'),
  );
  if (c.jointCouncils.length > 0) rows.push(row('Joint contract with', c.jointCouncils.map(councilName).join(', '), 'given'));
  for (const [column, value] of Object.entries(c.extras ?? {})) rows.push(row(`${column} (a column the register does not read)`, value, 'given'));
  return rows;
}

/** What the register works out: supplier, classification, renewal dates, each with why. */
export function derivedRows(c: ContractRecord): FieldRow[] {
  const rows: FieldRow[] = [
    row('Supplier', c.supplier, 'derived', c.supplier ? `the supplier the name "${c.supplierName}" was matched to` : undefined),
    row('Supplier group', c.supplierGroup, 'derived'),
    row('Service category', c.serviceCategory, c.classificationCorrected ? 'corrected' : 'derived', c.classificationReason ?? undefined),
    row('Product', c.product, c.classificationCorrected ? 'corrected' : 'derived'),
  ];
  if (c.presumedOptionsTaken > 0) {
    rows.push(row('End in force today', c.liveEndDate ? toUkDate(c.liveEndDate) : null, 'presumed',
      `the register's end has passed, so ${plural(c.presumedOptionsTaken, 'extension option')} ${c.presumedOptionsTaken === 1 ? 'is' : 'are'} presumed taken; the council should confirm`));
  }
  rows.push(
    row('Decide by', c.liveDecisionDate ?? c.decisionDate ? toUkDate((c.liveDecisionDate ?? c.decisionDate)!) : null, 'derived',
      c.decisionDate ? `${c.leadMonths} months before the new contract must start (${c.leadReason})` : undefined),
  );
  return rows;
}

/**
 * The contract's dates in order, with today among them: start, each end it could have (the
 * register's end, then after each option), the notice date and the decision date.
 */
export function timeline(c: ContractRecord, today: string): TimelineRow[] {
  const events: { date: string; event: string; presumed: boolean }[] = [];
  if (c.startDate) events.push({ date: c.startDate, event: 'Starts', presumed: false });
  if (c.currentEndDate) events.push({ date: c.currentEndDate, event: 'Ends as the register gives it (no option taken)', presumed: false });
  c.possibleEndDates.forEach((d, k) => events.push({
    date: d, event: `Ends after ${k === 0 ? 'the first extension option' : `${k + 1} extension options`}${k === c.possibleEndDates.length - 1 ? ' (the latest it can end)' : ''}`,
    presumed: k < c.presumedOptionsTaken,
  }));
  const notice = c.liveNoticeDate ?? c.noticeDate;
  if (notice) events.push({ date: notice, event: 'Last day to give notice', presumed: c.presumedOptionsTaken > 0 });
  const decision = c.liveDecisionDate ?? c.decisionDate;
  if (decision) events.push({ date: decision, event: 'Decide by: start the procurement of what follows', presumed: c.presumedOptionsTaken > 0 });
  const rows: TimelineRow[] = events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((e) => ({ date: toUkDate(e.date), event: e.event, when: e.date < today ? 'passed' : 'ahead', presumed: e.presumed }));
  const at = events.findIndex((e) => e.date >= today);
  rows.splice(at < 0 ? rows.length : at, 0, { date: toUkDate(today), event: 'Today', when: 'ahead', presumed: false, today: true });
  return rows;
}

/** The page's tags: where the contract stands today. */
export function contractTags(c: ContractRecord, today: string, dueSoonMonths: number): TimeTag[] {
  return timeTags(c, today, dueSoonMonths);
}

/** A finding the contract is in, for the page's table. */
export function findingRow(f: ContractFinding): { href: string; label: string; kind: string; step: string; decision: string } {
  const kind = f.kind === 'collaborative' ? 'Collaborative procurement' : f.kind === 'common-platform' ? 'Common platform' : 'Category landscape';
  return {
    href: `/opportunities/${f.id}`, label: f.label, kind,
    step: f.step ? f.step.action + (f.step.presumedOptionsTaken ? ` (${plural(f.step.presumedOptionsTaken, 'option')} presumed taken already)` : '') : f.kind === 'common-platform' ? 'runs this product' : 'buys in this category',
    decision: f.step ? toUkDate(f.step.decisionDate) : '–',
  };
}
