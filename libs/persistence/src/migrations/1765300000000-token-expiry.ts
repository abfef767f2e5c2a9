import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens expire: each has an end (tokens made before this one end a year after it runs, so
 * none stops working without warning), and when it was last used, so an admin can see which are live.
 */
export class TokenExpiry1765300000000 implements MigrationInterface {
  name = 'TokenExpiry1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_tokens ADD COLUMN expires_at varchar(30) NULL');
    await q.query('ALTER TABLE api_tokens ADD COLUMN last_used_at varchar(30) NULL');
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await q.query(q.connection.options.type === 'postgres' ? 'UPDATE api_tokens SET expires_at = $1' : 'UPDATE api_tokens SET expires_at = ?', [inAYear]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_tokens DROP COLUMN last_used_at');
    await q.query('ALTER TABLE api_tokens DROP COLUMN expires_at');
  }
}
