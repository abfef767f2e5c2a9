import { RowIssue, RowOutcome } from '@app/ingest';

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

function hasExtras(extras: Record<string, string>): boolean {
  for (const _ in extras) return true;
  return false;
}

export function issueValues(importId: string, i: RowIssue): unknown[] {
  return [importId, i.row, i.column, i.value, i.code, i.severity, i.message];
}

export function toRowBatch(importId: string, outcomes: RowOutcome[], bytes: number): RowBatch {
  const batch: RowBatch = { contracts: [], issues: [], rows: outcomes.length, rejected: 0, bytes };
  const contracts = batch.contracts;
  for (const o of outcomes) {
    const c = o.contract;
    if (c) {
      contracts.push(
        importId, c.councilCode, c.reference, c.title, c.description, c.supplierName, c.companyNumber, c.startDate, c.endDate,
        c.endDateDerived ? 1 : 0, c.durationMonths, c.extensionText, c.noticePeriod, c.annualValue, c.totalValue, c.category, c.cpv,
        c.department, hasExtras(c.extras) ? JSON.stringify(c.extras) : null, c.rowNumber, c.hasWarnings ? 1 : 0, 1,
      );
    } else batch.rejected++;
    for (const issue of o.issues) batch.issues.push(...issueValues(importId, issue));
  }
  return batch;
}
