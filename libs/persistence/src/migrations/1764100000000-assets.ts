import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/**
 * Technical assets a council records itself (an application list, or edits): systems with no
 * contract in the register, and what contracts cannot say (hosting, end of support).
 * Assets derived from classified contracts are worked out when read, and these rows add to them.
 */
export class Assets1764100000000 implements MigrationInterface {
  name = 'Assets1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'assets',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        varchar('council_code', 9, false), text('system', false), text('product'), text('supplier'), text('service_area'), varchar('hosting', 16),
        varchar('end_of_support', 10), text('notes'), varchar('source', 20, false), text('source_file'), varchar('updated_by', 200, false), varchar('updated_at', 30, false),
      ],
      uniques: [{ name: 'uq_assets_council_system', columnNames: ['council_code', 'system'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('assets');
  }
}
