import { CalendarDate, endOfTerm, toDayNumber } from './calendar-date';
import { ContractField, MappedColumn } from './columns';
import { CouncilDirectory } from './councils';
import { repairMojibake } from './decode-text';
import { parseDuration } from './parse-duration';
import { parseMoney } from './parse-money';
import { DateOptions, parseUkDate } from './parse-date';
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
  /** Columns the importer did not recognise, kept by their header text. */
  extras: Record<string, string>;
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
}

export interface RowOutcome {
  row: number;
  contract: NormalisedContract | null;
  issues: RowIssue[];
}

const WITHHELD = /^\[?(?:redacted|withheld|commercially sensitive|confidential|not disclosed|undisclosed|exempt|supplier withheld|name withheld)\]?$/i;
const PLACEHOLDER_SUPPLIER = /^(?:-+|n\/?a|tbc|tbd|unknown|none|various|\?)$/i;

class RowBuilder {
  readonly issues: RowIssue[] = [];
  constructor(readonly row: number) {}

  note(column: MappedColumn | null, value: string | null, code: string, severity: IssueSeverity, message: string): void {
    this.issues.push({ row: this.row, column: column?.header ?? null, value, code, severity, message });
  }
}

/** One mapped cell of a row: its column and its trimmed text. Only made for the fields a file has. */
interface Cell {
  column: MappedColumn;
  value: string;
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

function cellOf(cells: string[], column: MappedColumn | undefined): Cell | undefined {
  return column ? { column, value: (cells[column.index] ?? '').trim() } : undefined;
}

/** The trimmed text of a field's cell, or null when the file has no such column or the cell is blank. */
function textOf(cells: string[], column: MappedColumn | undefined): string | null {
  if (!column) return null;
  const raw = cells[column.index];
  if (raw === undefined || raw === '') return null;
  const value = raw.trim();
  return value === '' ? null : value;
}

function text(cell: Cell | undefined): string | null {
  return cell && cell.value !== '' ? cell.value : null;
}

function readDate(b: RowBuilder, cell: Cell | undefined, ctx: RowContext): CalendarDate | null {
  if (!cell) return null;
  const parsed = parseUkDate(cell.value, ctx.dates);
  if (parsed === null) return null;
  if (parsed.ok) return parsed.value;
  b.note(cell.column, cell.value, parsed.code, 'warning', `${parsed.message}; date left empty`);
  return null;
}

function readMoney(b: RowBuilder, cell: Cell | undefined): number | null {
  if (!cell) return null;
  const parsed = parseMoney(cell.value);
  for (const w of parsed.warnings) b.note(cell.column, cell.value, w.code, 'warning', w.message);
  return parsed.value;
}

function readCompanyNumber(b: RowBuilder, cell: Cell | undefined): string | null {
  const raw = text(cell);
  if (!raw || !cell) return null;
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  if (/^([A-Z]{2}\d{6}|\d{8})$/.test(compact)) return compact;
  if (/^\d{1,7}$/.test(compact)) {
    // Spreadsheets drop the leading zeros of numbers like 02366995.
    b.note(cell.column, raw, 'COMPANY_NUMBER_PADDED', 'info', 'leading zeros restored to make the 8-character Companies House number');
    return compact.padStart(8, '0');
  }
  b.note(cell.column, raw, 'COMPANY_NUMBER_INVALID', 'warning', 'not a Companies House number (8 digits, or 2 letters and 6 digits); not stored');
  return null;
}

function readCpv(b: RowBuilder, cell: Cell | undefined): string | null {
  const raw = text(cell);
  if (!raw || !cell) return null;
  if (/^\d{8}$/.test(raw)) return raw;
  const codes = [...raw.matchAll(/\b(\d{8})(?:-\d)?\b/g)].map((m) => m[1]);
  if (codes.length === 0) {
    b.note(cell.column, raw, 'CPV_INVALID', 'warning', 'no 8-digit CPV code found; not stored');
    return null;
  }
  return [...new Set(codes)].join(' ');
}

function readSupplier(b: RowBuilder, cell: Cell | undefined): string | null {
  const raw = text(cell);
  if (!raw) {
    b.note(cell?.column ?? null, null, 'SUPPLIER_MISSING', 'warning', 'no supplier given');
    return null;
  }
  if (WITHHELD.test(raw) || PLACEHOLDER_SUPPLIER.test(raw)) {
    b.note(cell!.column, raw, 'SUPPLIER_WITHHELD', 'warning', 'supplier withheld or not named; not treated as a supplier');
    return null;
  }
  return raw;
}

function readCouncil(b: RowBuilder, cell: Cell | undefined, ctx: RowContext): string | null {
  const raw = text(cell);
  if (!raw) {
    if (ctx.fileCouncil) return ctx.fileCouncil;
    b.note(cell?.column ?? null, null, 'COUNCIL_MISSING', 'error', 'no council in this row and none given for the file');
    return null;
  }
  const match = ctx.councils.resolve(raw);
  if (match.kind === 'none') {
    b.note(cell!.column, raw, 'COUNCIL_UNKNOWN', 'error', 'not a council name or GSS code that the register knows');
    return null;
  }
  if (match.kind === 'ambiguous') {
    b.note(cell!.column, raw, 'COUNCIL_AMBIGUOUS', 'error', `names more than one council (${match.codes.join(', ')})`);
    return null;
  }
  if (ctx.fileCouncil && match.code !== ctx.fileCouncil) {
    b.note(cell!.column, raw, 'COUNCIL_MISMATCH', 'error', `row belongs to ${match.code}, but this upload is for ${ctx.fileCouncil}`);
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
  const councilCode = readCouncil(b, cellOf(cells, f.council), ctx);
  const reference = textOf(cells, f.reference);
  const title = textOf(cells, f.title);
  const supplierCell = cellOf(cells, f.supplier);
  const rawSupplier = text(supplierCell);
  if (!reference && !title && !rawSupplier) {
    b.note(null, null, 'ROW_UNIDENTIFIABLE', 'error', 'row has no reference, title or supplier, so it cannot be told apart from any other');
  }
  if (!reference && (title || rawSupplier)) b.note(f.reference ?? null, null, 'REFERENCE_MISSING', 'warning', 'no contract reference: a newer register cannot be matched to this contract');

  const supplierName = readSupplier(b, supplierCell);
  const startDate = readDate(b, cellOf(cells, f.startDate), ctx);
  const endCell = cellOf(cells, f.endDate);
  let endDate = readDate(b, endCell, ctx);
  let durationMonths: number | null = null;
  const durationCell = cellOf(cells, f.durationMonths);
  if (durationCell && durationCell.value) {
    const unit = /year/i.test(durationCell.column.header) ? 'years' : 'months';
    const parsed = parseDuration(durationCell.value, unit);
    if (parsed?.months != null) durationMonths = parsed.months;
    else if (parsed?.problem) b.note(durationCell.column, durationCell.value, 'DURATION_INVALID', 'warning', parsed.problem);
  }
  let endDateDerived = false;
  if (!endDate && startDate && durationMonths && !endCell?.value) {
    endDate = endOfTerm(startDate, durationMonths);
    endDateDerived = true;
    b.note(endCell?.column ?? null, null, 'END_DATE_DERIVED', 'info', `end date worked out from start date and ${durationMonths} months`);
  }
  if (startDate && endDate && toDayNumber(endDate) < toDayNumber(startDate)) {
    b.note(endCell?.column ?? null, endCell?.value ?? null, 'END_BEFORE_START', 'warning', 'end date is before the start date; both kept as written');
  }

  const extraCells: Record<string, string> = {};
  for (const column of ctx.columns) {
    const value = (cells[column.index] ?? '').trim();
    if (!column.field && value !== '') extraCells[column.header || `column ${column.index + 1}`] = value;
  }
  for (let i = ctx.columns.length; i < cells.length; i++) {
    const value = cells[i].trim();
    if (value === '') continue;
    extraCells[`column ${i + 1}`] = value;
    b.note(null, value, 'RAGGED_ROW', 'warning', `cell in column ${i + 1} is beyond the header; kept as an extra attribute`);
  }

  const contract: NormalisedContract = {
    councilCode: councilCode ?? '',
    reference,
    title,
    description: textOf(cells, f.description),
    supplierName,
    companyNumber: readCompanyNumber(b, cellOf(cells, f.companyNumber)),
    startDate,
    endDate,
    endDateDerived,
    durationMonths,
    extensionText: textOf(cells, f.extensionText),
    noticePeriod: textOf(cells, f.noticePeriod),
    annualValue: readMoney(b, cellOf(cells, f.annualValue)),
    totalValue: readMoney(b, cellOf(cells, f.totalValue)),
    category: textOf(cells, f.category),
    cpv: readCpv(b, cellOf(cells, f.cpv)),
    department: textOf(cells, f.department),
    extras: extraCells,
    rowNumber: row,
    hasWarnings: false,
  };
  const rejected = b.issues.some((i) => i.severity === 'error');
  contract.hasWarnings = b.issues.some((i) => i.severity === 'warning');
  return { row, contract: rejected ? null : contract, issues: b.issues };
}
