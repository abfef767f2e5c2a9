import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DEFAULT_NOTICE_MONTHS, renewalCalendar } from '@app/alerts';
import { APP_CONFIG, AppConfig } from '@app/config';
import { addDays } from '@app/ingest';
import { AlertRow, AlertSettings, AlertsRepository, CLOCK, Clock, CouncilsRepository, DeliveryRow, pageLimit } from '@app/persistence';
import { AlertRun } from '@app/notifications';
import { JobQueue } from '@app/queue';
import { assertMayWriteFor, Principal } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { queryDate } from '../dates';
import { pageLinks, readPage } from '../paging';
import { DomainError } from '../errors/error-codes';
import { AcknowledgeDto, AlertSettingsDto, AlertsQueryDto, SnoozeDto } from './dto/alerts.dto';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly councils: CouncilsRepository,
    private readonly contracts: ContractsService,
    private readonly run: AlertRun,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private view(a: AlertRow & { deliveries?: DeliveryRow[] }) {
    return {
      id: a.id, council: a.councilCode, contractId: a.contractId, reference: a.contractKey.startsWith('ref:') ? a.contractKey.slice(4) : null,
      stage: a.stage, dueDate: a.dueDate, targetDate: a.targetDate, datesVersion: a.datesVersion, status: a.status, round: a.round,
      snoozedUntil: a.snoozedUntil, note: a.note, sentAt: a.sentAt, updatedAt: a.updatedAt,
      deliveries: (a.deliveries ?? []).map((d) => ({ channel: d.channel, recipient: d.recipient, round: d.round, status: d.status, attempts: d.attempts, lastError: d.lastError, sentAt: d.sentAt })),
    };
  }

  /** Alerts by due date, a page at a time. */
  async list(principal: Principal, q: AlertsQueryDto) {
    const scope = await this.contracts.scopeFor(principal, q.council);
    const limit = pageLimit(q.limit);
    const page = await readPage(() => this.alerts.page(scope, { status: q.status }, { limit, cursor: q.cursor }));
    return { items: page.items.map((a) => this.view(a)), ...pageLinks('/api/alerts', q, limit, page) };
  }

  private async council(code: string): Promise<string> {
    const council = (await this.councils.directory()).get(code);
    if (!council) throw new DomainError('NOT_FOUND', `no council with GSS code ${code}`, { value: code });
    return council.code;
  }

  private mayWrite(principal: Principal, council: string): boolean {
    return principal.role === 'admin' || (principal.role === 'council' && principal.councilCode === council);
  }

  private settingsView(s: AlertSettings, withSecrets: boolean) {
    return {
      council: s.councilCode, emails: s.emails, stages: s.stages, noticeMonths: s.noticeMonths, digest: s.digest, webhookUrl: s.webhookUrl,
      updatedAt: s.updatedAt, updatedBy: s.updatedBy, saved: s.saved,
      // Secrets only for those who act for the council.
      ...(withSecrets ? {
        webhookSecret: s.webhookSecret,
        calendarUrl: `${this.config.publicUrl}/api/councils/${s.councilCode}/renewals.ics?token=${s.calendarToken}`,
      } : {}),
    };
  }

  async getSettings(principal: Principal, code: string) {
    const council = await this.council(code);
    if (principal.role === 'council' && principal.councilCode !== council) throw new ForbiddenException(`this token reads ${principal.councilCode} only`);
    return this.settingsView(await this.alerts.settings(council), this.mayWrite(principal, council));
  }

  async putSettings(principal: Principal, code: string, body: AlertSettingsDto) {
    const council = await this.council(code);
    assertMayWriteFor(principal, council);
    const current = await this.alerts.settings(council);
    const stages = body.stages ? [...new Set(body.stages)].sort((a, b) => b - a) : current.stages;
    if (stages.length === 0) throw new DomainError('VALIDATION', 'stages: give at least one number of months', { column: 'stages', value: '[]' });
    const saved = await this.alerts.saveSettings(council, {
      emails: body.emails ? [...new Set(body.emails.map((e) => e.trim().toLowerCase()))] : current.emails,
      stages,
      noticeMonths: body.noticeMonths === undefined ? current.noticeMonths ?? DEFAULT_NOTICE_MONTHS : body.noticeMonths,
      digest: body.digest ?? current.digest,
      webhookUrl: body.webhookUrl === undefined ? current.webhookUrl : body.webhookUrl,
    }, principal.name, this.clock());
    return this.settingsView(saved, true);
  }

  /** The council's renewal calendar, for the holder of its secret feed URL. */
  async calendar(code: string, token: string | undefined): Promise<string> {
    const council = (await this.councils.directory()).get(code);
    const expected = council ? await this.alerts.councilForCalendarToken(council.code) : null;
    if (!council || !expected || !token || !sameSecret(token, expected)) throw new DomainError('NOT_FOUND', 'no calendar at this address', {});
    const contracts = await this.run.currentContracts(council.code);
    return renewalCalendar(contracts, {
      councilCode: council.code, councilName: council.name, contractUrl: (id) => `${this.config.publicUrl}/api/contracts/${id}`,
      domain: new URL(this.config.publicUrl).hostname || 'localhost',
    });
  }

  private async alertFor(principal: Principal, id: number): Promise<AlertRow> {
    const alert = await this.alerts.find({ kind: 'all' }, id);
    if (!alert || (principal.role === 'council' && principal.councilCode !== alert.councilCode)) throw new DomainError('NOT_FOUND', `no alert ${id} that this token may see`, { value: String(id) });
    assertMayWriteFor(principal, alert.councilCode);
    return alert;
  }

  private untilDate(body: SnoozeDto): string {
    const today = this.clock().slice(0, 10);
    const until = queryDate('until', body.until) ?? addDays(today, body.days ?? 30);
    if (until <= today) throw new DomainError('VALIDATION', `until: ${body.until} is not after today`, { column: 'until', value: body.until ?? '' });
    return until;
  }

  async snooze(principal: Principal, id: number, body: SnoozeDto) {
    const alert = await this.alertFor(principal, id);
    await this.alerts.snooze(alert.id, this.untilDate(body), this.clock());
    return this.view((await this.alerts.find({ kind: 'all' }, id))!);
  }

  async acknowledge(principal: Principal, id: number, body: AcknowledgeDto) {
    const alert = await this.alertFor(principal, id);
    await this.alerts.acknowledge(alert.councilCode, alert.contractKey, alert.datesVersion, principal.name, body.note ?? null, this.clock());
    return this.view((await this.alerts.find({ kind: 'all' }, id))!);
  }

  /** For the links in e-mails: the alert, if the token is its own. */
  async byLink(id: number, token: string | undefined): Promise<AlertRow> {
    const alert = Number.isSafeInteger(id) ? await this.alerts.findByToken(id) : null;
    if (!alert || !token || !sameSecret(token, alert.actionToken)) throw new DomainError('NOT_FOUND', 'this link is not valid (it may have been mistyped or cut short)', {});
    return alert;
  }

  async snoozeByLink(id: number, token: string | undefined, days: number): Promise<{ alert: AlertRow; until: string }> {
    const alert = await this.byLink(id, token);
    const until = this.untilDate({ days });
    await this.alerts.snooze(alert.id, until, this.clock());
    return { alert, until };
  }

  async acknowledgeByLink(id: number, token: string | undefined): Promise<AlertRow> {
    const alert = await this.byLink(id, token);
    await this.alerts.acknowledge(alert.councilCode, alert.contractKey, alert.datesVersion, 'e-mail link', null, this.clock());
    return alert;
  }

  async runNow(principal: Principal, today: string | undefined) {
    if (principal.role !== 'admin') throw new ForbiddenException('only an admin can start the alert run');
    const day = queryDate('today', today);
    await this.queue.enqueue('alerts-daily', day ? { today: day } : {});
    return { queued: true, today: day ?? this.clock().slice(0, 10) };
  }
}
