import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiTokenEntity, Role } from '../entities/api-token.entity';
import { WriteGate } from '../write-gate';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How long a token works unless it is made for longer or shorter (`tokens create --days`). */
export const DEFAULT_TOKEN_DAYS = 365;

/** When a token made at `now` for `days` stops working. */
export function tokenExpiry(now: string, days: number = DEFAULT_TOKEN_DAYS): string {
  return new Date(Date.parse(now) + days * 86_400_000).toISOString();
}

export class TokensRepository {
  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {}

  /** Creates a token and returns it in clear, once; only its hash is stored. It works until `expiresAt`. */
  async create(role: Role, councilCode: string | null, name: string, now: string, expiresAt: string = tokenExpiry(now)): Promise<{ token: string; entity: ApiTokenEntity }> {
    const token = `ccr_${randomBytes(24).toString('base64url')}`;
    const entity = Object.assign(new ApiTokenEntity(), { id: randomUUID(), name, role, councilCode, tokenHash: hashToken(token), createdAt: now, revokedAt: null, expiresAt, lastUsedAt: null });
    await this.gate.run(() => this.dataSource.getRepository(ApiTokenEntity).insert(entity));
    return { token, entity };
  }

  /** The token, if it is known, not revoked and not expired at `now` (default: the clock's now); its last use is noted. */
  async findActiveByToken(token: string, now: string = new Date().toISOString()): Promise<ApiTokenEntity | null> {
    const found = await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { tokenHash: hashToken(token) } });
    if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now)) return null;
    if (!found.lastUsedAt || Date.parse(now) - Date.parse(found.lastUsedAt) > 60_000) {
      await this.gate.run(() => this.dataSource.getRepository(ApiTokenEntity).update({ id: found.id }, { lastUsedAt: now }));
    }
    return found;
  }

  /** Every token (never the secret), newest first. */
  async list(): Promise<ApiTokenEntity[]> {
    return this.dataSource.getRepository(ApiTokenEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Revokes a token at once; false when there is no such token or it was revoked already. */
  async revoke(id: string, now: string): Promise<boolean> {
    const result = await this.gate.run(() => this.dataSource.createQueryBuilder().update(ApiTokenEntity).set({ revokedAt: now }).where('id = :id', { id }).andWhere('revoked_at IS NULL').execute());
    return (result.affected ?? 0) > 0;
  }

  /** A token's name (the label it was created with), to say who did something with it. */
  async nameOf(id: string): Promise<string | null> {
    return (await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { id } }))?.name ?? null;
  }
}
