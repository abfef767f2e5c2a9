// Bringing the councils' registers up to date with one import, inside its transaction: the mode
// (full or update), superseding, retiring and the fields an update keeps from what was stored.
import { RegisterLayout } from '@app/ingest';
import { contentDiffers, ImportMode, ImportWriter, keepFromStoredSql, keptGroups } from '@app/persistence';
import { chooseImportMode, ModeDecision, needsRegisterSize } from './import-mode';

/** What one import did to the registers of the councils it holds. */
export interface Reconciled {
  decision: ModeDecision;
  added: number;
  changed: number;
  unchanged: number;
  retired: number;
  superseded: number;
  /** Issues it added (record-level, no row). */
  noted: number;
}

/**
 * Brings the registers of the councils this import holds up to date, in the mode the upload
 * asked for or the rule chose. Every stored contract that stops being current is either
 * replaced by a contract with its reference in this import, or retired by a full import and
 * listed (the report's retired list and a CONTRACTS_NOT_IN_NEW_REGISTER issue): none silently.
 */
export async function reconcile(writer: ImportWriter, importId: string, file: FileFacts): Promise<Reconciled> {
  const councils = [...file.councilRows.keys()].sort();
  // From here to commit, one import per council at a time: a full import retires what the
  // council's earlier imports stored, so it must see them committed (several workers).
  await writer.lockCouncils(councils);
  // Councils that earlier imports stored contracts for; asking the (small) imports table
  // avoids scanning a council's contracts when it has no earlier register at all.
  const earlier = new Set<string>();
  for (const row of await writer.query<{ councils: string | null }>("SELECT councils FROM imports WHERE status = 'completed' AND id <> ?", [importId])) {
    for (const code of JSON.parse(row.councils ?? '[]') as string[]) earlier.add(code);
  }
  const question = { requested: file.requested, councils, otherBuyerRows: file.otherBuyerRows, otherBuyerExamples: file.otherBuyerExamples };
  let register;
  if (needsRegisterSize(question) && earlier.has(councils[0])) {
    const council = councils[0];
    register = { stored: file.councilRows.get(council)!, current: await countCurrent(writer, importId, council), wouldRetire: await countAbsent(writer, importId, council) };
  }
  const decision = chooseImportMode({ ...question, register });
  const out: Reconciled = { decision, added: 0, changed: 0, unchanged: 0, retired: 0, superseded: 0, noted: 0 };
  if (decision.rule === 'looks-partial') {
    await writer.insertIssues([{ row: null, column: null, value: null, code: 'IMPORTED_AS_UPDATE', severity: 'warning', message: decision.reason }]);
    out.noted++;
  }
  for (const council of councils) {
    if (!earlier.has(council)) {
      out.added += file.councilRows.get(council)!;
      continue;
    }
    // A freshly loaded table has no statistics yet: PostgreSQL then estimated a few rows on each
    // side, chose a nested loop and spent minutes on 60,000 against 60,000 (seen with two workers).
    // A hash join is linear whatever the estimates.
    if (writer.dialect === 'postgres') await writer.execute('SET LOCAL enable_nestloop = off');
    await writer.execute(
      `UPDATE contracts SET previous_contract_id = o.max_id
         FROM (SELECT reference, MAX(id) AS max_id FROM contracts
                WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND reference IS NOT NULL GROUP BY reference) AS o
        WHERE contracts.import_id = ? AND contracts.council_code = ? AND contracts.reference = o.reference`,
      [council, importId, importId, council],
    );
    if (writer.dialect === 'postgres') await writer.execute('SET LOCAL enable_nestloop = on');
    if (decision.mode === 'update') out.noted += await keepFromStored(writer, importId, council, file.fields);
    const [counts] = await writer.query<{ added: unknown; changed: unknown; unchanged: unknown }>(
      `SELECT SUM(CASE WHEN n.previous_contract_id IS NULL THEN 1 ELSE 0 END) AS added,
              SUM(CASE WHEN o.id IS NOT NULL AND ${contentDiffers(writer.dialect, 'n', 'o')} THEN 1 ELSE 0 END) AS changed,
              SUM(CASE WHEN o.id IS NOT NULL AND NOT ${contentDiffers(writer.dialect, 'n', 'o')} THEN 1 ELSE 0 END) AS unchanged
         FROM contracts n LEFT JOIN contracts o ON o.id = n.previous_contract_id
        WHERE n.import_id = ? AND n.council_code = ?`,
      [importId, council],
    );
    out.added += Number(counts?.added ?? 0);
    out.changed += Number(counts?.changed ?? 0);
    out.unchanged += Number(counts?.unchanged ?? 0);
    if (decision.mode === 'full') {
      // Retired first, and marked as retired by this import (its report lists them from that mark).
      const retired = await writer.execute(
        `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ?, retired_by_import_id = ?
          WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND ${absentSql(writer.dialect, 'contracts')}`,
        [importId, importId, council, importId, importId, council],
      );
      if (retired > 0) {
        const some = await writer.query<{ reference: string | null }>(
          `SELECT reference FROM contracts WHERE retired_by_import_id = ? AND council_code = ? ORDER BY reference IS NULL, reference, id LIMIT 20`,
          [importId, council],
        );
        await writer.insertIssues([{
          row: null, column: null, value: some.map((a) => a.reference ?? '(no reference)').join(', '), code: 'CONTRACTS_NOT_IN_NEW_REGISTER', severity: 'info',
          message: `${retired} contract(s) of ${council}'s previous register are not in this one; as a full register this import retired them: they are kept in the history but no longer current`,
        }]);
        out.noted++;
        out.retired += retired;
      }
      // The rest are replaced by a contract with their reference in this import.
      out.superseded += retired + await writer.execute(
        `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ? WHERE council_code = ? AND is_current = TRUE AND import_id <> ?`,
        [importId, council, importId],
      );
    } else {
      // Only the contracts this file holds a newer version of; the rest of the register stays current.
      out.superseded += await writer.execute(
        // The import's references as one list (made once), not a correlated EXISTS: see absentSql.
        `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ?
          WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND reference IS NOT NULL
            AND reference IN (SELECT n.reference FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference IS NOT NULL)`,
        [importId, council, importId, importId, council],
      );
    }
  }
  return out;
}

async function countCurrent(writer: ImportWriter, importId: string, council: string): Promise<number> {
  const [row] = await writer.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM contracts WHERE council_code = ? AND is_current = TRUE AND import_id <> ?', [council, importId]);
  return Number(row?.n ?? 0);
}

/** Current contracts of the council that a full import would retire: their reference is not in it, or they have none. */
async function countAbsent(writer: ImportWriter, importId: string, council: string): Promise<number> {
  const [row] = await writer.query<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM contracts o WHERE o.council_code = ? AND o.is_current = TRUE AND o.import_id <> ? AND ${absentSql(writer.dialect)}`,
    [council, importId, importId, council],
  );
  return Number(row?.n ?? 0);
}

/** In an update, what the file has no column for stays as stored (see KEPT_GROUPS); says so once per council. */
async function keepFromStored(writer: ImportWriter, importId: string, council: string, fields: FileFields): Promise<number> {
  const groups = keptGroups(fields.fields, fields.keepsExtras);
  if (groups.length === 0) return 0;
  const kept = await writer.execute(keepFromStoredSql(groups), [importId, council]);
  if (kept === 0) return 0;
  await writer.insertIssues([{
    row: null, column: null, value: groups.map((g) => g.label).join(', '), code: 'FIELDS_KEPT_FROM_STORED', severity: 'info',
    message: `${kept} contract(s) of ${council} in this update keep their ${groups.map((g) => g.label).join(', ')} from the stored contract with the same reference: the file has no column for them`,
  }]);
  return 1;
}

/**
 * True for a stored contract `o` of the council that no contract of this import has the reference
 * of (or that has none). Bound: the import id, the council. SQLite runs a correlated subquery once
 * per row, through the (council, reference) index: with a reference repeated in thousands of rows
 * ("TBC") every stored copy scanned every copy, and 20,000 of them took 80 s. The list of the
 * import's references is made once instead. PostgreSQL turns NOT EXISTS into a hash anti-join (a
 * NOT IN list that outgrows its work memory would be searched row by row), so it keeps that form.
 */
export function absentSql(dialect: 'sqlite' | 'postgres', alias = 'o'): string {
  return dialect === 'postgres'
    ? `(${alias}.reference IS NULL OR NOT EXISTS (SELECT 1 FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference = ${alias}.reference))`
    : `(${alias}.reference IS NULL OR ${alias}.reference NOT IN (SELECT n.reference FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference IS NOT NULL))`;
}

interface FileFields {
  /** Fields some column of the file was read as (or read for where the chosen column is blank). */
  fields: ReadonlySet<string>;
  /** Whether some column was kept as an extra attribute. */
  keepsExtras: boolean;
}

/** What the reconciliation needs to know about the file that was read. */
export interface FileFacts {
  requested: ImportMode | null;
  /** Contracts stored per council. */
  councilRows: Map<string, number>;
  otherBuyerRows: number;
  otherBuyerExamples: string[];
  fields: FileFields;
}

export function fieldsOf(layout: RegisterLayout): FileFields {
  const fields = new Set<string>();
  let keepsExtras = false;
  for (const c of layout.columns) {
    if (c.field) fields.add(c.field);
    else keepsExtras = true;
    if (c.fallbackFor) fields.add(c.fallbackFor);
  }
  return { fields, keepsExtras };
}
