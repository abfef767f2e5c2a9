import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const int = (name: string, nullable = true, dflt?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, default: dflt });
const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: dflt });
const money = (name: string): TableColumnOptions => ({ name, type: 'double precision', isNullable: true });
const serial = (name: string): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    const blob = q.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(new Table({
      name: 'councils',
      columns: [{ ...varchar('code', 9, false), isPrimary: true }, varchar('name', 200, false), varchar('short_name', 200, false), varchar('nation', 40, false), text('aliases', false)],
    }));
    await q.createTable(new Table({
      name: 'api_tokens',
      columns: [{ ...varchar('id', 36, false), isPrimary: true }, varchar('name', 200, false), varchar('role', 16, false), varchar('council_code', 9), { ...varchar('token_hash', 64, false), isUnique: true }, varchar('created_at', 30, false), varchar('revoked_at', 30)],
    }));
    await q.createTable(new Table({
      name: 'imports',
      columns: [
        { ...varchar('id', 36, false), isPrimary: true }, varchar('council_code', 9), varchar('file_name', 500, false), varchar('file_sha256', 64, false),
        int('file_size', false), varchar('status', 16, false), text('layout'), text('councils'),
        int('rows', false, 0), int('imported', false, 0), int('with_warnings', false, 0), int('rejected', false, 0), int('superseded', false, 0), int('issue_count', false, 0),
        varchar('error_code', 40), text('error_message'), varchar('created_by', 36), varchar('created_at', 30, false), varchar('started_at', 30), varchar('finished_at', 30),
      ],
      indices: [new TableIndex({ name: 'ix_imports_sha', columnNames: ['file_sha256'] }), new TableIndex({ name: 'ix_imports_council', columnNames: ['council_code', 'created_at'] })],
    }));
    await q.createTable(new Table({
      name: 'import_files',
      columns: [{ ...varchar('import_id', 36, false), isPrimary: true }, { name: 'content', type: blob, isNullable: false }],
    }));
    await q.createTable(new Table({
      name: 'import_issues',
      columns: [serial('id'), varchar('import_id', 36, false), int('row'), text('column_name'), text('value'), varchar('code', 40, false), varchar('severity', 8, false), text('message', false)],
      indices: [new TableIndex({ name: 'ix_issues_import', columnNames: ['import_id', 'row'] })],
    }));
    await q.createTable(new Table({
      name: 'contracts',
      columns: [
        serial('id'), varchar('import_id', 36, false), varchar('council_code', 9, false), varchar('reference', 200), text('title'), text('description'),
        text('supplier_name'), varchar('company_number', 8), varchar('start_date', 10), varchar('end_date', 10), bool('end_date_derived', false),
        int('duration_months'), text('extension_text'), text('notice_period'), money('annual_value'), money('total_value'), text('category'),
        text('cpv'), text('department'), text('extras'), int('row_number', false), bool('has_warnings', false), bool('is_current', true),
        int('previous_contract_id'), varchar('superseded_by_import_id', 36),
      ],
      indices: [
        new TableIndex({ name: 'ix_contracts_import', columnNames: ['import_id'] }),
        new TableIndex({ name: 'ix_contracts_council_end', columnNames: ['council_code', 'is_current', 'end_date'] }),
        new TableIndex({ name: 'ix_contracts_council_ref', columnNames: ['council_code', 'reference'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'column_mappings',
      columns: [{ ...varchar('council_code', 9, false), isPrimary: true }, text('mapping', false), varchar('updated_at', 30, false)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['column_mappings', 'contracts', 'import_issues', 'import_files', 'imports', 'api_tokens', 'councils']) await q.dropTable(t);
  }
}
