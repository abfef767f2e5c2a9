import { ImportEntity, ImportIssueEntity } from '@app/persistence';

export function issueView(i: ImportIssueEntity) {
  return { row: i.row, column: i.column, value: i.value, code: i.code, severity: i.severity, message: i.message };
}

/** The import report as the API and CLI show it. */
export function importView(record: ImportEntity, issues: ImportIssueEntity[]) {
  const layout = record.layout ? JSON.parse(record.layout) : null;
  return {
    id: record.id,
    status: record.status,
    council: record.councilCode,
    councils: record.councils ? JSON.parse(record.councils) : [],
    fileName: record.fileName,
    fileSha256: record.fileSha256,
    fileSize: record.fileSize,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    mapping: layout
      ? { source: layout.mappingSource, columns: layout.columns.map((c: { header: string; field: string | null; source: string }) => ({ header: c.header, field: c.field, source: c.source })) }
      : null,
    layout: layout ? { encoding: layout.encoding, delimiter: layout.delimiter, headerRow: layout.headerRow, titleRows: layout.titleRows, councilSource: layout.councilSource } : null,
    counts: { rows: record.rows, imported: record.imported, withWarnings: record.withWarnings, rejected: record.rejected, superseded: record.superseded },
    error: record.errorCode ? { code: record.errorCode, message: record.errorMessage } : null,
    issueCount: record.issueCount,
    issues: issues.map(issueView),
    issuesTruncated: issues.length < record.issueCount,
  };
}
