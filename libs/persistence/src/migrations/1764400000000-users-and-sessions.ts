import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const varchar = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const integer = (name: string, nullable = true, def?: number): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...(def !== undefined ? { default: def } : {}) });

/**
 * People who sign in to the pages: the same roles and council scoping as API tokens. Passwords
 * are bcrypt hashes; sessions are stored as the SHA-256 of the cookie's random value, so a copy
 * of the database cannot be used to sign in.
 */
export class UsersAndSessions1764400000000 implements MigrationInterface {
  name = 'UsersAndSessions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { ...varchar('email', 254, false), isUnique: true }, varchar('password_hash', 100), varchar('role', 10, false), varchar('council_code', 9),
        varchar('invite_token_hash', 64), varchar('invite_expires_at', 30), integer('failed_sign_ins', false, 0), varchar('locked_until', 30),
        varchar('created_at', 30, false), varchar('created_by', 200), varchar('last_sign_in_at', 30),
      ],
    }));
    await q.createTable(new Table({
      name: 'web_sessions',
      columns: [
        { ...varchar('id_hash', 64, false), isPrimary: true }, integer('user_id', false), varchar('csrf_token', 64, false),
        varchar('created_at', 30, false), varchar('expires_at', 30, false),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('web_sessions');
    await q.dropTable('users');
  }
}
