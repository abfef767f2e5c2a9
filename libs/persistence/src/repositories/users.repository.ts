import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../entities/api-token.entity';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export interface UserRecord {
  id: number;
  email: string;
  role: Role;
  councilCode: string | null;
  passwordHash: string | null;
  failedSignIns: number;
  lockedUntil: string | null;
  createdAt: string;
  createdBy: string | null;
  lastSignInAt: string | null;
  /** True while the invitation has not been taken up (no password yet). */
  invited: boolean;
}

type Row = Record<string, unknown>;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function userOf(r: Row): UserRecord {
  return {
    id: Number(r.id), email: r.email as string, role: r.role as Role, councilCode: (r.council_code as string) ?? null, passwordHash: (r.password_hash as string) ?? null,
    failedSignIns: Number(r.failed_sign_ins), lockedUntil: (r.locked_until as string) ?? null, createdAt: r.created_at as string, createdBy: (r.created_by as string) ?? null,
    lastSignInAt: (r.last_sign_in_at as string) ?? null, invited: !r.password_hash,
  };
}

/** Signed-in users and their sessions; only hashes of invitation and session secrets are stored. */
export class UsersRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  private q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.dataSource.query(placeholders(this.dialect, sql), params) as Promise<Row[]>;
  }

  /** Adds a user with an invitation (returned once, stored hashed) to set a password within `inviteDays`. */
  async invite(email: string, role: Role, councilCode: string | null, by: string, now: string, inviteDays = 7): Promise<{ user: UserRecord; inviteToken: string }> {
    const inviteToken = randomBytes(24).toString('hex');
    const expires = new Date(Date.parse(now) + inviteDays * 86_400_000).toISOString();
    const normalised = email.trim().toLowerCase();
    await this.gate.run(() => this.q(
      `INSERT INTO users (email, role, council_code, invite_token_hash, invite_expires_at, failed_sign_ins, created_at, created_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (email) DO UPDATE SET role = excluded.role, council_code = excluded.council_code, invite_token_hash = excluded.invite_token_hash, invite_expires_at = excluded.invite_expires_at`,
      [normalised, role, councilCode, sha256(inviteToken), expires, now, by],
    ));
    return { user: (await this.byEmail(normalised))!, inviteToken };
  }

  async byEmail(email: string): Promise<UserRecord | null> {
    const [r] = await this.q('SELECT * FROM users WHERE email = ?', [email.trim().toLowerCase()]);
    return r ? userOf(r) : null;
  }

  async byId(id: number): Promise<UserRecord | null> {
    const [r] = await this.q('SELECT * FROM users WHERE id = ?', [id]);
    return r ? userOf(r) : null;
  }

  async byInvite(token: string, now: string): Promise<UserRecord | null> {
    const [r] = await this.q('SELECT * FROM users WHERE invite_token_hash = ? AND invite_expires_at > ?', [sha256(token), now]);
    return r ? userOf(r) : null;
  }

  async list(): Promise<UserRecord[]> {
    return (await this.q('SELECT * FROM users ORDER BY email')).map(userOf);
  }

  /** Sets the password (a bcrypt hash), ends the invitation and any lock. */
  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.gate.run(() => this.q('UPDATE users SET password_hash = ?, invite_token_hash = NULL, invite_expires_at = NULL, failed_sign_ins = 0, locked_until = NULL WHERE id = ?', [passwordHash, id]));
  }

  /** A failed sign-in: after `limit` in a row the account is locked until `lockUntil`. */
  async recordFailure(id: number, limit: number, lockUntil: string): Promise<void> {
    await this.gate.run(() => this.q(
      'UPDATE users SET failed_sign_ins = failed_sign_ins + 1, locked_until = CASE WHEN failed_sign_ins + 1 >= ? THEN ? ELSE locked_until END WHERE id = ?',
      [limit, lockUntil, id],
    ));
  }

  async recordSuccess(id: number, now: string): Promise<void> {
    await this.gate.run(() => this.q('UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = ? WHERE id = ?', [now, id]));
  }

  async remove(id: number): Promise<void> {
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      await m.query(placeholders(this.dialect, 'DELETE FROM web_sessions WHERE user_id = ?'), [id]);
      await m.query(placeholders(this.dialect, 'DELETE FROM users WHERE id = ?'), [id]);
    }));
  }

  // ---- sessions ----

  async createSession(userId: number, now: string, ttlHours: number): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('hex');
    const expiresAt = new Date(Date.parse(now) + ttlHours * 3_600_000).toISOString();
    await this.gate.run(() => this.q('INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [sha256(token), userId, csrfToken, now, expiresAt]));
    return { token, csrfToken, expiresAt };
  }

  async session(token: string, now: string): Promise<{ user: UserRecord; csrfToken: string } | null> {
    const [r] = await this.q('SELECT s.csrf_token, u.* FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?', [sha256(token), now]);
    return r ? { user: userOf(r), csrfToken: r.csrf_token as string } : null;
  }

  async endSession(token: string): Promise<void> {
    await this.gate.run(() => this.q('DELETE FROM web_sessions WHERE id_hash = ?', [sha256(token)]));
  }
}
