import { EvaluationSet, TruthContract } from './generator/truth';

/** What matching needs of a stored contract. */
export interface StoredRow {
  id: number;
  importId: string;
  rowNumber: number;
  council: string;
  reference: string | null;
}

/**
 * Finds each truth row's stored contract: by council and reference where the row has one (a later
 * file of the same council may have updated it, so it is no longer in its own file's import), else
 * by its place among its file's rows (contracts and rejected rows, in row order). 'rejected' when
 * the row was rejected with a reason; null when nothing accounts for it.
 */
export function matchTruth<S extends StoredRow>(set: EvaluationSet, imports: Map<string, string>, stored: S[], rejectedRows: Map<string, number[]>): Map<TruthContract, S | 'rejected' | null> {
  const out = new Map<TruthContract, S | 'rejected' | null>();
  const byReference = new Map<string, S>();
  for (const c of stored) if (c.reference) byReference.set(`${c.council}|${c.reference.trim()}`, c);
  for (const file of set.files) {
    const truth = set.contracts.filter((c) => c.file === file.name).sort((a, b) => a.line - b.line);
    const importId = imports.get(file.name);
    const ours: { row: number; v: S | 'rejected' }[] = stored.filter((c) => c.importId === importId).map((c) => ({ row: c.rowNumber, v: c }));
    for (const r of rejectedRows.get(file.name) ?? []) ours.push({ row: r, v: 'rejected' });
    ours.sort((a, b) => a.row - b.row);
    truth.forEach((t, k) => out.set(t, byReference.get(`${t.councilCode}|${(t.reference ?? '').trim()}`) ?? ours[k]?.v ?? null));
  }
  return out;
}
