import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { CouncilRecord } from '@app/ingest';
import { placeholders } from './sql-dialect';

export const COUNCIL_REFERENCE_FILE = 'reference/uk_local_authorities_current.csv';

/** Current UK councils from mySociety's register (shipped in data/reference with its licence). */
export function readCouncilReference(dataDir: string): CouncilRecord[] {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(dataDir, COUNCIL_REFERENCE_FILE)), { columns: true, skip_empty_lines: true });
  return rows
    .filter((r) => r['gss-code'] && !r['end-date'])
    .map((r) => ({
      code: r['gss-code'].trim().toUpperCase(),
      name: r['official-name'].trim(),
      shortName: r['nice-name'].trim(),
      nation: r['nation'].trim(),
      aliases: (r['alt-names'] ?? '').split(',').map((a) => a.trim()).filter(Boolean),
    }));
}

/**
 * Inserts or refreshes every council; safe to run on every start. Writes only what differs,
 * so a start does not wait for the write lock while an import is being written.
 */
export async function seedCouncils(dataSource: DataSource, councils: CouncilRecord[]): Promise<void> {
  const dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  const stored = new Map<string, string>();
  for (const r of (await dataSource.query('SELECT code, name, short_name, nation, aliases FROM councils')) as Record<string, string>[]) {
    stored.set(r.code, JSON.stringify([r.name, r.short_name, r.nation, r.aliases]));
  }
  const changed = councils.filter((c) => stored.get(c.code) !== JSON.stringify([c.name, c.shortName, c.nation, JSON.stringify(c.aliases)]));
  if (changed.length === 0) return;
  await dataSource.transaction(async (manager) => {
    for (const c of changed) {
      await manager.query(
        placeholders(dialect, `INSERT INTO councils (code, name, short_name, nation, aliases) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, nation = excluded.nation, aliases = excluded.aliases`),
        [c.code, c.name, c.shortName, c.nation, JSON.stringify(c.aliases)],
      );
    }
  });
}
