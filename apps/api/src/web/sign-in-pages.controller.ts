import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { CLOCK, Clock, UsersRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../errors/error-codes';
import { WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { str } from './page-helpers';

const FORM_COOKIE = 'ccr_form';
/** Where a signed-in user may go next after signing in: a path on this site only. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

/** Signing in and out, and accepting an invitation. */
@ApiExcludeController()
@Public()
@Controller()
export class SignInPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly users: UsersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private formToken(req: Request, res: Response): string {
    const existing = /(?:^|;\s*)ccr_form=([0-9a-f]{48})/.exec(req.headers.cookie ?? '')?.[1];
    const token = existing ?? randomBytes(24).toString('hex');
    res.cookie(FORM_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    return token;
  }

  /** Before there is a session, forms are protected by a double-submit cookie. */
  private checkFormToken(req: Request, body: Record<string, unknown>): boolean {
    const cookie = /(?:^|;\s*)ccr_form=([0-9a-f]{48})/.exec(req.headers.cookie ?? '')?.[1];
    const sent = str(body._csrf);
    return Boolean(cookie) && sent.length === cookie!.length && timingSafeEqual(Buffer.from(sent), Buffer.from(cookie!));
  }

  @Get('sign-in')
  async signInPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string) {
    if (await this.auth.current(req)) return res.redirect(303, safeNext(next));
    this.pages.render(res, null, 'sign-in', { title: 'Sign in', action: '/sign-in', formToken: this.formToken(req, res), next: safeNext(next) });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const email = str(body.email);
    const password = typeof body.password === 'string' ? body.password : '';
    const again = (message: string, status = 400) => {
      res.status(status);
      this.pages.render(res, null, 'sign-in', { title: 'Sign in', action: '/sign-in', formToken: this.formToken(req, res), email, next: safeNext(body.next), errors: [{ text: message, href: '#email' }] });
    };
    if (!this.checkFormToken(req, body)) return again('The form had expired. Try again.', 403);
    if (!email || !password) return again('Enter your e-mail address and password');
    const result = await this.auth.signIn(email, password, req.ip ?? 'unknown');
    if (!result.ok) return again(result.message, 401);
    this.auth.setCookie(req, res, result.token);
    res.redirect(303, safeNext(body.next));
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response) {
    await this.auth.requireForm(req);
    await this.auth.signOut(req, res);
    res.redirect(303, '/sign-in');
  }

  @Get('invite/:token')
  async invitePage(@Req() req: Request, @Res() res: Response, @Param('token') token: string) {
    const user = await this.users.byInvite(token, this.clock());
    if (!user) throw new DomainError('NOT_FOUND', 'This invitation is not valid or has expired. Ask an administrator for a new one.');
    this.pages.render(res, null, 'sign-in', { title: 'Set your password', action: `/invite/${encodeURIComponent(token)}`, formToken: this.formToken(req, res), invite: user });
  }

  @Post('invite/:token')
  async acceptInvite(@Req() req: Request, @Res() res: Response, @Param('token') token: string, @Body() body: Record<string, unknown>) {
    const user = await this.users.byInvite(token, this.clock());
    if (!user) throw new DomainError('NOT_FOUND', 'This invitation is not valid or has expired. Ask an administrator for a new one.');
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = !this.checkFormToken(req, body) ? 'The form had expired. Try again.' : this.auth.passwordProblem(password, user.email);
    if (problem) {
      res.status(400);
      return this.pages.render(res, null, 'sign-in', { title: 'Set your password', action: `/invite/${encodeURIComponent(token)}`, formToken: this.formToken(req, res), invite: user, errors: [{ text: problem, href: '#password' }] });
    }
    await this.users.setPassword(user.id, await this.auth.hash(password));
    const result = await this.auth.signIn(user.email, password, req.ip ?? 'unknown');
    if (result.ok) this.auth.setCookie(req, res, result.token);
    res.redirect(303, '/');
  }
}
