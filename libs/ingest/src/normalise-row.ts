import { CalendarDate, endOfTerm, toDayNumber } from './calendar-date';
import { ContractField, MappedColumn } from './columns';
import { BuyerMatch, CouncilDirectory } from './councils';
import { repairMojibake } from './decode-text';
import { parseDuration } from './parse-duration';
import { parseMoney } from './parse-money';
import { DateOptions, DateParse, parseUkDate } from './parse-date';
import { IssueSeverity, RowIssue } from './row-issue';

export interface NormalisedContract {
  councilCode: string;
  reference: string | null;
  title: string | null;
  description: string | null;
  /** Exactly as written, trimmed; null when blank or withheld. */
  supplierName: string | null;
  companyNumber: string | null;
  startDate: CalendarDate | null;
  endDate: CalendarDate | null;
  endDateDerived: boolean;
  durationMonths: number | null;
  extensionText: string | null;
  noticePeriod: string | null;
  annualValue: number | null;
  totalValue: number | null;
  /** Where each value came from: written in the register, derived from the other and the term, or estimated (midpoint of a range). */
  annualValueSource: ValueSource | null;
  totalValueSource: ValueSource | null;
  /** A range the register gives instead of one figure ("Value Low"/"Value High"), kept as written. */
  valueLow: number | null;
  valueHigh: number | null;
  /** Unit the header gives to bare numbers in the extension column ("Extension (months)"). */
  extensionUnit: 'months' | 'years' | null;
  /** The other councils of a joint contract (the lead council is `councilCode`); empty otherwise. */
  jointCouncilCodes: readonly string[];
  category: string | null;
  cpv: string | null;
  department: string | null;
  /** Columns the importer did not recognise, kept by their header text (read-only: rows without any share one frozen object). */
  extras: Readonly<Record<string, string>>;
  rowNumber: number;
  hasWarnings: boolean;
}

export type ValueSource = 'given' | 'derived' | 'estimated';

export interface RowContext {
  columns: MappedColumn[];
  councils: CouncilDirectory;
  /** Council of the whole file (form field, CLI flag or file name), if any. */
  fileCouncil: string | null;
  dates: DateOptions;
  /** False when the text these rows came from shows no sign of mojibake (default: check). */
  mayHaveMojibake?: boolean;
  /** Readings shared by the rows of one file (made once per file by openRegister). */
  memo?: CellMemo;
}

export interface RowOutcome {
  row: number;
  contract: NormalisedContract | null;
  /** Read-only: rows without issues share one empty, frozen list. */
  issues: readonly RowIssue[];
}

const WITHHELD = /^\[?(?:redacted|withheld|commercially sensitive|confidential|not disclosed|undisclosed|exempt|supplier withheld|name withheld)\]?$/i;
/** Rows without extra cells share this (empty, frozen) object. */
const NO_EXTRAS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const PLACEHOLDER_SUPPLIER = /^(?:-+|n\/?a|tbc|tbd|unknown|none|(?:various|multiple)(?: suppliers| contractors| providers)?(?: \(.*\))?|\?)$/i;
/**
 * Whether a supplier cell names a supplier at all (not blank, withheld, a placeholder or a
 * sentence such as "Contract not awarded"). Example: `namesSupplier('Civica UK Ltd')` is true,
 * `namesSupplier('Not Applicable')` false.
 */
export function namesSupplier(raw: string): boolean {
  const text = raw.trim();
  return text !== '' && !WITHHELD.test(text) && !PLACEHOLDER_SUPPLIER.test(text) && !NOT_A_SUPPLIER.test(text);
}

/** Sentences that say no supplier is named: "Contract not awarded", "No award made", "See attached list". */
const NOT_A_SUPPLIER = /^(?:contract |lot )?(?:not (?:yet )?awarded|no (?:award|bids?|suppliers?)(?: made| received)?|award(?:ed)? pending|to be (?:confirmed|awarded|agreed)|see (?:attached|below|above|notes?|list|framework|description|lots?)(?: \w+)?|(?:framework|dps) (?:suppliers|members|list)|(?:suppliers|contractors) (?:on|from) (?:the )?(?:framework|list|dps)|tender (?:cancelled|withdrawn|in progress)|cancelled|withdrawn|in house|in-house|internal|council|n\/?a - .*|not applicable|(?:name )?withheld\b.*|.*\b(?:has|have) not (?:yet )?been awarded\b.*|.*\bno (?:compliant |suitable )?(?:bids|tenders) (?:were )?received\b.*)\.?$/i;

const NO_ISSUES: RowIssue[] = Object.freeze([]) as unknown as RowIssue[];
const NO_CODES: readonly string[] = Object.freeze([]);

class RowBuilder {
  /** Most rows have no issues: the list is made for the first one. */
  issues: RowIssue[] = NO_ISSUES;
  warned = false;
  rejected = false;
  constructor(readonly row: number) {}

  note(column: MappedColumn | null | undefined, value: string | null, code: string, severity: IssueSeverity, message: string): void {
    if (this.issues === NO_ISSUES) this.issues = [];
    this.issues.push({ row: this.row, column: column?.header ?? null, value, code, severity, message });
    if (severity === 'warning') this.warned = true;
    else if (severity === 'error') this.rejected = true;
  }
}

/** The mapped columns by field, worked out once per file. */
type FieldColumns = Partial<Record<ContractField, MappedColumn>> & { fallbacks?: Partial<Record<ContractField, MappedColumn[]>> };

const fieldColumnsCache = new WeakMap<MappedColumn[], FieldColumns>();

function fieldColumnsOf(columns: MappedColumn[]): FieldColumns {
  let out = fieldColumnsCache.get(columns);
  if (!out) {
    out = {};
    for (const column of columns) {
      if (column.field) out[column.field] = column;
      else if (column.fallbackFor) {
        const fallbacks = (out.fallbacks ??= {});
        (fallbacks[column.fallbackFor] ??= []).push(column);
      }
    }
    fieldColumnsCache.set(columns, out);
  }
  return out;
}

/** The trimmed text of a field's cell: '' when the file has no such column or the cell is blank. */
function valueOf(cells: string[], column: MappedColumn | undefined): string {
  if (!column) return '';
  const raw = cells[column.index];
  if (raw === undefined || raw === '') return '';
  if (column.part) return (raw.split(column.part.separator)[column.part.index] ?? '').trim();
  return raw.trim();
}

/**
 * A field's cell, or where it is blank the cell of a second column naming the same field
 * (`Start Date` blank, `Awarded Date` given). Returns the column actually read.
 */
function fieldCell(cells: string[], f: FieldColumns, field: ContractField): [string, MappedColumn | undefined] {
  const first = f[field];
  const value = valueOf(cells, first);
  if (value !== '' || !f.fallbacks?.[field]) return [value, first];
  for (const column of f.fallbacks[field]!) {
    const v = valueOf(cells, column);
    if (v !== '') return [v, column];
  }
  return ['', first];
}

/** The trimmed text of a field's cell, or null when the file has no such column or the cell is blank. */
function textOf(cells: string[], column: MappedColumn | undefined): string | null {
  const value = valueOf(cells, column);
  return value === '' ? null : value;
}

/**
 * Readings of cells that repeat from row to row within one file (dates, council names),
 * kept so a national register does not parse "31/03/2027" a hundred thousand times.
 * Bounded: it starts again when full. The readings are shared, so they must not be changed.
 */
export class CellMemo {
  private static readonly LIMIT = 8192;
  private readonly dates = new Map<string, DateParse | null>();
  private readonly councils = new Map<string, BuyerMatch>();

  date(raw: string, opts: DateOptions): DateParse | null {
    let parsed = this.dates.get(raw);
    if (parsed === undefined) {
      parsed = parseUkDate(raw, opts);
      if (this.dates.size >= CellMemo.LIMIT) this.dates.clear();
      this.dates.set(raw, parsed);
    }
    return parsed;
  }

  council(raw: string, directory: CouncilDirectory): BuyerMatch {
    let match = this.councils.get(raw);
    if (match === undefined) {
      match = directory.resolveBuyer(raw);
      if (this.councils.size >= CellMemo.LIMIT) this.councils.clear();
      this.councils.set(raw, match);
    }
    return match;
  }
}

function readDate(b: RowBuilder, column: MappedColumn | undefined, value: string, ctx: RowContext): CalendarDate | null {
  if (value === '') return null;
  const parsed = ctx.memo ? ctx.memo.date(value, ctx.dates) : parseUkDate(value, ctx.dates);
  if (parsed === null) return null;
  if (parsed.ok) return parsed.value;
  b.note(column, value, parsed.code, 'warning', `${parsed.message}; date left empty`);
  return null;
}

function readMoney(b: RowBuilder, column: MappedColumn | undefined, value: string): number | null {
  if (value === '') return null;
  const parsed = parseMoney(value);
  for (const w of parsed.warnings) b.note(column, value, w.code, 'warning', w.message);
  return scaled(parsed.value, value, column);
}

/** "Value (£k)": a bare figure is in thousands; a figure with its own scale ("£1.2m") is as written. */
function scaled(value: number | null, text: string, column: MappedColumn | undefined): number | null {
  if (value === null || !column?.scale || /\d\s*(k|m|mn|bn|thousand|million|billion)\b/i.test(text)) return value;
  return Math.round(value * column.scale * 100) / 100;
}

function readCompanyNumber(b: RowBuilder, column: MappedColumn | undefined, raw: string): string | null {
  if (raw === '') return null;
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  if (/^([A-Z]{2}\d{6}|\d{8})$/.test(compact)) return compact;
  if (/^\d{1,7}$/.test(compact)) {
    // Spreadsheets drop the leading zeros of numbers like 02366995.
    b.note(column, raw, 'COMPANY_NUMBER_PADDED', 'info', 'leading zeros restored to make the 8-character Companies House number');
    return compact.padStart(8, '0');
  }
  b.note(column, raw, 'COMPANY_NUMBER_INVALID', 'warning', 'not a Companies House number (8 digits, or 2 letters and 6 digits); not stored');
  return null;
}

const CPV = /^\d{8}$/;

function readCpv(b: RowBuilder, column: MappedColumn | undefined, raw: string): string | null {
  if (raw === '') return null;
  if (CPV.test(raw)) return raw;
  const codes = [...raw.matchAll(/\b(\d{8})(?:-\d)?\b/g)].map((m) => m[1]);
  if (codes.length === 0) {
    b.note(column, raw, 'CPV_INVALID', 'warning', 'no 8-digit CPV code found; not stored');
    return null;
  }
  return [...new Set(codes)].join(' ');
}

function readSupplier(b: RowBuilder, column: MappedColumn | undefined, raw: string): string | null {
  if (raw === '') {
    b.note(column, null, 'SUPPLIER_MISSING', 'warning', 'no supplier given');
    return null;
  }
  if (!namesSupplier(raw)) {
    b.note(column, raw, 'SUPPLIER_WITHHELD', 'warning', 'supplier withheld or not named; not treated as a supplier');
    return null;
  }
  return raw;
}

function readCouncil(b: RowBuilder, column: MappedColumn | undefined, raw: string, ctx: RowContext): { code: string; joint: readonly string[] } | null {
  if (raw === '') {
    if (ctx.fileCouncil) return { code: ctx.fileCouncil, joint: NO_CODES };
    b.note(column, null, 'COUNCIL_MISSING', 'error', 'no council in this row and none given for the file');
    return null;
  }
  const match = ctx.memo ? ctx.memo.council(raw, ctx.councils) : ctx.councils.resolveBuyer(raw);
  if (match.kind === 'joint') {
    if (ctx.fileCouncil && !match.codes.includes(ctx.fileCouncil)) {
      b.note(column, raw, 'COUNCIL_MISMATCH', 'error', `row belongs to ${match.codes.join(' and ')}, but this upload is for ${ctx.fileCouncil}`);
      return null;
    }
    const lead = ctx.fileCouncil ?? match.codes[0];
    b.note(column, raw, 'JOINT_CONTRACT', 'info', `${match.note}; stored for every council named`);
    return { code: lead, joint: match.codes.filter((c) => c !== lead) };
  }
  if (match.kind === 'none') {
    b.note(column, raw, 'COUNCIL_UNKNOWN', 'error', 'not a council name or GSS code that the register knows');
    return null;
  }
  if (match.kind === 'ambiguous') {
    b.note(column, raw, 'COUNCIL_AMBIGUOUS', 'error', `names more than one council (${match.codes.join(', ')})`);
    return null;
  }
  if (ctx.fileCouncil && match.code !== ctx.fileCouncil) {
    b.note(column, raw, 'COUNCIL_MISMATCH', 'error', `row belongs to ${match.code}, but this upload is for ${ctx.fileCouncil}`);
    return null;
  }
  if (match.note) b.note(column, raw, 'COUNCIL_ASSUMED', 'info', match.note);
  return { code: match.code, joint: NO_CODES };
}

const UNKNOWN_DATE = /^(?:tbc|tba|tbd|n\/?a|ongoing|open[- ]ended|unknown|not known|\?+|-+)$/i;

/**
 * The two dates of a period cell, "01.05.26-30.04.28", "1 April 2024 to 31 March 2027",
 * "2024-04-01 – 2027-03-31": the first place a dash or "to" splits it into two readable dates
 * (dates can hold dashes themselves, so every split is tried).
 */
function splitPeriod(text: string, ctx: RowContext): [string, string] | null {
  // One end only: "to 30/09/2027", "until 30/09/2027", "- 30/09/2027"; "from 01/10/2024".
  const half = /^\s*(?:(to|until|till|[-–—])|(from))\s*(.+)$/i.exec(text);
  if (half) {
    const date = parseUkDate(half[3].trim(), ctx.dates);
    if (date?.ok) return half[1] ? ['', half[3].trim()] : [half[3].trim(), ''];
  }
  const words = /\s+(?:to|until|till)\s+/i.exec(text);
  const splits: [number, number][] = words ? [[words.index, words.index + words[0].length]] : [];
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i];
    if (ch === '-' || ch === '–' || ch === '—' || ch === '/' && text[i - 1] === ' ') {
      let a = i;
      let z = i + 1;
      while (a > 0 && text[a - 1] === ' ') a--;
      while (z < text.length && text[z] === ' ') z++;
      splits.push([a, z]);
    }
  }
  for (const [a, z] of splits) {
    const left = text.slice(0, a).trim();
    const right = text.slice(z).trim();
    if (!left || !right) continue;
    const l = UNKNOWN_DATE.test(left) ? 'unknown' : parseUkDate(left, ctx.dates);
    const r = UNKNOWN_DATE.test(right) ? 'unknown' : parseUkDate(right, ctx.dates);
    const ok = (d: typeof l) => d === 'unknown' || (d !== null && d.ok);
    // "TBC-20/05/2027": one end not known yet, the other a date.
    if (ok(l) && ok(r) && !(l === 'unknown' && r === 'unknown')) return [l === 'unknown' ? '' : left, r === 'unknown' ? '' : right];
  }
  return null;
}

/** The first sentence of a text, at most 200 characters: "Provision of backup. The contract…" → "Provision of backup". */
function firstSentence(text: string): string {
  const first = text.split(/(?<=[a-z0-9)])\.\s+|\n/i)[0].trim().replace(/\.$/, '');
  return first.length > 200 ? `${first.slice(0, 197).trimEnd()}…` : first;
}

/** The sentences of a description that speak of extending the contract, or null. */
function extensionSentences(description: string): string | null {
  if (!/\b(extend|extension|extensions|extendable|renewal option)\b/i.test(description)) return null;
  const sentences = description.split(/(?<=[.;!?])\s+|\n+/).filter((t) => /\b(extend|extension|extensions|extendable|renewal option|initial (term|period))\b/i.test(t));
  const text = sentences.join(' ').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 400) : null;
}

/** Months between two dates, to the nearest month (for values over a term). */
function termMonths(start: CalendarDate, end: CalendarDate): number {
  return Math.round((toDayNumber(end) - toDayNumber(start) + 1) / 30.4375);
}

interface Values {
  annualValue: number | null;
  totalValue: number | null;
  annualValueSource: ValueSource | null;
  totalValueSource: ValueSource | null;
}

/**
 * The best annual and whole-life values a row gives: as written; else the midpoint of a range,
 * marked estimated; else one worked out from the other and the term, marked derived.
 */
function resolveValues(b: RowBuilder, f: FieldColumns, annual: number | null, total: number | null, low: number | null, high: number | null, term: number | null): Values {
  const out: Values = { annualValue: annual, totalValue: total, annualValueSource: annual === null ? null : 'given', totalValueSource: total === null ? null : 'given' };
  if (out.totalValue === null && (low !== null || high !== null)) {
    if (low !== null && high !== null) {
      const [lo, hi] = low <= high ? [low, high] : [high, low];
      out.totalValue = Math.round(((lo + hi) / 2) * 100) / 100;
      out.totalValueSource = 'estimated';
      b.note(f.valueLow ?? f.valueHigh ?? null, `${low} – ${high}`, 'VALUE_ESTIMATED', 'info', `whole-life value estimated as the midpoint of the range £${lo.toLocaleString('en-GB')} – £${hi.toLocaleString('en-GB')}`);
    } else {
      out.totalValue = (low ?? high)!;
      out.totalValueSource = 'estimated';
      b.note(f.valueLow ?? f.valueHigh ?? null, String(low ?? high), 'VALUE_ESTIMATED', 'info', `whole-life value taken from the only end of the range given (£${out.totalValue.toLocaleString('en-GB')})`);
    }
  }
  if (term !== null && term >= 1) {
    const years = term / 12;
    if (out.annualValue === null && out.totalValue !== null) {
      out.annualValue = Math.round((out.totalValue / years) * 100) / 100;
      out.annualValueSource = out.totalValueSource === 'estimated' ? 'estimated' : 'derived';
      b.note(f.annualValue ?? null, null, 'VALUE_DERIVED', 'info', `annual value worked out from the whole-life value over a term of ${term} months`);
    } else if (out.totalValue === null && out.annualValue !== null) {
      out.totalValue = Math.round(out.annualValue * years * 100) / 100;
      out.totalValueSource = 'derived';
      b.note(f.totalValue ?? null, null, 'VALUE_DERIVED', 'info', `whole-life value worked out from the annual value over a term of ${term} months`);
    }
  }
  return out;
}

/** Longest contract reference stored (the column's size). */
const MAX_REFERENCE_CHARS = 200;

/**
 * Turns one data row into a contract, or rejects it, explaining every problem.
 * Example: a row with `End Date` `31/02/2027` is stored with its end date empty and a
 * DATE_INVALID warning naming the row, the column and the value.
 */
export function normaliseRow(rawCells: string[], row: number, ctx: RowContext): RowOutcome {
  const b = new RowBuilder(row);
  const cells = ctx.mayHaveMojibake === false ? rawCells : rawCells.map((cell, i) => {
    const repaired = repairMojibake(cell);
    if (repaired === null) return cell;
    const column = ctx.columns[i] ?? null;
    b.note(column, cell, 'MOJIBAKE_REPAIRED', 'info', `text had been double-encoded; stored as "${repaired.trim()}"`);
    return repaired;
  });
  const f = fieldColumnsOf(ctx.columns);
  const buyer = readCouncil(b, f.council, valueOf(cells, f.council), ctx);
  const reference = textOf(cells, f.reference);
  let title = textOf(cells, f.title);
  const description = textOf(cells, f.description);
  if (title === null && !f.title && description) {
    // A register whose only words about the contract are a description column: its first sentence names the contract.
    title = firstSentence(description);
  }
  const rawSupplier = valueOf(cells, f.supplier);
  if (!reference && !title && !rawSupplier) {
    b.note(null, null, 'ROW_UNIDENTIFIABLE', 'error', 'row has no reference, title or supplier, so it cannot be told apart from any other');
  }
  if (!reference && (title || rawSupplier)) b.note(f.reference ?? null, null, 'REFERENCE_MISSING', 'warning', 'no contract reference: a newer register cannot be matched to this contract');
  if (reference && reference.length > MAX_REFERENCE_CHARS) {
    // Stored references are at most 200 characters (PostgreSQL refuses more): one this long is some other text in the reference column.
    b.note(f.reference ?? null, `${reference.slice(0, 60)}…`, 'REFERENCE_TOO_LONG', 'error', `a contract reference of ${reference.length} characters, over ${MAX_REFERENCE_CHARS}: check that this column holds references`);
  }

  const supplierName = readSupplier(b, f.supplier, rawSupplier);
  let [startValue, startColumn] = fieldCell(cells, f, 'startDate');
  let [endValue, endColumn] = fieldCell(cells, f, 'endDate');
  // A term column may hold the period itself ("contract_period": "24.03.21 to 23.03.26").
  const termCell = valueOf(cells, f.durationMonths);
  const termIsPeriod = termCell !== '' && /\d/.test(termCell) && /\b(?:to|until|till|from)\b|[-–—]/i.test(termCell) && parseDuration(termCell, 'months')?.months == null && splitPeriod(termCell, ctx) !== null;
  const periodColumn = termIsPeriod ? f.durationMonths : f.contractPeriod;
  const periodValue = termIsPeriod ? termCell : valueOf(cells, f.contractPeriod);
  if (periodValue && (!startValue || !endValue)) {
    const period = splitPeriod(periodValue, ctx);
    if (period) {
      if (!startValue) [startValue, startColumn] = [period[0], periodColumn];
      if (!endValue) [endValue, endColumn] = [period[1], periodColumn];
    } else if (!startValue && !endValue) {
      b.note(periodColumn, periodValue, 'PERIOD_UNREADABLE', 'warning', 'not a period such as "01/04/2024 - 31/03/2027"; start and end left empty');
    }
  }
  const startDate = readDate(b, startColumn, startValue, ctx);
  let endDate = readDate(b, endColumn, endValue, ctx);
  let durationMonths: number | null = null;
  const durationColumn = f.durationMonths;
  const durationValue = termIsPeriod ? '' : valueOf(cells, durationColumn);
  if (durationColumn && durationValue) {
    const unit = durationColumn.unit ?? (/year/i.test(durationColumn.header) ? 'years' : 'months');
    const parsed = parseDuration(durationValue, unit);
    if (parsed?.months != null) durationMonths = parsed.months;
    else if (parsed?.problem) b.note(durationColumn, durationValue, 'DURATION_INVALID', 'warning', parsed.problem);
  }
  let endDateDerived = false;
  if (!endDate && startDate && durationMonths && !endValue) {
    endDate = endOfTerm(startDate, durationMonths);
    endDateDerived = true;
    b.note(f.endDate ?? null, null, 'END_DATE_DERIVED', 'info', `end date worked out from start date and ${durationMonths} months`);
  }
  // ISO calendar dates compare as text in the same order as the days they name.
  if (startDate && endDate && endDate < startDate) {
    b.note(f.endDate ?? null, f.endDate ? endValue : null, 'END_BEFORE_START', 'warning', 'end date is before the start date; both kept as written');
  } else if (startDate && endDate && !endDateDerived && toDayNumber(endDate) - toDayNumber(startDate) <= 1) {
    b.note(endColumn ?? null, endValue, 'PERIOD_IMPLAUSIBLE', 'warning', `a contract period of ${endDate === startDate ? 'one day' : 'two days'} (${startValue} to ${endValue}) is unlikely; both kept as written, check the dates`);
  }

  let extraCells: Record<string, string> = NO_EXTRAS;
  const columns = ctx.columns;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    if (column.field) continue;
    const value = (cells[column.index] ?? '').trim();
    if (value === '') continue;
    if (extraCells === NO_EXTRAS) extraCells = {};
    extraCells[column.header || `column ${column.index + 1}`] = value;
  }
  for (let i = columns.length; i < cells.length; i++) {
    const value = cells[i].trim();
    if (value === '') continue;
    if (extraCells === NO_EXTRAS) extraCells = {};
    extraCells[`column ${i + 1}`] = value;
    b.note(null, value, 'RAGGED_ROW', 'warning', `cell in column ${i + 1} is beyond the header; kept as an extra attribute`);
  }


  const companyNumber = readCompanyNumber(b, f.companyNumber, valueOf(cells, f.companyNumber));
  let extensionText = textOf(cells, f.extensionText);
  let extensionUnit = f.extensionText?.unit ?? null;
  if (extensionText === null && description) {
    // Notices and some registers state the options only in prose ("… with the option to extend for two further periods of twelve months").
    const prose = extensionSentences(description);
    if (prose) {
      extensionText = prose;
      extensionUnit = null;
      b.note(f.description ?? null, prose, 'EXTENSION_FROM_DESCRIPTION', 'info', 'extension options read from the description, as no extension column gives them');
    }
  }
  const noticePeriod = textOf(cells, f.noticePeriod);
  const [annualText, annualColumn] = fieldCell(cells, f, 'annualValue');
  const [totalText, totalColumn] = fieldCell(cells, f, 'totalValue');
  const term = durationMonths ?? (startDate && endDate && endDate > startDate ? termMonths(startDate, endDate) : null);
  const valueLow = readMoney(b, f.valueLow, valueOf(cells, f.valueLow));
  const valueHigh = readMoney(b, f.valueHigh, valueOf(cells, f.valueHigh));
  const values = resolveValues(b, f, readMoney(b, annualColumn, annualText), readMoney(b, totalColumn, totalText), valueLow, valueHigh, term);
  let category = textOf(cells, f.category);
  let cpvFromCategory: string | null = null;
  if (category && /^\d{8}(?:-\d)?\b/.test(category)) {
    // "48000000 - Software package and information systems" in a category column is a CPV code.
    cpvFromCategory = category;
    b.note(f.category ?? null, category, 'CATEGORY_IS_CPV', 'info', 'the category cell holds a CPV code; read as the CPV code');
    category = null;
  }
  const [cpvText, cpvColumn] = fieldCell(cells, f, 'cpv');
  const cpv = readCpv(b, cpvColumn, cpvText) ?? (cpvFromCategory ? readCpv(b, f.category, cpvFromCategory) : null);
  const department = textOf(cells, f.department);
  if (b.rejected) return { row, contract: null, issues: b.issues };
  const contract: NormalisedContract = {
    councilCode: buyer?.code ?? '',
    reference,
    title,
    description,
    supplierName,
    companyNumber,
    startDate,
    endDate,
    endDateDerived,
    durationMonths,
    extensionText,
    noticePeriod,
    annualValue: values.annualValue,
    totalValue: values.totalValue,
    annualValueSource: values.annualValueSource,
    totalValueSource: values.totalValueSource,
    valueLow,
    valueHigh,
    extensionUnit,
    jointCouncilCodes: buyer?.joint ?? NO_CODES,
    category,
    cpv,
    department,
    extras: extraCells,
    rowNumber: row,
    hasWarnings: b.warned,
  };
  return { row, contract, issues: b.issues };
}
