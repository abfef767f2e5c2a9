import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import type { Finding } from '../opportunities/opportunities.repository';
import { boundedFields, filterColumnsOf } from '../opportunities/opportunity-summary';

const COLUMNS = [
  // score, or -1 for kinds without one: never null, so the keyset comparison needs no NULL cases.
  'rank_score double precision NOT NULL DEFAULT -1',
  'product varchar(200) NULL',
  'category varchar(200) NULL',
  'supplier text NULL',
  // The list item's fields from the finding, bounded (plan, contracts, why): a page never parses a body.
  'summary text NULL',
  // Hash of the body: a run that finds the same finding again does not write it again.
  'body_hash varchar(16) NULL',
];

const INDEXES: [name: string, definition: string][] = [
  ['ix_opportunities_rank', '(is_current, rank_score, id)'],
  ['ix_opportunities_kind_rank', '(kind, is_current, rank_score, id)'],
  ['ix_opportunities_decision', '(is_current, earliest_decision)'],
  ['ix_opportunities_product', '(product, is_current)'],
  ['ix_opportunities_category', '(category, is_current)'],
  ['ix_opportunities_status', '(status, is_current)'],
];

/**
 * Opportunities paged and filtered in the database: the columns lists filter and sort on, a
 * bounded summary for list items, the body's hash (unchanged findings are not rewritten), and the
 * councils of each opportunity in a table of their own so "opportunities Fife takes part in" is
 * an index lookup. Existing rows are filled here from their bodies.
 */
export class OpportunityPaging1765100000000 implements MigrationInterface {
  name = 'OpportunityPaging1765100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const c of COLUMNS) await q.query(`ALTER TABLE opportunities ADD COLUMN ${c}`);
    await q.query('CREATE TABLE opportunity_councils (opportunity_id varchar(16) NOT NULL, council_code varchar(9) NOT NULL, PRIMARY KEY (opportunity_id, council_code))');
    await q.query('CREATE INDEX ix_opportunity_councils_council ON opportunity_councils (council_code, opportunity_id)');
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON opportunities ${definition}`);
    await fill(q);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX ${name}`);
    await q.query('DROP TABLE opportunity_councils');
    for (const c of COLUMNS) await q.query(`ALTER TABLE opportunities DROP COLUMN ${c.split(' ')[0]}`);
  }
}

async function fill(q: QueryRunner): Promise<void> {
  const postgres = q.connection.options.type === 'postgres';
  const p = (sql: string) => (postgres ? sql.replace(/\?/g, ((n) => () => `$${++n}`)(0)) : sql);
  const rows = (await q.query('SELECT id, councils, body FROM opportunities')) as { id: string; councils: string; body: string }[];
  for (const r of rows) {
    const finding = JSON.parse(r.body) as Finding;
    const c = filterColumnsOf(finding);
    await q.query(p('UPDATE opportunities SET rank_score = ?, product = ?, category = ?, supplier = ?, summary = ?, body_hash = ? WHERE id = ?'),
      [c.rank, c.product, c.category, c.supplier, JSON.stringify(boundedFields(finding)), createHash('sha256').update(r.body).digest('hex').slice(0, 16), r.id]);
    for (const council of JSON.parse(r.councils) as string[]) await q.query(p('INSERT INTO opportunity_councils (opportunity_id, council_code) VALUES (?, ?)'), [r.id, council]);
  }
}
