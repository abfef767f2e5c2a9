import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row for every change a person or token makes, appended and never changed.
 * The database itself refuses an update or a delete of a row (a trigger on each engine), so not
 * even a bug in this application can rewrite what happened.
 */
export class AuditLog1765400000000 implements MigrationInterface {
  name = 'AuditLog1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.query(`CREATE TABLE audit_log (
      id ${postgres ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
      at varchar(30) NOT NULL,
      actor varchar(200) NOT NULL,
      actor_id varchar(60) NULL,
      role varchar(16) NULL,
      council_code varchar(9) NULL,
      action varchar(80) NOT NULL,
      target varchar(200) NULL,
      detail text NULL
    )`);
    await q.query('CREATE INDEX ix_audit_log_at ON audit_log (at, id)');
    await q.query('CREATE INDEX ix_audit_log_council ON audit_log (council_code, at, id)');
    if (postgres) {
      await q.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql`);
      await q.query('CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()');
    } else {
      await q.query("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
      await q.query("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END");
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    if (postgres) {
      await q.query('DROP TRIGGER audit_log_no_update ON audit_log');
      await q.query('DROP FUNCTION audit_log_append_only()');
    } else {
      await q.query('DROP TRIGGER audit_log_no_update');
      await q.query('DROP TRIGGER audit_log_no_delete');
    }
    await q.query('DROP TABLE audit_log');
  }
}
