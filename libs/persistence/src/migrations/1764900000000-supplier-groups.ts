import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A supplier group (parent or family) is stored with each canonical supplier: its stable id
 * (`civica`), and whether it came from reference data, a shared distinctive name, or is the
 * supplier alone. Filled at the next supplier refresh (every import runs one).
 */
export class SupplierGroups1764900000000 implements MigrationInterface {
  name = 'SupplierGroups1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('suppliers', [
      new TableColumn({ name: 'group_id', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'group_label', type: 'text', isNullable: true }),
      new TableColumn({ name: 'group_source', type: 'varchar', length: '16', isNullable: true }),
    ]);
    await q.createIndex('suppliers', new TableIndex({ name: 'ix_suppliers_group', columnNames: ['group_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('suppliers', 'ix_suppliers_group');
    for (const c of ['group_source', 'group_label', 'group_id']) await q.dropColumn('suppliers', c);
  }
}
