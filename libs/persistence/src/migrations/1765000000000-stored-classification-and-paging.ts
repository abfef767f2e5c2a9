import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns added to contracts: what lists filter and sort on, stored so the database can page them. */
const CONTRACT_COLUMNS = [
  'product text NULL',
  'service_category text NULL',
  // Folded (lower case, trimmed) so filters match as they always did, whatever the case typed.
  'product_key varchar(200) NULL',
  'category_key varchar(200) NULL',
  'supplier_id integer NULL',
  // Sort keys never null, so a keyset comparison needs no NULL cases: a missing value sorts last.
  "supplier_sort varchar(200) NOT NULL DEFAULT '~'",
  "end_sort varchar(10) NOT NULL DEFAULT '9999-12-31'",
  "decision_sort varchar(10) NOT NULL DEFAULT '9999-12-31'",
  'value_sort double precision NOT NULL DEFAULT -1',
  // Null until classified: the rows an import adds, and every row stored before this migration.
  'classified_at varchar(30) NULL',
];

const INDEXES: [name: string, table: string, definition: string][] = [
  // Reads of every current contract in id order (the analysis, alert runs, the asset register): without it SQLite
  // takes a paging index for is_current and sorts every page.
  ['ix_contracts_current_id', 'contracts', '(is_current, id)'],
  ['ix_contracts_page_council', 'contracts', '(is_current, council_code, end_sort, id)'],
  ['ix_contracts_page_end', 'contracts', '(is_current, end_sort, id)'],
  ['ix_contracts_page_decision', 'contracts', '(is_current, decision_sort, id)'],
  ['ix_contracts_page_supplier', 'contracts', '(is_current, supplier_sort, id)'],
  ['ix_contracts_page_value', 'contracts', '(is_current, value_sort, id)'],
  ['ix_contracts_category', 'contracts', '(category_key, is_current, council_code, end_sort, id)'],
  ['ix_contracts_product', 'contracts', '(product_key, is_current, council_code, end_sort, id)'],
  ['ix_contracts_supplier_id', 'contracts', '(supplier_id, is_current, council_code)'],
  // A supplier refresh re-points the contracts of the names whose supplier changed, by name.
  ['ix_contracts_supplier_name', 'contracts', '(supplier_name, is_current)'],
  ['ix_contracts_unclassified', 'contracts', '(id) WHERE classified_at IS NULL'],
  ['ix_supplier_suggestions_money', 'supplier_suggestions', '(money, score, id)'],
  ['ix_suppliers_name', 'suppliers', '(name, id)'],
  ['ix_alerts_due', 'alerts', '(due_date, id)'],
  ['ix_alerts_council_due', 'alerts', '(council_code, due_date, id)'],
  ['ix_alerts_status_due', 'alerts', '(status, due_date, id)'],
];

/**
 * Classification (product, service category), the canonical supplier and the renewal dates lists
 * sort on are stored with each contract, kept up to date by imports, corrections, supplier
 * refreshes and the analysis; indexes for the keyset-paged lists of contracts, suppliers, the
 * review queue (ordered by the money each decision affects, stored with the suggestion) and alerts.
 */
export class StoredClassificationAndPaging1765000000000 implements MigrationInterface {
  name = 'StoredClassificationAndPaging1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const c of CONTRACT_COLUMNS) await q.query(`ALTER TABLE contracts ADD COLUMN ${c}`);
    await q.query('UPDATE contracts SET value_sort = annual_value WHERE annual_value IS NOT NULL');
    await q.query('ALTER TABLE supplier_suggestions ADD COLUMN money double precision NOT NULL DEFAULT 0');
    for (const [name, table, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${table} ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX ${name}`);
    await q.query('ALTER TABLE supplier_suggestions DROP COLUMN money');
    for (const c of [...CONTRACT_COLUMNS].reverse()) await q.query(`ALTER TABLE contracts DROP COLUMN ${c.split(' ')[0]}`);
  }
}
