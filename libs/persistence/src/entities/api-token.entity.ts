import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Role = 'admin' | 'analyst' | 'council';

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'council_code', type: 'varchar', length: 9, nullable: true })
  councilCode: string | null;

  /** SHA-256 of the token; the token itself is shown once and never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt: string | null;

  /** When it stops working (ISO); null only for tokens read before the expiry migration ran. */
  @Column({ name: 'expires_at', type: 'varchar', length: 30, nullable: true })
  expiresAt: string | null;

  /** When it last opened a request (updated at most once a minute). */
  @Column({ name: 'last_used_at', type: 'varchar', length: 30, nullable: true })
  lastUsedAt: string | null;
}
