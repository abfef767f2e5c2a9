import { CalendarDate, endOfTerm } from './calendar-date';
import { ContractField, MappedColumn } from './columns';
import { CouncilDirectory, CouncilMatch } from './councils';
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
  category: string | null;
  cpv: string | null;
  department: string | null;
  /** Columns the importer did not recognise, kept by their header text (read-only: rows without any share one frozen object). */
  extras: Readonly<Record<string, string>>;
  rowNumber: number;
  hasWarnings: boolean;
}

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
const PLACEHOLDER_SUPPLIER = /^(?:-+|n\/?a|tbc|tbd|unknown|none|various|\?)$/i;

const NO_ISSUES: RowIssue[] = Object.freeze([]) as unknown as RowIssue[];

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
type FieldColumns = Partial<Record<ContractField, MappedColumn>>;

const fieldColumnsCache = new WeakMap<MappedColumn[], FieldColumns>();

function fieldColumnsOf(columns: MappedColumn[]): FieldColumns {
  let out = fieldColumnsCache.get(columns);
  if (!out) {
    out = {};
    for (const column of columns) if (column.field) out[column.field] = column;
    fieldColumnsCache.set(columns, out);
  }
  return out;
}

/** The trimmed text of a field's cell: '' when the file has no such column or the cell is blank. */
function valueOf(cells: string[], column: MappedColumn | undefined): string {
  if (!column) return '';
  const raw = cells[column.index];
  return raw === undefined || raw === '' ? '' : raw.trim();
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
  private readonly councils = new Map<string, CouncilMatch>();

  date(raw: string, opts: DateOptions): DateParse | null {
    let parsed = this.dates.get(raw);
    if (parsed === undefined) {
      parsed = parseUkDate(raw, opts);
      if (this.dates.size >= CellMemo.LIMIT) this.dates.clear();
      this.dates.set(raw, parsed);
    }
    return parsed;
  }

  council(raw: string, directory: CouncilDirectory): CouncilMatch {
    let match = this.councils.get(raw);
    if (match === undefined) {
      match = directory.resolve(raw);
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
  return parsed.value;
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
  if (WITHHELD.test(raw) || PLACEHOLDER_SUPPLIER.test(raw)) {
    b.note(column, raw, 'SUPPLIER_WITHHELD', 'warning', 'supplier withheld or not named; not treated as a supplier');
    return null;
  }
  return raw;
}

function readCouncil(b: RowBuilder, column: MappedColumn | undefined, raw: string, ctx: RowContext): string | null {
  if (raw === '') {
    if (ctx.fileCouncil) return ctx.fileCouncil;
    b.note(column, null, 'COUNCIL_MISSING', 'error', 'no council in this row and none given for the file');
    return null;
  }
  const match = ctx.memo ? ctx.memo.council(raw, ctx.councils) : ctx.councils.resolve(raw);
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
  return match.code;
}

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
  const councilCode = readCouncil(b, f.council, valueOf(cells, f.council), ctx);
  const reference = textOf(cells, f.reference);
  const title = textOf(cells, f.title);
  const rawSupplier = valueOf(cells, f.supplier);
  if (!reference && !title && !rawSupplier) {
    b.note(null, null, 'ROW_UNIDENTIFIABLE', 'error', 'row has no reference, title or supplier, so it cannot be told apart from any other');
  }
  if (!reference && (title || rawSupplier)) b.note(f.reference ?? null, null, 'REFERENCE_MISSING', 'warning', 'no contract reference: a newer register cannot be matched to this contract');

  const supplierName = readSupplier(b, f.supplier, rawSupplier);
  const startDate = readDate(b, f.startDate, valueOf(cells, f.startDate), ctx);
  const endValue = valueOf(cells, f.endDate);
  let endDate = readDate(b, f.endDate, endValue, ctx);
  let durationMonths: number | null = null;
  const durationColumn = f.durationMonths;
  const durationValue = valueOf(cells, durationColumn);
  if (durationColumn && durationValue) {
    const unit = /year/i.test(durationColumn.header) ? 'years' : 'months';
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

  const description = textOf(cells, f.description);
  const companyNumber = readCompanyNumber(b, f.companyNumber, valueOf(cells, f.companyNumber));
  const extensionText = textOf(cells, f.extensionText);
  const noticePeriod = textOf(cells, f.noticePeriod);
  const annualValue = readMoney(b, f.annualValue, valueOf(cells, f.annualValue));
  const totalValue = readMoney(b, f.totalValue, valueOf(cells, f.totalValue));
  const category = textOf(cells, f.category);
  const cpv = readCpv(b, f.cpv, valueOf(cells, f.cpv));
  const department = textOf(cells, f.department);
  if (b.rejected) return { row, contract: null, issues: b.issues };
  const contract: NormalisedContract = {
    councilCode: councilCode ?? '',
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
    annualValue,
    totalValue,
    category,
    cpv,
    department,
    extras: extraCells,
    rowNumber: row,
    hasWarnings: b.warned,
  };
  return { row, contract, issues: b.issues };
}
