import { Body, Controller, ForbiddenException, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { CLOCK, Clock, CouncilsRepository, Role, UsersRepository } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../errors/error-codes';
import { SignedIn, WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { TokensService } from '../tokens/tokens.service';
import { str, uk } from './page-helpers';

/** Users (admins): invitations, new links, removal. */
@ApiExcludeController()
@Public()
@Controller()
export class UsersPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly users: UsersRepository,
    private readonly councils: CouncilsRepository,
    private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async requireAdmin(req: Request, form = false): Promise<SignedIn> {
    const who = form ? await this.auth.requireForm(req) : await this.auth.require(req);
    if (who.principal.role !== 'admin') throw new ForbiddenException('Only admins manage users.');
    return who;
  }

  /** `typed`: what the invitation form held, shown again beside its errors. */
  private async usersView(res: Response, who: SignedIn, extra: Record<string, unknown>, typed: { email?: string; role?: string; council?: string | null } = {}) {
    const users = (await this.users.list()).map((u) => ({ ...u, lastSignIn: u.lastSignInAt ? `${uk(u.lastSignInAt.slice(0, 10))} ${u.lastSignInAt.slice(11, 16)}` : '–' }));
    const roles = [{ value: 'council', text: 'Council' }, { value: 'analyst', text: 'Analyst' }, { value: 'admin', text: 'Admin' }].map((r) => ({ ...r, selected: r.value === typed.role }));
    const when = (iso: string | null) => (iso ? `${uk(iso.slice(0, 10))} ${iso.slice(11, 16)}` : '–');
    const tokens = (await this.tokens.list(who.principal)).map((t) => ({
      ...t, made: when(t.createdAt), expires: t.expiresAt ? uk(t.expiresAt.slice(0, 10)) : '–', lastUsed: when(t.lastUsedAt),
      statusClass: { active: 'govuk-tag--green', expired: 'govuk-tag--grey', revoked: 'govuk-tag--red' }[t.status],
    }));
    this.pages.render(res, who, 'users', { title: 'Users', users, tokens, councils: await this.pages.councilItems(who.principal, typed.council ?? undefined), roles, typed, ...extra }, '/users');
  }

  @Get('users')
  async usersPage(@Req() req: Request, @Res() res: Response) {
    await this.usersView(res, await this.requireAdmin(req), {});
  }

  @Post('users')
  async inviteUser(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const who = await this.requireAdmin(req, true);
    const email = str(body.email).toLowerCase();
    const role = str(body.role) as Role;
    const council = str(body.council) || null;
    const errors: { text: string; href: string }[] = [];
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) errors.push({ text: 'Enter an e-mail address like name@council.gov.uk', href: '#email' });
    if (!['admin', 'analyst', 'council'].includes(role)) errors.push({ text: 'Choose a role', href: '#role' });
    if (role === 'council' && !(council && (await this.councils.directory()).get(council))) errors.push({ text: 'Choose the council this user acts for', href: '#council' });
    if (errors.length) {
      res.status(400);
      const fieldErrors = Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text]));
      return this.usersView(res, who, { errors, fieldErrors }, { email: str(body.email), role, council });
    }
    const { inviteToken } = await this.users.invite(email, role, role === 'council' ? council : null, who.user.email, this.clock());
    await this.showInvite(res, who, email, inviteToken, 'is invited');
  }

  /** Only the hash of an invitation is kept, so a lost link cannot be shown again: a new one is made, and the old one stops working. */
  @Post('users/:id/reinvite')
  async reinviteUser(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.requireAdmin(req, true);
    const user = await this.users.byId(Number(id));
    if (!user || !user.invited) throw new DomainError('NOT_FOUND', 'No invited user with this id: their invitation may already have been accepted.');
    const { inviteToken } = await this.users.invite(user.email, user.role, user.councilCode, who.user.email, this.clock());
    await this.showInvite(res, who, user.email, inviteToken, 'has a new invitation (the earlier link no longer works)');
  }

  private async showInvite(res: Response, who: SignedIn, email: string, inviteToken: string, what: string): Promise<void> {
    const link = `${this.config.publicUrl}/invite/${inviteToken}`;
    const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
    await this.usersView(res, who, { saved: `<p class="govuk-notification-banner__heading">${esc(email)} ${what}.</p><p class="govuk-body">Send them this link (valid for 7 days): <code class="app-code">${esc(link)}</code></p>` });
  }

  @Post('users/tokens/:id/revoke')
  async revokeToken(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.requireAdmin(req, true);
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new DomainError('NOT_FOUND', 'No such token');
    await this.tokens.revoke(who.principal, id);
    res.redirect(303, '/users#tokens');
  }

  @Post('users/:id/remove')
  async removeUser(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const who = await this.requireAdmin(req, true);
    if (Number(id) === who.user.id) throw new DomainError('VALIDATION', 'You cannot remove yourself');
    await this.users.remove(Number(id));
    res.redirect(303, '/users');
  }
}
