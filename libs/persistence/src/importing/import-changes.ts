import { ImportEntity } from '../entities/import.entity';
import { Dialect, placeholders } from '../sql-dialect';
import { changedFields, CONTENT_COLUMNS, contentDiffers } from './contract-content';

export type ChangeKind = 'added' | 'changed' | 'retired';
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'changed', 'retired'];

/** One contract an import added, changed or retired. */
export interface ImportChange {
  kind: ChangeKind;
  council: string;
  reference: string | null;
  title: string | null;
  /** Added or changed: the contract this import stored. Retired: the contract it retired. */
  contractId: number;
  /** Changed: the stored contract it replaced. */
  previousContractId: number | null;
  /** Added or changed: its row in the file. */
  row: number | null;
  /** Changed: the content that differs (report names: endDate, annualValue…). */
  fields: string[];
}

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const ORDER = 'ORDER BY c.council_code, c.reference IS NULL, c.reference, c.id';

/**
 * What an import did, read back from the contracts themselves, so the lists stay true however
 * large the register: added contracts have no predecessor, changed ones a predecessor with other
 * content, and retired ones carry the mark the import left on them as it retired them. Every
 * query names the import's councils.
 */
export async function listChanges(query: Query, dialect: Dialect, record: ImportEntity, kind: ChangeKind, offset: number, limit: number): Promise<ImportChange[]> {
  const councils: string[] = record.councils ? JSON.parse(record.councils) : [];
  if (councils.length === 0 || record.status !== 'completed') return [];
  // The import counted each kind as it committed: none of a kind needs no query.
  if (record[kind] === 0) return [];
  const inCouncils = `c.council_code IN (${councils.map(() => '?').join(', ')})`;
  const page = `LIMIT ${Math.max(0, Math.floor(limit))} OFFSET ${Math.max(0, Math.floor(offset))}`;
  const run = (sql: string, params: unknown[]) => query(placeholders(dialect, sql), params);
  if (kind === 'added') {
    const rows = await run(
      `SELECT c.id, c.council_code, c.reference, c.title, c.row_number FROM contracts c
        WHERE ${inCouncils} AND c.import_id = ? AND c.previous_contract_id IS NULL ${ORDER} ${page}`,
      [...councils, record.id],
    );
    return rows.map((r) => change('added', r, null, Number(r.row_number), []));
  }
  if (kind === 'retired') {
    // Marked as the import retired them, and read through their own index (ix_contracts_retired_by).
    const rows = await run(
      `SELECT c.id, c.council_code, c.reference, c.title FROM contracts c WHERE c.retired_by_import_id = ? AND ${inCouncils} ${ORDER} ${page}`,
      [record.id, ...councils],
    );
    return rows.map((r) => change('retired', r, null, null, []));
  }
  const content = CONTENT_COLUMNS.map(([col]) => `c.${col} AS n_${col}, o.${col} AS o_${col}`).join(', ');
  const rows = await run(
    `SELECT c.id, c.council_code, c.reference, c.title, c.row_number, o.id AS previous_id, ${content}
       FROM contracts c JOIN contracts o ON o.id = c.previous_contract_id
      WHERE ${inCouncils} AND c.import_id = ? AND ${contentDiffers(dialect, 'c', 'o')} ${ORDER} ${page}`,
    [...councils, record.id],
  );
  return rows.map((r) => {
    const now: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [col] of CONTENT_COLUMNS) {
      now[col] = r[`n_${col}`];
      before[col] = r[`o_${col}`];
    }
    return change('changed', r, Number(r.previous_id), Number(r.row_number), changedFields(now, before));
  });
}

function change(kind: ChangeKind, r: Record<string, unknown>, previous: number | null, row: number | null, fields: string[]): ImportChange {
  return {
    kind, council: String(r.council_code), reference: (r.reference as string | null) ?? null, title: (r.title as string | null) ?? null,
    contractId: Number(r.id), previousContractId: previous, row, fields,
  };
}
