import { ContractField } from '@app/ingest';
import { Dialect } from '../sql-dialect';

/**
 * What a register says about a contract, as [column, name in reports]: a contract with the same
 * reference as a stored one is "changed" when any of these differ, "unchanged" otherwise. Where
 * the row sits in the file (row_number) and whether it drew warnings are not content.
 */
export const CONTENT_COLUMNS = [
  ['title', 'title'], ['description', 'description'], ['supplier_name', 'supplierName'], ['company_number', 'companyNumber'],
  ['start_date', 'startDate'], ['end_date', 'endDate'], ['end_date_derived', 'endDateDerived'], ['duration_months', 'durationMonths'],
  ['extension_text', 'extensionText'], ['extension_unit', 'extensionUnit'], ['notice_period', 'noticePeriod'],
  ['annual_value', 'annualValue'], ['annual_value_source', 'annualValueSource'], ['total_value', 'totalValue'], ['total_value_source', 'totalValueSource'],
  ['value_low', 'valueLow'], ['value_high', 'valueHigh'], ['category', 'category'], ['cpv', 'cpv'], ['department', 'department'],
  ['joint_councils', 'jointCouncils'], ['extras', 'extras'],
] as const;

/** SQL true when contract `n` says something different from contract `o` (nulls compared as values). */
export function contentDiffers(dialect: Dialect, n: string, o: string): string {
  const op = dialect === 'postgres' ? 'IS DISTINCT FROM' : 'IS NOT';
  return `(${CONTENT_COLUMNS.map(([c]) => `${n}.${c} ${op} ${o}.${c}`).join(' OR ')})`;
}

function comparable(v: unknown): unknown {
  if (v === undefined) return null;
  // SQLite gives booleans as 0/1, PostgreSQL as true/false.
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** The report names of the content that differs, reading each side by column name (0) or by report/entity name (1). */
function differing(now: Record<string, unknown>, before: Record<string, unknown>, by: 0 | 1): string[] {
  return CONTENT_COLUMNS.filter((pair) => comparable(now[pair[by]]) !== comparable(before[pair[by]])).map(([, name]) => name);
}

/** The report names of the content that differs between two stored rows (selected with CONTENT_COLUMNS). */
export function changedFields(now: Record<string, unknown>, before: Record<string, unknown>): string[] {
  return differing(now, before, 0);
}

/** The report names of the content that differs between two versions of a contract, read as entities (the names are the entity's properties). */
export function changedBetween(now: object, before: object): string[] {
  return differing(now as Record<string, unknown>, before as Record<string, unknown>, 1);
}

/**
 * What an update keeps from the stored contract it replaces when the file has no column for it
 * (a file of references and new end dates should not blank every title and supplier). A group is
 * kept whole, and only where the new row has nothing of its own (`ifNull` is null): a supplier
 * with its company number; the values with their sources and range; an end date read from a
 * start and a duration is the file's own. The duration is kept only when the file gives no end
 * date either, which would contradict it.
 */
export interface KeptGroup {
  /** The file has none of these fields. */
  absent: ContractField[];
  /** Columns copied from the stored contract. */
  columns: string[];
  /** Copied only where this column of the new contract is null (default: the first column). */
  ifNull?: string;
  /** Words for the report. */
  label: string;
}

export const KEPT_GROUPS: KeptGroup[] = [
  { absent: ['title'], columns: ['title'], label: 'title' },
  { absent: ['description'], columns: ['description'], label: 'description' },
  { absent: ['supplier', 'companyNumber'], columns: ['supplier_name', 'company_number'], label: 'supplier' },
  { absent: ['startDate'], columns: ['start_date'], label: 'start date' },
  { absent: ['endDate'], columns: ['end_date', 'end_date_derived'], label: 'end date' },
  { absent: ['durationMonths', 'endDate'], columns: ['duration_months'], label: 'duration' },
  { absent: ['extensionText'], columns: ['extension_text', 'extension_unit'], label: 'extension options' },
  { absent: ['noticePeriod'], columns: ['notice_period'], label: 'notice period' },
  {
    absent: ['annualValue', 'totalValue', 'valueLow', 'valueHigh'],
    columns: ['annual_value', 'annual_value_source', 'total_value', 'total_value_source', 'value_low', 'value_high'],
    ifNull: 'annual_value', label: 'values',
  },
  { absent: ['category'], columns: ['category'], label: 'category' },
  { absent: ['cpv'], columns: ['cpv'], label: 'CPV code' },
  { absent: ['department'], columns: ['department'], label: 'department' },
];

/** Extra attributes are kept too when the file keeps none of its own (every column was read as a field). */
export const KEPT_EXTRAS: KeptGroup = { absent: [], columns: ['extras'], label: 'extra attributes' };

/** The groups an update keeps for a file whose columns were read as `fields` (and which keeps extras or not). */
export function keptGroups(fields: ReadonlySet<string>, fileKeepsExtras: boolean): KeptGroup[] {
  const groups = KEPT_GROUPS.filter((g) => g.absent.every((f) => !fields.has(f)));
  return fileKeepsExtras ? groups : [...groups, KEPT_EXTRAS];
}

/**
 * One UPDATE that copies the kept groups from each new contract's predecessor where the new one
 * has nothing (bound: import id, council). Right-hand sides read the row as it was, so a group's
 * test column may be copied in the same statement.
 */
export function keepFromStoredSql(groups: KeptGroup[]): string {
  const sets: string[] = [];
  const blank: string[] = [];
  for (const g of groups) {
    const test = `contracts.${g.ifNull ?? g.columns[0]} IS NULL`;
    blank.push(`(${test} AND o.${g.ifNull ?? g.columns[0]} IS NOT NULL)`);
    for (const c of g.columns) sets.push(`${c} = CASE WHEN ${test} THEN o.${c} ELSE contracts.${c} END`);
  }
  return `UPDATE contracts SET ${sets.join(', ')} FROM contracts o
    WHERE o.id = contracts.previous_contract_id AND contracts.import_id = ? AND contracts.council_code = ? AND (${blank.join(' OR ')})`;
}
