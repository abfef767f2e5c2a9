import { RowIssue } from '@app/ingest';

/** Contract columns a batch carries values for; import_id and is_current are the same for every row and go into the statement. */
export const CONTRACT_COLUMNS = [
  'council_code', 'reference', 'title', 'description', 'supplier_name', 'company_number', 'start_date', 'end_date',
  'end_date_derived', 'duration_months', 'extension_text', 'notice_period', 'annual_value', 'total_value', 'category', 'cpv',
  'department', 'extras', 'row_number', 'has_warnings', 'annual_value_source', 'total_value_source', 'value_low', 'value_high',
  'extension_unit', 'joint_councils',
] as const;
/** Issue columns a batch carries values for (import_id goes into the statement). */
export const ISSUE_COLUMNS = ['row', 'column_name', 'value', 'code', 'severity', 'message'] as const;

export function issueValues(i: RowIssue): unknown[] {
  return [i.row, i.column, i.value, i.code, i.severity, i.message];
}
