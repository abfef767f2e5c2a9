import { Body, Controller, ForbiddenException, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseStages } from '@app/alerts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { addMonths } from '@app/ingest';
import { AlertsRepository, CLOCK, Clock, CouncilsRepository, oneCouncil } from '@app/persistence';
import { Public } from '../auth/auth.decorators';
import { AlertsService } from '../alerts/alerts.service';
import { ContractsService } from '../contracts/contracts.service';
import { ContractsQueryDto } from '../contracts/dto/contracts-query.dto';
import { DomainError } from '../errors/error-codes';
import { SignedIn, WebAuthService } from './web-auth.service';
import { PageRenderer } from './page-renderer';
import { str, uk } from './page-helpers';
import { contractDates } from './page-words';

/** A council's page: decisions ahead, alerts, and alert settings. */
@ApiExcludeController()
@Public()
@Controller()
export class CouncilPagesController {
  constructor(
    private readonly auth: WebAuthService,
    private readonly pages: PageRenderer,
    private readonly councils: CouncilsRepository,
    private readonly contracts: ContractsService,
    private readonly alerts: AlertsService,
    private readonly alertsRepo: AlertsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('councils/:code')
  async councilPage(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query('saved') saved?: string) {
    const who = await this.auth.require(req);
    await this.councilView(res, who, code, { saved: saved ? 'Alert settings saved' : null });
  }

  private async councilView(res: Response, who: SignedIn, code: string, extra: Record<string, unknown>) {
    const council = (await this.councils.directory()).get(code);
    if (!council) throw new DomainError('NOT_FOUND', `No council with GSS code ${code}`);
    if (who.principal.role === 'council' && who.principal.councilCode !== council.code) throw new ForbiddenException(`You can see ${who.principal.councilCode} only.`);
    const today = this.clock().slice(0, 10);
    const until = addMonths(today, 18);
    const contracts = await this.contracts.search(who.principal, { council: council.code, sort: 'decisionDate' } as ContractsQueryDto);
    const upcoming = contracts.filter((c) => c.decisionDate && c.decisionDate <= until && (c.currentEndDate ?? '') >= today).slice(0, 100).map((c) => ({
      decision: uk(c.decisionDate), overdue: (c.decisionDate ?? '') < today, title: c.title ?? '–', reference: c.reference ?? '', supplier: c.supplier ?? c.supplierName ?? '–', end: uk(c.currentEndDate), options: contractDates(c, this.clock().slice(0, 10), this.config.dueSoonMonths).options,
    }));
    const settings = await this.alerts.getSettings(who.principal, council.code);
    const alerts = (await this.alertsRepo.list(oneCouncil(council.code))).filter((a) => a.status !== 'withdrawn' && a.status !== 'skipped').slice(-100).map((a) => ({
      due: uk(a.dueDate), reference: a.contractKey.replace(/^ref:/, ''), stage: a.stage === 'notice' ? 'notice deadline' : `${a.stage.slice(9, -1)} months before decision`, status: a.status,
      statusClass: { sent: 'govuk-tag--green', failed: 'govuk-tag--red', snoozed: 'govuk-tag--grey', 'in-hand': 'govuk-tag--turquoise', scheduled: 'govuk-tag--light-blue', pending: 'govuk-tag--yellow' }[a.status as string] ?? '',
      deliveries: a.deliveries.map((d) => `${d.recipient}: ${d.status}${d.lastError ? ` (${d.lastError})` : ''}`).join('; ') || '–',
    }));
    const mayWrite = who.principal.role === 'admin' || who.principal.councilCode === council.code;
    this.pages.render(res, who, 'council', { title: council.name, council, upcoming, alerts, settings, calendarUrl: (settings as { calendarUrl?: string }).calendarUrl, mayWrite, ...extra }, `/councils/${council.code}`);
  }

  @Post('councils/:code/alert-settings')
  async saveAlertSettings(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Body() body: Record<string, unknown>) {
    const who = await this.auth.requireForm(req);
    const emails = str(body.emails).split(/[\s,;]+/).filter(Boolean);
    const stages = parseStages(str(body.stages));
    const errors = [];
    if (emails.some((e) => !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(e))) errors.push({ text: 'Enter e-mail addresses like name@council.gov.uk, separated by commas', href: '#emails' });
    if (!stages) errors.push({ text: 'Enter months from 1 to 60, for example 18, 12, 6, 3', href: '#stages' });
    const webhookUrl = str(body.webhookUrl) || null;
    if (webhookUrl && !/^https?:\/\/\S+$/.test(webhookUrl)) errors.push({ text: 'Enter the webhook as an address starting https://', href: '#webhookUrl' });
    if (errors.length) {
      res.status(400);
      return this.councilView(res, who, code, { errors });
    }
    await this.alerts.putSettings(who.principal, code, { emails, stages: stages!, webhookUrl, digest: body.digest === 'weekly' ? 'weekly' : 'immediate' });
    res.redirect(303, `/councils/${encodeURIComponent(code)}?saved=1`);
  }
}
