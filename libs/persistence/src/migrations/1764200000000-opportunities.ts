import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/**
 * Opportunities the analysis finds. Ids are stable while membership is, so an analyst's triage
 * (accepted, rejected, snoozed) stays attached across runs; findings a run no longer makes are
 * kept, marked not current.
 */
export class Opportunities1764200000000 implements MigrationInterface {
  name = 'Opportunities1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'opportunities',
      columns: [
        { ...varchar('id', 16, false), isPrimary: true }, varchar('kind', 20, false), text('label', false), text('councils', false), text('body', false),
        { name: 'score', type: 'double precision', isNullable: true }, { name: 'annual_value', type: 'double precision', isNullable: true },
        varchar('earliest_decision', 10), { name: 'is_current', type: 'boolean', isNullable: false, default: true },
        varchar('status', 16, false), text('status_reason'), varchar('status_by', 200), varchar('status_at', 30), varchar('snoozed_until', 10),
        varchar('first_seen_at', 30, false), varchar('last_seen_at', 30, false),
      ],
      indices: [new TableIndex({ name: 'ix_opportunities_kind', columnNames: ['kind', 'is_current'] })],
    }));
    await q.createTable(new Table({
      name: 'analysis_runs',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        varchar('trigger', 200, false), varchar('today', 10, false), varchar('started_at', 30, false), varchar('finished_at', 30, false),
        { name: 'contracts', type: 'integer', isNullable: false }, { name: 'opportunities', type: 'integer', isNullable: false },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('analysis_runs');
    await q.dropTable('opportunities');
  }
}
