export type IssueSeverity = 'error' | 'warning' | 'info';

/** One problem with one cell or row, as the uploader will see it. */
export interface RowIssue {
  /** Row number as a spreadsheet shows it (the header row counts; blank lines count). */
  row: number | null;
  /** Header text of the column, or null for the whole row. */
  column: string | null;
  /** The cell as written. */
  value: string | null;
  code: string;
  severity: IssueSeverity;
  message: string;
}

export class RegisterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly row: number | null = null,
  ) {
    super(row ? `${file}, row ${row}: ${message}` : `${file}: ${message}`);
  }
}
