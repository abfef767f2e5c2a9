import { MigrationInterface, QueryRunner } from 'typeorm';
import type { Finding } from '../opportunities/opportunities.repository';
import { boundedFields } from '../opportunities/opportunity-summary';

/**
 * List items' `why` bounded in lines as well as in characters (see LIST_WHY_LINES): stored summaries
 * are written again from their findings, since the analysis leaves unchanged findings as they are.
 * On a national register one summary was 4 MB, and a page of the list read 35 MB.
 */
export class BoundedOpportunityWhy1765220000000 implements MigrationInterface {
  name = 'BoundedOpportunityWhy1765220000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const ids = (await q.query('SELECT id FROM opportunities WHERE summary IS NOT NULL')) as { id: string }[];
    // One body at a time: a national finding's body runs to megabytes.
    for (const { id } of ids) {
      const [row] = (await q.query(postgres ? 'SELECT body FROM opportunities WHERE id = $1' : 'SELECT body FROM opportunities WHERE id = ?', [id])) as { body: string }[];
      const summary = JSON.stringify(boundedFields(JSON.parse(row.body) as Finding));
      await q.query(postgres ? 'UPDATE opportunities SET summary = $1 WHERE id = $2' : 'UPDATE opportunities SET summary = ? WHERE id = ?', [summary, id]);
    }
  }

  async down(): Promise<void> {
    // Bounded summaries are valid summaries: nothing to undo.
  }
}
