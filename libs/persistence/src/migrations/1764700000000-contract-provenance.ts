import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * What a register says beyond one figure and one council: where each value came from (given,
 * derived from the other over the term, or estimated from a range), the range itself, the unit
 * an extension header gives to bare numbers, and the other councils of a joint contract. Councils
 * abolished since keep their code, with the day they ended and their successors.
 */
export class ContractProvenance1764700000000 implements MigrationInterface {
  name = 'ContractProvenance1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('contracts', [
      new TableColumn({ name: 'annual_value_source', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'total_value_source', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'value_low', type: 'double precision', isNullable: true }),
      new TableColumn({ name: 'value_high', type: 'double precision', isNullable: true }),
      new TableColumn({ name: 'extension_unit', type: 'varchar', length: '6', isNullable: true }),
      // Space-separated GSS codes of the other councils ("E07000128"), null for a single council's contract.
      new TableColumn({ name: 'joint_councils', type: 'text', isNullable: true }),
    ]);
    // Contracts stored before this had their values as written.
    await q.query(`UPDATE contracts SET annual_value_source = 'given' WHERE annual_value IS NOT NULL`);
    await q.query(`UPDATE contracts SET total_value_source = 'given' WHERE total_value IS NOT NULL`);
    await q.addColumns('councils', [
      new TableColumn({ name: 'end_date', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'successors', type: 'text', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['successors', 'end_date']) await q.dropColumn('councils', c);
    for (const c of ['joint_councils', 'extension_unit', 'value_high', 'value_low', 'total_value_source', 'annual_value_source']) await q.dropColumn('contracts', c);
  }
}
