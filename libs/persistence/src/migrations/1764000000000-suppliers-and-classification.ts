import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string, nullable = true, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: dflt });
const serial = (name: string): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

/**
 * Canonical suppliers and the review ledger (issue 3). The names registers use are kept as
 * written in supplier_names (filled by every import); suppliers, their variants and the
 * suggestions are worked out again from those names, the known relationships and the
 * analysts' decisions whenever any of them changes, so no decision is ever undone.
 * Analysts' corrections of a contract's product or category are kept by council and reference.
 */
export class SuppliersAndClassification1764000000000 implements MigrationInterface {
  name = 'SuppliersAndClassification1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'supplier_names',
      columns: [{ ...text('name', false), isPrimary: true }, varchar('company_number', 8), int('uses', false, 0), varchar('first_seen_at', 30, false)],
    }));
    await q.createTable(new Table({
      name: 'suppliers',
      columns: [
        serial('id'), text('anchor_key', false), text('name', false), varchar('name_source', 16, false), varchar('company_number', 8), text('group_name'),
        { name: 'reseller', type: 'boolean', isNullable: false, default: false }, varchar('updated_at', 30, false),
      ],
      indices: [new TableIndex({ name: 'ix_suppliers_anchor', columnNames: ['anchor_key'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'supplier_variants',
      columns: [{ ...text('name', false), isPrimary: true }, text('name_key', false), int('supplier_id', false), varchar('rule', 20, false), { name: 'score', type: 'double precision', isNullable: false }],
      indices: [new TableIndex({ name: 'ix_supplier_variants_supplier', columnNames: ['supplier_id'] })],
    }));
    await q.createTable(new Table({
      name: 'supplier_suggestions',
      columns: [serial('id'), text('name_a', false), text('name_b', false), text('key_a', false), text('key_b', false), { name: 'score', type: 'double precision', isNullable: false }, varchar('rule', 20, false)],
    }));
    await q.createTable(new Table({
      name: 'supplier_decisions',
      columns: [
        serial('id'), varchar('kind', 16, false), text('name_a'), text('name_b'), text('names'), text('new_name'), text('reason', false),
        varchar('decided_by', 200, false), varchar('decided_at', 30, false),
      ],
    }));
    await q.createTable(new Table({
      name: 'supplier_relationships',
      columns: [serial('id'), varchar('kind', 16, false), text('name', false), text('target'), varchar('company_number', 8), text('source'), varchar('added_by', 200, false)],
      indices: [new TableIndex({ name: 'ix_supplier_relationships_fact', columnNames: ['kind', 'name'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'classification_corrections',
      columns: [
        varchar('council_code', 9, false), varchar('reference', 200, false), text('product'), text('service_category'), text('reason', false),
        varchar('decided_by', 200, false), varchar('decided_at', 30, false),
      ],
      uniques: [{ name: 'uq_classification_corrections', columnNames: ['council_code', 'reference'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['classification_corrections', 'supplier_relationships', 'supplier_decisions', 'supplier_suggestions', 'supplier_variants', 'suppliers', 'supplier_names']) await q.dropTable(t);
  }
}
