import { ApiTokenEntity } from '../entities/api-token.entity';

/** A token as admins, the API and the CLI list it: never its secret. */
export function tokenView(t: ApiTokenEntity, now: string) {
  const status = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active';
  return { id: t.id, name: t.name, role: t.role, council: t.councilCode, createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, status };
}

export type TokenView = ReturnType<typeof tokenView>;
