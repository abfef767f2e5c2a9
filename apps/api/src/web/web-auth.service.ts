import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import type { Request, Response } from 'express';
import { CLOCK, Clock, UserRecord, UsersRepository } from '@app/persistence';
import { Principal } from '../auth/principal';

export const SESSION_COOKIE = 'ccr_session';
const SESSION_HOURS = 8;
/** Failed sign-ins in a row before an account is locked, and for how long. */
export const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;
/** Failed sign-ins from one address in ten minutes before it must wait (guessing across accounts). */
const ADDRESS_LIMIT = 20;
const BCRYPT_COST = 12;
// Compared against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
// Made once, asynchronously (bcryptjs yields between rounds), rather than blocking start-up for half a second.
let dummyHash: Promise<string> | null = null;
const dummyHashOf = (): Promise<string> => (dummyHash ??= bcrypt.hash('not a password', BCRYPT_COST));

export interface SignedIn {
  user: UserRecord;
  csrfToken: string;
  principal: Principal;
}

export class SignInRequired extends Error {}
export class CsrfRejected extends Error {}

export function principalOf(user: UserRecord): Principal {
  return { tokenId: `user:${user.id}`, name: user.email, role: user.role, councilCode: user.councilCode };
}

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sign-in, sessions in the database (so several API processes share them), CSRF tokens and throttling. */
@Injectable()
export class WebAuthService {
  private readonly failuresByAddress = new Map<string, number[]>();

  constructor(private readonly users: UsersRepository, @Inject(CLOCK) private readonly clock: Clock) {
    // Started now, so the first sign-in with an unknown address takes no longer than the others.
    void dummyHashOf();
  }

  async hash(password: string): Promise<string> {
    return bcrypt.hash(password, BCRYPT_COST);
  }

  /** A password people can use: long enough to resist guessing, not a trivial repeat. */
  passwordProblem(password: string, email: string): string | null {
    if (password.length < 12) return 'Enter a password of at least 12 characters';
    if (password.length > 128) return 'Enter a password of 128 characters or fewer';
    if (/^(.)\1+$/.test(password) || password.toLowerCase().includes(email.split('@')[0].toLowerCase())) return 'Choose a password that is not a repeated character or your e-mail name';
    return null;
  }

  /** Failed sign-ins in a row for addresses with no account, as recordFailure keeps them for accounts (bounded: oldest forgotten first). */
  private readonly unknownFailures = new Map<string, { count: number; lockedUntil: string | null }>();

  private unknownLockedUntil(email: string, nowMs: number): string | null {
    const entry = this.unknownFailures.get(email.trim().toLowerCase());
    if (entry?.lockedUntil && Date.parse(entry.lockedUntil) <= nowMs) this.unknownFailures.delete(email.trim().toLowerCase());
    return entry?.lockedUntil ?? null;
  }

  private recordUnknownFailure(email: string, lockUntil: string): void {
    const key = email.trim().toLowerCase();
    const entry = this.unknownFailures.get(key) ?? { count: 0, lockedUntil: null };
    entry.count++;
    if (entry.count >= LOCK_AFTER) entry.lockedUntil = lockUntil;
    this.unknownFailures.delete(key);
    this.unknownFailures.set(key, entry);
    if (this.unknownFailures.size > 10_000) this.unknownFailures.delete(this.unknownFailures.keys().next().value!);
  }

  private throttled(address: string, now: number): boolean {
    const recent = (this.failuresByAddress.get(address) ?? []).filter((t) => now - t < 10 * 60_000);
    this.failuresByAddress.set(address, recent);
    return recent.length >= ADDRESS_LIMIT;
  }

  /** Checks the password; on success a new session. Errors are deliberately the same for a wrong e-mail or password. */
  async signIn(email: string, password: string, address: string): Promise<{ ok: true; token: string } | { ok: false; message: string }> {
    const now = this.clock();
    const nowMs = Date.parse(now);
    if (this.throttled(address, nowMs)) return { ok: false, message: 'Too many failed sign-ins from this network. Wait 10 minutes and try again.' };
    const user = await this.users.byEmail(email);
    const matches = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHashOf()));
    // An address with no account locks as an account would (counted here, not stored), so the
    // "locked" message does not tell which addresses have accounts.
    const lockedUntil = user ? user.lockedUntil : this.unknownLockedUntil(email, nowMs);
    if (lockedUntil && lockedUntil > now) {
      return { ok: false, message: `This account is locked after ${LOCK_AFTER} failed sign-ins. Try again after ${new Date(lockedUntil).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}.` };
    }
    if (!user || !user.passwordHash || !matches) {
      this.failuresByAddress.get(address)!.push(nowMs);
      const until = new Date(nowMs + LOCK_MINUTES * 60_000).toISOString();
      if (user) await this.users.recordFailure(user.id, LOCK_AFTER, until);
      else this.recordUnknownFailure(email, until);
      return { ok: false, message: 'The e-mail address or password is not right' };
    }
    await this.users.recordSuccess(user.id, now);
    const session = await this.users.createSession(user.id, now, SESSION_HOURS);
    return { ok: true, token: session.token };
  }

  setCookie(req: Request, res: Response, token: string): void {
    // Secure whenever the request came over TLS (directly or through a trusted proxy).
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_HOURS * 3_600_000 });
  }

  async current(req: Request): Promise<SignedIn | null> {
    const token = cookies(req)[SESSION_COOKIE];
    if (!token) return null;
    const found = await this.users.session(token, this.clock());
    if (!found) return null;
    const principal = principalOf(found.user);
    // The request log names who asked (by id).
    (req as Request & { principal?: typeof principal }).principal = principal;
    const who = { ...found, principal };
    // An error page rendered later for this request keeps the navigation and sign-out.
    (req as Request & { signedIn?: SignedIn }).signedIn = who;
    return who;
  }

  async require(req: Request): Promise<SignedIn> {
    const who = await this.current(req);
    if (!who) throw new SignInRequired();
    return who;
  }

  /** Every form carries the session's CSRF token; a POST without the right one changes nothing. */
  async requireForm(req: Request): Promise<SignedIn> {
    const who = await this.require(req);
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof sent !== 'string' || !same(sent, who.csrfToken)) throw new CsrfRejected();
    return who;
  }

  async signOut(req: Request, res: Response): Promise<void> {
    const token = cookies(req)[SESSION_COOKIE];
    if (token) await this.users.endSession(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
