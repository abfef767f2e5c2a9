import { importHeadline } from '@app/ingest';
import { ImportChange, ImportEntity, ImportIssueEntity } from '@app/persistence';

export function issueView(i: ImportIssueEntity) {
  return { row: i.row, column: i.column, value: i.value, code: i.code, severity: i.severity, message: i.message };
}

/** One contract an import added, changed (with the fields that differ) or retired (row null: it is not in the file); `contractId` is the contract stored (added, changed) or retired (GET /api/contracts/:id). */
export function changeView(c: ImportChange) {
  return { council: c.council, reference: c.reference, title: c.title, row: c.row, fields: c.fields, contractId: c.contractId };
}

export interface ChangeLists {
  added: ImportChange[];
  changed: ImportChange[];
  retired: ImportChange[];
}

/** How the import treated the councils' registers: the mode, why, and what it added, changed and retired. */
export function modeView(record: ImportEntity) {
  return { mode: record.mode, modeRequested: record.modeRequested, modeRule: record.modeRule, modeReason: record.modeReason };
}

/** The lists of a report, each cut at the same length; `truncated` says one was (the counts are whole). */
export function changesView(record: ImportEntity, lists: ChangeLists) {
  const cut = (list: ImportChange[], total: number | null) => total !== null && list.length < total;
  return {
    added: lists.added.map(changeView),
    changed: lists.changed.map(changeView),
    retired: lists.retired.map(changeView),
    truncated: cut(lists.added, record.added) || cut(lists.changed, record.changed) || cut(lists.retired, record.retired),
  };
}

/** The import report as the API and CLI show it. */
export function importView(record: ImportEntity, issues: ImportIssueEntity[], changes: ChangeLists = { added: [], changed: [], retired: [] }) {
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
      ? {
          source: layout.mappingSource,
          columns: layout.columns.map((c: { header: string; field: string | null; source: string; reason?: string; fallbackFor?: string; unit?: string; scale?: number }) => ({
            header: c.header, field: c.field, source: c.source, reason: c.reason ?? null, fallbackFor: c.fallbackFor ?? null, unit: c.unit ?? null, scale: c.scale ?? null,
          })),
        }
      : null,
    layout: layout ? { encoding: layout.encoding, delimiter: layout.delimiter, headerRow: layout.headerRow, titleRows: layout.titleRows, councilSource: layout.councilSource } : null,
    // Added by issue 12: the report's first line, and whether most rows were rejected.
    ...headlineView(record),
    counts: {
      rows: record.rows, imported: record.imported, withWarnings: record.withWarnings, rejected: record.rejected, superseded: record.superseded,
      added: record.added, changed: record.changed, unchanged: record.unchanged, retired: record.retired,
    },
    ...modeView(record),
    changes: changesView(record, changes),
    error: record.errorCode ? { code: record.errorCode, message: record.errorMessage } : null,
    issueCount: record.issueCount,
    issues: issues.map(issueView),
    issuesTruncated: issues.length < record.issueCount,
  };
}

/** The report's first line, and whether most rows were rejected (added by issue 12). */
function headlineView(record: { status: string; rows: number; imported: number; rejected: number }): { headline: string; mostlyRejected: boolean } {
  const h = importHeadline(record);
  return { headline: h.text, mostlyRejected: h.mostlyRejected };
}
