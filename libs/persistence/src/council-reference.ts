import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { CouncilRecord, councilRecordsFromReference } from '@app/ingest';
import { placeholders } from './sql-dialect';

export const COUNCIL_REFERENCE_FILE = 'reference/uk_local_authorities_current.csv';

/** UK councils from mySociety's register (shipped in data/reference with its licence), current and abolished. */
export function readCouncilReference(dataDir: string): CouncilRecord[] {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(dataDir, COUNCIL_REFERENCE_FILE)), { columns: true, skip_empty_lines: true });
  return councilRecordsFromReference(rows);
}

/**
 * Inserts or refreshes every council; safe to run on every start. Writes only what differs,
 * so a start does not wait for the write lock while an import is being written.
 */
export async function seedCouncils(dataSource: DataSource, councils: CouncilRecord[]): Promise<void> {
  const dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const stored = new Map<string, string>();
  for (const r of (await dataSource.query('SELECT code, name, short_name, nation, aliases, end_date, successors FROM councils')) as Record<string, string>[]) {
    stored.set(r.code, JSON.stringify([r.name, r.short_name, r.nation, r.aliases, r.end_date ?? null, r.successors ?? null]));
  }
  const successorsOf = (c: CouncilRecord) => (c.successors && c.successors.length > 0 ? c.successors.join(' ') : null);
  const changed = councils.filter((c) => stored.get(c.code) !== JSON.stringify([c.name, c.shortName, c.nation, JSON.stringify(c.aliases), c.endDate ?? null, successorsOf(c)]));
  if (changed.length === 0) return;
  await dataSource.transaction(async (manager) => {
    for (const c of changed) {
      await manager.query(
        placeholders(dialect, `INSERT INTO councils (code, name, short_name, nation, aliases, end_date, successors) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, nation = excluded.nation, aliases = excluded.aliases,
          end_date = excluded.end_date, successors = excluded.successors`),
        [c.code, c.name, c.shortName, c.nation, JSON.stringify(c.aliases), c.endDate ?? null, successorsOf(c)],
      );
    }
  });
}
