import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which import retired a contract, kept with the contract as the import retires it. An import's
 * report lists what it retired: worked out afterwards (superseded by it, its reference not in it),
 * that was a scan of every contract of the council and of the import's references, 0.5-1.1 s on the
 * API's thread at 100,000 contracts. The partial index holds retired contracts only, so an import's
 * inserts do not pay for it. Contracts retired before this migration are marked here, once, by that
 * same rule, one import at a time.
 */
export class RetiredBy1765500000000 implements MigrationInterface {
  name = 'RetiredBy1765500000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    // PostgreSQL names the one parameter four times; SQLite takes it four times over.
    const p = (n: number) => (postgres ? `$${n}` : '?');
    await q.query('ALTER TABLE contracts ADD COLUMN retired_by_import_id varchar(36) NULL');
    const imports = (await q.query("SELECT id FROM imports WHERE status = 'completed' AND (retired IS NULL OR retired > 0)")) as { id: string }[];
    for (const { id } of imports) {
      await q.query(
        `UPDATE contracts SET retired_by_import_id = ${p(1)}
          WHERE superseded_by_import_id = ${p(1)} AND import_id <> ${p(1)}
            AND (reference IS NULL OR ${postgres
              ? `NOT EXISTS (SELECT 1 FROM contracts n WHERE n.import_id = ${p(1)} AND n.council_code = contracts.council_code AND n.reference = contracts.reference)`
              : `(council_code, reference) NOT IN (SELECT n.council_code, n.reference FROM contracts n WHERE n.import_id = ${p(1)} AND n.reference IS NOT NULL)`})`,
        postgres ? [id] : [id, id, id, id],
      );
    }
    await q.query('CREATE INDEX ix_contracts_retired_by ON contracts (retired_by_import_id, council_code, reference, id) WHERE retired_by_import_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_contracts_retired_by');
    await q.query('ALTER TABLE contracts DROP COLUMN retired_by_import_id');
  }
}
