import { NormalisedContract, RowIssue, RowOutcome } from '@app/ingest';

export const CONTRACT_COLUMNS = [
  'import_id', 'council_code', 'reference', 'title', 'description', 'supplier_name', 'company_number', 'start_date', 'end_date',
  'end_date_derived', 'duration_months', 'extension_text', 'notice_period', 'annual_value', 'total_value', 'category', 'cpv',
  'department', 'extras', 'row_number', 'has_warnings', 'is_current',
] as const;
export const ISSUE_COLUMNS = ['import_id', 'row', 'column_name', 'value', 'code', 'severity', 'message'] as const;

/** Positions in a contract's values that the runner reads back. */
export const AT = { council: 1, reference: 2, hasWarnings: 20 } as const;

/**
 * Rows ready to bind, flattened in column order: cheap to pass between threads and to
 * insert. Booleans are 0/1, which both SQLite and PostgreSQL accept for boolean columns.
 */
export interface RowBatch {
  contracts: unknown[];
  issues: unknown[];
  rows: number;
  rejected: number;
  bytes: number;
}

export function contractValues(importId: string, c: NormalisedContract): unknown[] {
  return [
    importId, c.councilCode, c.reference, c.title, c.description, c.supplierName, c.companyNumber, c.startDate, c.endDate,
    c.endDateDerived ? 1 : 0, c.durationMonths, c.extensionText, c.noticePeriod, c.annualValue, c.totalValue, c.category, c.cpv,
    c.department, Object.keys(c.extras).length ? JSON.stringify(c.extras) : null, c.rowNumber, c.hasWarnings ? 1 : 0, 1,
  ];
}

export function issueValues(importId: string, i: RowIssue): unknown[] {
  return [importId, i.row, i.column, i.value, i.code, i.severity, i.message];
}

export function toRowBatch(importId: string, outcomes: RowOutcome[], bytes: number): RowBatch {
  const batch: RowBatch = { contracts: [], issues: [], rows: outcomes.length, rejected: 0, bytes };
  for (const o of outcomes) {
    if (o.contract) for (const v of contractValues(importId, o.contract)) batch.contracts.push(v);
    else batch.rejected++;
    for (const issue of o.issues) for (const v of issueValues(importId, issue)) batch.issues.push(v);
  }
  return batch;
}
