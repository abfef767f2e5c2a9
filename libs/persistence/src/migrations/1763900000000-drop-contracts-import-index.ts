import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Every query that picks contracts by import also names the council (and usually the
 * reference), which ix_contracts_council_ref serves; the import index only cost time on
 * every national import (about a third of the index rebuild) and space.
 */
export class DropContractsImportIndex1763900000000 implements MigrationInterface {
  name = 'DropContractsImportIndex1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('contracts', 'ix_contracts_import');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('contracts', new TableIndex({ name: 'ix_contracts_import', columnNames: ['import_id'] }));
  }
}
