/** What an import's report says first. */
export interface ImportHeadline {
  text: string;
  /** More than half the rows were rejected: the register should not be relied on until the mapping is checked. */
  mostlyRejected: boolean;
}

/**
 * The first line of an import's report. An import that rejects more than half its rows says so
 * first, not in a count. Example: `importHeadline({ status: 'completed', rows: 683, imported: 0,
 * rejected: 683 })` → "MOSTLY REJECTED: 683 of 683 rows (100%) were rejected; …".
 */
export function importHeadline(r: { status: string; rows: number; imported: number; rejected: number }): ImportHeadline {
  if (r.status === 'failed') return { text: 'FAILED: nothing was imported', mostlyRejected: false };
  if (r.rows > 0 && r.rejected * 2 > r.rows) {
    const pct = Math.round((100 * r.rejected) / r.rows);
    return {
      text: `MOSTLY REJECTED: ${r.rejected.toLocaleString('en-GB')} of ${r.rows.toLocaleString('en-GB')} rows (${pct}%) were rejected and only ${r.imported.toLocaleString('en-GB')} imported; check the column mapping and the row issues before relying on this register`,
      mostlyRejected: true,
    };
  }
  return { text: `${r.rows.toLocaleString('en-GB')} rows: ${r.imported.toLocaleString('en-GB')} imported, ${r.rejected.toLocaleString('en-GB')} rejected`, mostlyRejected: false };
}
