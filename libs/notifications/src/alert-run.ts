import { Logger } from '@nestjs/common';
import { AlertContract, contractKey, dueToday, plannedAlerts, RelatedOpportunity, renderAlert, renderDigest, RenderedAlert } from '@app/alerts';
import { CalendarDate } from '@app/ingest';
import { CollaborativeOpportunity } from '@app/opportunities';
import { AlertRow, AlertSettings, AlertsRepository, Channel, ContractReadModel, ContractRecord, ContractsRepository, CouncilsRepository, DeliveryRow, oneCouncil, OpportunitiesRepository } from '@app/persistence';
import { EmailSender, WebhookSender } from './senders';

export interface AlertRunOptions {
  publicUrl: string;
  maxAttempts: number;
  claimLeaseMs: number;
}

export interface CouncilAlertSummary {
  council: string;
  today: string;
  contracts: number;
  added: number;
  withdrawn: number;
  skipped: number;
  due: number;
  sent: number;
  /** Deliveries that failed this time and will be tried again. */
  retrying: number;
  failed: number;
  /** Due alerts with nobody to send them to (no addresses or webhook set). */
  undeliverable: number;
  /** Deliveries claimed by another process and not yet recorded: sent by it, or taken over once its claim lapses. */
  inFlight: number;
}

/** Thrown after a run in which some deliveries failed but may succeed on a retry (the job retries with backoff). */
export class DeliveriesToRetryError extends Error {}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The register's own column for who looks after a contract, when it holds an e-mail address. */
export function contractOwner(extras: Record<string, string>): string | null {
  for (const [column, value] of Object.entries(extras)) {
    if (/owner|manager|officer|lead|contact/i.test(column) && EMAIL.test(value.trim())) return value.trim().toLowerCase();
  }
  return null;
}

export function toAlertContract(c: ContractRecord): AlertContract {
  return {
    id: c.id, council: c.council, reference: c.reference, title: c.title, supplier: c.supplier ?? c.supplierName, annualValue: c.annualValue,
    // Alerts follow the dates still ahead: a contract past its end with options left is presumed extended.
    ...(c.renewalStatus === 'presumed-extended' || c.renewalStatus === 'expired'
      ? { currentEndDate: c.liveEndDate, optionsRemaining: c.liveOptionsRemaining, noticeDate: c.liveNoticeDate, decisionDate: c.liveDecisionDate }
      : { currentEndDate: c.currentEndDate, optionsRemaining: c.optionsRemaining, noticeDate: c.noticeDate, decisionDate: c.decisionDate }),
    maxEndDate: c.maxEndDate,
    leadMonths: c.leadMonths, leadReason: c.leadReason, owner: contractOwner(c.extras),
  };
}

function weekday(date: CalendarDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

/**
 * The daily alert run for one council: plans every current contract's reminders, withdraws
 * those whose dates changed, decides which are due today, and delivers them by e-mail and
 * webhook. Each step is safe to repeat: a (contract, stage, dates version) is one row, and a
 * delivery is claimed by one process before it is sent and recorded as sent straight after.
 */
export class AlertRun {
  private readonly log = new Logger('AlertRun');

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly contracts: ContractsRepository,
    private readonly readModel: ContractReadModel,
    private readonly councils: CouncilsRepository,
    private readonly opportunities: OpportunitiesRepository,
    private readonly email: EmailSender,
    private readonly webhook: WebhookSender,
    private readonly options: AlertRunOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The councils the daily run fans out to: those with current contracts or alert settings. */
  async councilsToVisit(): Promise<string[]> {
    return [...new Set([...(await this.contracts.councilsWithCurrentContracts()), ...(await this.alerts.councilsWithSettings())])].sort();
  }

  async currentContracts(council: string, today?: CalendarDate): Promise<AlertContract[]> {
    const out: AlertContract[] = [];
    for (let after = 0; ;) {
      const page = await this.contracts.findCurrentAfter(oneCouncil(council), after, 2000);
      if (page.length === 0) break;
      after = page[page.length - 1].id;
      for (const c of await this.readModel.present(page, today)) out.push(toAlertContract(c));
    }
    return out;
  }

  async runCouncil(council: string, today: CalendarDate): Promise<CouncilAlertSummary> {
    const settings = await this.alerts.settings(council);
    const contracts = await this.currentContracts(council, today);
    const byId = new Map(contracts.map((c) => [c.id, c]));
    const byKey = new Map(contracts.map((c) => [contractKey(c), c]));
    const planned = contracts.flatMap((c) => plannedAlerts(c, settings));
    const stamp = () => this.now().toISOString();
    const reconciled = await this.alerts.reconcile(council, planned, today, stamp());
    const summary: CouncilAlertSummary = { council, today, contracts: contracts.length, added: reconciled.added, withdrawn: reconciled.withdrawn, skipped: 0, due: 0, sent: 0, retrying: 0, failed: 0, undeliverable: 0, inFlight: 0 };

    // Which waiting reminders fall due today, contract by contract.
    const groups = new Map<string, AlertRow[]>();
    for (const a of await this.alerts.scheduled(council)) {
      const key = `${a.contractKey}\u0000${a.datesVersion}`;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    for (const group of groups.values()) {
      const { send, skip } = dueToday(group.map((a) => ({ ...a, waiting: true })), today);
      await this.alerts.markSkipped(skip.map((a) => a.id), stamp());
      summary.skipped += skip.length;
      for (const a of send) {
        const c = byKey.get(a.contractKey);
        const recipients = this.recipients(settings, c?.owner ?? null);
        await this.alerts.startSending(a, recipients, recipients.length === 0 ? 'no e-mail address or webhook is set for this council' : null, stamp());
        summary.due++;
      }
    }
    // Alerts that fell due when nobody was set to receive them go as soon as someone is.
    for (const a of await this.alerts.pendingWithoutDeliveries(council)) {
      const recipients = this.recipients(settings, byKey.get(a.contractKey)?.owner ?? null);
      if (recipients.length > 0) await this.alerts.addDeliveries(a, recipients);
      else summary.undeliverable++;
    }
    await this.deliver(council, settings, today, byId, summary);
    await this.alerts.settleAlerts(council, stamp());
    summary.inFlight = await this.alerts.countInFlight(council);
    this.log.log({ msg: 'alert run finished', ...summary });
    return summary;
  }

  private recipients(settings: AlertSettings, owner: string | null): { channel: Channel; recipient: string; held: boolean }[] {
    const emails = [...new Set([...settings.emails.map((e) => e.toLowerCase()), ...(owner ? [owner] : [])])];
    return [
      ...emails.map((recipient) => ({ channel: 'email' as const, recipient, held: settings.digest === 'weekly' })),
      ...(settings.webhookUrl ? [{ channel: 'webhook' as const, recipient: settings.webhookUrl, held: false }] : []),
    ];
  }

  private async deliver(council: string, settings: AlertSettings, today: CalendarDate, contracts: Map<number, AlertContract>, summary: CouncilAlertSummary): Promise<void> {
    // A weekly digest goes on Mondays; other days its e-mails wait ("held").
    const digestDay = settings.digest === 'weekly' && weekday(today) === 1;
    const staleBefore = new Date(this.now().getTime() - this.options.claimLeaseMs).toISOString();
    const deliveries = await this.alerts.deliverable(council, digestDay, staleBefore);
    if (deliveries.length === 0) return;
    const alerts = new Map((await this.alerts.byIds([...new Set(deliveries.map((d) => d.alertId))])).map((a) => [a.id, a]));
    const councilName = (await this.councils.directory()).get(council)?.name ?? council;
    const related = await this.relatedOpportunities(council);
    const render = (a: AlertRow): RenderedAlert | null => {
      const c = contracts.get(a.contractId);
      if (!c) return null;
      return renderAlert({
        alertId: String(a.id), stage: a.stage, dueDate: a.dueDate, targetDate: a.targetDate, councilCode: council, councilName, contract: c,
        stages: settings.stages, noticeMonths: settings.noticeMonths, related: related.get(c.id) ?? [], links: this.links(a), today,
      });
    };
    const digest = new Map<string, DeliveryRow[]>();
    for (const d of deliveries) {
      const a = alerts.get(d.alertId);
      if (!a) continue;
      if (digestDay && d.channel === 'email' && d.status === 'held') {
        digest.set(d.recipient, [...(digest.get(d.recipient) ?? []), d]);
        continue;
      }
      if (!(await this.alerts.claim(d.id, this.now().toISOString(), staleBefore))) continue;
      const rendered = render(a);
      if (!rendered) {
        await this.record(d, new Error('the contract is no longer current'), summary);
        continue;
      }
      const messageId = `<alert-${a.id}-r${a.round}-d${d.id}@${this.host()}>`;
      try {
        if (d.channel === 'email') await this.email.send({ to: d.recipient, subject: rendered.subject, text: rendered.text, html: rendered.html, messageId });
        else await this.webhook.post(d.recipient, settings.webhookSecret ?? '', String(d.id), this.payload(a, d, council, councilName, contracts.get(a.contractId)!, rendered, related), this.now());
        await this.alerts.markDelivered(d.id, messageId, this.now().toISOString());
        summary.sent++;
      } catch (e) {
        await this.record(d, e as Error, summary);
      }
    }
    for (const [recipient, list] of digest) {
      const claimed: DeliveryRow[] = [];
      for (const d of list) if (await this.alerts.claim(d.id, this.now().toISOString(), staleBefore)) claimed.push(d);
      const parts = claimed.map((d) => render(alerts.get(d.alertId)!)).filter((r): r is RenderedAlert => r !== null);
      if (claimed.length === 0 || parts.length === 0) continue;
      const message = renderDigest(councilName, today, parts);
      const messageId = `<digest-${today}-d${claimed[0].id}-n${claimed.length}@${this.host()}>`;
      try {
        await this.email.send({ to: recipient, subject: message.subject, text: message.text, html: message.html, messageId });
        for (const d of claimed) await this.alerts.markDelivered(d.id, messageId, this.now().toISOString());
        summary.sent += claimed.length;
      } catch (e) {
        for (const d of claimed) await this.record(d, e as Error, summary);
      }
    }
  }

  private async record(d: DeliveryRow, e: Error, summary: CouncilAlertSummary): Promise<void> {
    const outcome = await this.alerts.markAttemptFailed(d.id, e.message, this.options.maxAttempts);
    if (outcome === 'failed') summary.failed++;
    else summary.retrying++;
    this.log.warn({ msg: 'alert delivery failed', deliveryId: d.id, channel: d.channel, attempt: d.attempts + 1, outcome, err: e.message });
  }

  private host(): string {
    try {
      return new URL(this.options.publicUrl).hostname || 'localhost';
    } catch {
      return 'localhost';
    }
  }

  links(a: Pick<AlertRow, 'id' | 'contractId' | 'actionToken'>) {
    const base = this.options.publicUrl;
    return {
      contract: `${base}/api/contracts/${a.contractId}`,
      snooze: `${base}/api/alerts/${a.id}/snooze?token=${a.actionToken}`,
      inHand: `${base}/api/alerts/${a.id}/in-hand?token=${a.actionToken}`,
      opportunity: (id: string) => `${base}/api/opportunities/${id}`,
    };
  }

  /** Current collaborative opportunities the council's contracts belong to, by contract id. */
  private async relatedOpportunities(council: string): Promise<Map<number, RelatedOpportunity[]>> {
    const directory = await this.councils.directory();
    const out = new Map<number, RelatedOpportunity[]>();
    for (const o of await this.opportunities.list(oneCouncil(council), { kind: 'collaborative' })) {
      const d = o.detail as CollaborativeOpportunity;
      const related: RelatedOpportunity = {
        id: o.id, label: d.label, otherCouncils: d.councils.filter((c) => c !== council).map((c) => directory.get(c)?.shortName ?? c),
        windowFrom: d.windowFrom, windowTo: d.windowTo, basis: d.basis,
      };
      for (const step of d.plan) if (step.council === council) out.set(step.contractId, [...(out.get(step.contractId) ?? []), related]);
    }
    return out;
  }

  private payload(a: AlertRow, d: DeliveryRow, council: string, councilName: string, c: AlertContract, r: RenderedAlert, related: Map<number, RelatedOpportunity[]>) {
    const links = this.links(a);
    return {
      event: 'renewal-alert', deliveryId: d.id, alertId: a.id, stage: a.stage, dueDate: a.dueDate, targetDate: a.targetDate, datesVersion: a.datesVersion,
      council: { code: council, name: councilName },
      subject: r.subject, headline: r.headline, reasons: r.reasons,
      contract: {
        id: c.id, reference: c.reference, title: c.title, supplier: c.supplier, annualValue: c.annualValue, currentEndDate: c.currentEndDate, maxEndDate: c.maxEndDate,
        optionsRemaining: c.optionsRemaining, noticeDate: c.noticeDate, decisionDate: c.decisionDate, leadMonths: c.leadMonths,
      },
      opportunities: (related.get(c.id) ?? []).map((o) => ({ ...o, url: links.opportunity(o.id) })),
      links: { contract: links.contract, snooze: links.snooze, inHand: links.inHand },
    };
  }
}
