import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: [name: string, table: string, definition: string][] = [
  // A council's list reads its joint contracts (led by another council, naming it) apart from its own:
  // the few joint contracts in an index of their own, so that part is not a scan of every contract.
  ['ix_contracts_joint', 'contracts', '(is_current, id) WHERE joint_councils IS NOT NULL'],
  // One supplier's contracts in the default order (council, current end): a page is read in order, not sorted,
  // and with end_date in the index a filter on it (and the total) is answered from the index alone. A separate
  // (supplier_id, is_current, end_date) index was tried: SQLite then took it for the page and sorted 60,000 rows
  // (1.2 s). Replaces ix_contracts_supplier_id (supplier_id, is_current, council_code), of which it is an extension.
  ['ix_contracts_supplier_page', 'contracts', '(supplier_id, is_current, council_code, end_sort, id, end_date)'],
];

/**
 * Indexes the paged lists need on a national register (1M contracts; see bench:api): a council's list,
 * and one supplier's contracts filtered by end date, are read from indexes in order rather than scanned
 * and sorted. Plain CREATE INDEX (partial where stated) that SQLite and PostgreSQL both take.
 */
export class NationalListIndexes1765210000000 implements MigrationInterface {
  name = 'NationalListIndexes1765210000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, table, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${table} ${definition}`);
    await q.query('DROP INDEX ix_contracts_supplier_id');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_contracts_supplier_id ON contracts (supplier_id, is_current, council_code)');
    for (const [name] of [...INDEXES].reverse()) await q.query(`DROP INDEX ${name}`);
  }
}
