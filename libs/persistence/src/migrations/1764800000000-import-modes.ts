import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * An upload is a council's full register or an update of some of its contracts: the import
 * records the mode it asked for, the mode it ran in and why, and what it added, changed and
 * retired. Imports before this all replaced their councils' registers; their counts were not
 * recorded, so they stay null rather than a guess.
 */
export class ImportModes1764800000000 implements MigrationInterface {
  name = 'ImportModes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('imports', [
      new TableColumn({ name: 'mode_requested', type: 'varchar', length: '6', isNullable: true }),
      new TableColumn({ name: 'mode', type: 'varchar', length: '6', isNullable: true }),
      new TableColumn({ name: 'mode_rule', type: 'varchar', length: '20', isNullable: true }),
      new TableColumn({ name: 'mode_reason', type: 'text', isNullable: true }),
      new TableColumn({ name: 'added', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'changed', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'unchanged', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'retired', type: 'integer', isNullable: true }),
    ]);
    await q.query(
      `UPDATE imports SET mode = 'full', mode_rule = 'before-modes',
         mode_reason = 'imported before uploads had a mode: every import then replaced the registers of the councils it held' WHERE status = 'completed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['retired', 'unchanged', 'changed', 'added', 'mode_reason', 'mode_rule', 'mode', 'mode_requested']) await q.dropColumn('imports', c);
  }
}
