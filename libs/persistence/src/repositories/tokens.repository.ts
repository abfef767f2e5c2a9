import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiTokenEntity, Role } from '../entities/api-token.entity';
import { WriteGate } from '../write-gate';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokensRepository {
  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {}

  /** Creates a token and returns it in clear, once; only its hash is stored. */
  async create(role: Role, councilCode: string | null, name: string, now: string): Promise<{ token: string; entity: ApiTokenEntity }> {
    const token = `ccr_${randomBytes(24).toString('base64url')}`;
    const entity = Object.assign(new ApiTokenEntity(), { id: randomUUID(), name, role, councilCode, tokenHash: hashToken(token), createdAt: now, revokedAt: null });
    await this.gate.run(() => this.dataSource.getRepository(ApiTokenEntity).insert(entity));
    return { token, entity };
  }

  async findActiveByToken(token: string): Promise<ApiTokenEntity | null> {
    const found = await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { tokenHash: hashToken(token) } });
    return found && !found.revokedAt ? found : null;
  }

  /** A token's name (the label it was created with), to say who did something with it. */
  async nameOf(id: string): Promise<string | null> {
    return (await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { id } }))?.name ?? null;
  }
}
