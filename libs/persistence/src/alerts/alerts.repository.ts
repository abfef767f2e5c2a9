import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_NOTICE_MONTHS, DEFAULT_STAGES, PlannedAlert, Stage } from '@app/alerts';
import { CouncilScope } from '../council-scope';
import { afterCondition, decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export type AlertStatus = 'scheduled' | 'pending' | 'sent' | 'failed' | 'snoozed' | 'in-hand' | 'withdrawn' | 'skipped';
export type DeliveryStatus = 'pending' | 'held' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type Channel = 'email' | 'webhook';

export interface AlertSettings {
  councilCode: string;
  emails: string[];
  stages: number[];
  noticeMonths: number | null;
  digest: 'immediate' | 'weekly';
  webhookUrl: string | null;
  webhookSecret: string | null;
  calendarToken: string;
  updatedAt: string | null;
  updatedBy: string | null;
  /** False until someone saves settings for the council (the defaults apply). */
  saved: boolean;
}

export interface AlertRow {
  id: number;
  councilCode: string;
  contractKey: string;
  contractId: number;
  stage: Stage;
  datesVersion: string;
  dueDate: string;
  targetDate: string;
  expiresAfter: string;
  status: AlertStatus;
  round: number;
  snoozedUntil: string | null;
  actionToken: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface DeliveryRow {
  id: number;
  alertId: number;
  councilCode: string;
  channel: Channel;
  recipient: string;
  round: number;
  status: DeliveryStatus;
  attempts: number;
  claimedAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  messageId: string | null;
}

type Row = Record<string, unknown>;
const WAITING: AlertStatus[] = ['scheduled', 'pending', 'snoozed'];

const token = () => randomBytes(24).toString('hex');

function alertOf(r: Row): AlertRow {
  return {
    id: Number(r.id), councilCode: r.council_code as string, contractKey: r.contract_key as string, contractId: Number(r.contract_id), stage: r.stage as Stage,
    datesVersion: r.dates_version as string, dueDate: r.due_date as string, targetDate: r.target_date as string, expiresAfter: r.expires_after as string,
    status: r.status as AlertStatus, round: Number(r.round), snoozedUntil: (r.snoozed_until as string) ?? null, actionToken: r.action_token as string,
    note: (r.note as string) ?? null, createdAt: r.created_at as string, updatedAt: r.updated_at as string, sentAt: (r.sent_at as string) ?? null,
  };
}

function deliveryOf(r: Row): DeliveryRow {
  return {
    id: Number(r.id), alertId: Number(r.alert_id), councilCode: r.council_code as string, channel: r.channel as Channel, recipient: r.recipient as string,
    round: Number(r.round), status: r.status as DeliveryStatus, attempts: Number(r.attempts), claimedAt: (r.claimed_at as string) ?? null,
    lastError: (r.last_error as string) ?? null, sentAt: (r.sent_at as string) ?? null, messageId: (r.message_id as string) ?? null,
  };
}

/** Alert settings, alerts, their deliveries and acknowledgements; every read names its council or scope. */
export class AlertsRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  private q(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.dataSource.query(placeholders(this.dialect, sql), params) as Promise<Row[]>;
  }

  /** Rows an UPDATE … RETURNING gave back, however the driver reports them. */
  private async returning(sql: string, params: unknown[]): Promise<Row[]> {
    const r = (await this.gate.run(() => this.q(sql, params))) as unknown;
    if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as Row[];
    return Array.isArray(r) ? (r as Row[]) : [];
  }

  // ---- settings ----

  async settings(councilCode: string): Promise<AlertSettings> {
    const [r] = await this.q('SELECT * FROM alert_settings WHERE council_code = ?', [councilCode]);
    if (!r) {
      // A calendar token is made (and kept) the first time anyone asks, so the feed URL is stable.
      const calendarToken = token();
      await this.gate.run(() => this.q(
        `INSERT INTO alert_settings (council_code, emails, stages, notice_months, digest, calendar_token, updated_at) VALUES (?, '[]', ?, ?, 'immediate', ?, '')
         ON CONFLICT (council_code) DO NOTHING`,
        [councilCode, DEFAULT_STAGES.join(','), DEFAULT_NOTICE_MONTHS, calendarToken],
      ));
      return this.settings(councilCode);
    }
    return {
      councilCode, emails: JSON.parse(r.emails as string) as string[], stages: String(r.stages).split(',').map(Number),
      noticeMonths: r.notice_months === null ? null : Number(r.notice_months), digest: r.digest as AlertSettings['digest'],
      webhookUrl: (r.webhook_url as string) ?? null, webhookSecret: (r.webhook_secret as string) ?? null, calendarToken: r.calendar_token as string,
      updatedAt: (r.updated_at as string) || null, updatedBy: (r.updated_by as string) ?? null, saved: Boolean(r.updated_at),
    };
  }

  /** Saves settings; a webhook gets a signing secret the first time one is set. */
  async saveSettings(councilCode: string, s: Pick<AlertSettings, 'emails' | 'stages' | 'noticeMonths' | 'digest' | 'webhookUrl'>, by: string, at: string): Promise<AlertSettings> {
    const current = await this.settings(councilCode);
    const secret = s.webhookUrl ? current.webhookSecret ?? token() : current.webhookSecret;
    await this.gate.run(() => this.q(
      'UPDATE alert_settings SET emails = ?, stages = ?, notice_months = ?, digest = ?, webhook_url = ?, webhook_secret = ?, updated_at = ?, updated_by = ? WHERE council_code = ?',
      [JSON.stringify(s.emails), s.stages.join(','), s.noticeMonths, s.digest, s.webhookUrl, secret, at, by, councilCode],
    ));
    return this.settings(councilCode);
  }

  async councilForCalendarToken(councilCode: string): Promise<string | null> {
    const [r] = await this.q('SELECT calendar_token FROM alert_settings WHERE council_code = ?', [councilCode]);
    return r ? (r.calendar_token as string) : null;
  }

  /** Councils with settings saved (the daily run visits these and every council with contracts). */
  async councilsWithSettings(): Promise<string[]> {
    return (await this.q("SELECT council_code FROM alert_settings WHERE updated_at <> '' ORDER BY council_code")).map((r) => r.council_code as string);
  }

  // ---- alerts ----

  /**
   * Brings the council's alerts in line with the planned ones, in one transaction: new ones are
   * added (an existing (contract, stage, dates version) is left as it is: that is what makes a
   * reminder go once), waiting ones no longer planned (the dates changed, or the contract is no
   * longer current) are withdrawn, acknowledged contracts' waiting alerts become in-hand, and
   * snoozes that have ended return the alert to the schedule in a new round.
   */
  async reconcile(councilCode: string, planned: PlannedAlert[], today: string, now: string): Promise<{ added: number; withdrawn: number; resumed: number }> {
    return this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params) as Promise<Row[]>;
      const existing = new Map<string, Row>();
      for (const r of await q('SELECT id, contract_key, stage, dates_version, status, snoozed_until FROM alerts WHERE council_code = ?', [councilCode])) {
        existing.set(`${r.contract_key as string}\u0000${r.stage as string}\u0000${r.dates_version as string}`, r);
      }
      let added = 0;
      const plannedKeys = new Set<string>();
      for (const p of planned) {
        const key = `${p.contractKey}\u0000${p.stage}\u0000${p.datesVersion}`;
        plannedKeys.add(key);
        if (existing.has(key)) continue;
        await q(
          `INSERT INTO alerts (council_code, contract_key, contract_id, stage, dates_version, due_date, target_date, expires_after, status, round, action_token, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', 0, ?, ?, ?) ON CONFLICT (council_code, contract_key, stage, dates_version) DO NOTHING`,
          [councilCode, p.contractKey, p.contractId, p.stage, p.datesVersion, p.dueDate, p.targetDate, p.expiresAfter, token(), now, now],
        );
        added++;
      }
      // The contract row may be new (a re-upload) with the same dates: keep the alert, point it at the current row.
      for (const p of planned) {
        await q('UPDATE alerts SET contract_id = ? WHERE council_code = ? AND contract_key = ? AND dates_version = ? AND contract_id <> ?', [p.contractId, councilCode, p.contractKey, p.datesVersion, p.contractId]);
      }
      const withdraw = [...existing.entries()].filter(([key, r]) => !plannedKeys.has(key) && WAITING.includes(r.status as AlertStatus)).map(([, r]) => Number(r.id));
      for (const id of withdraw) {
        await q("UPDATE alerts SET status = 'withdrawn', note = ?, updated_at = ? WHERE id = ?", ['the contract\'s dates changed or it is no longer current', now, id]);
        await q("UPDATE alert_deliveries SET status = 'cancelled' WHERE alert_id = ? AND status IN ('pending', 'held')", [id]);
      }
      await q(
        `UPDATE alerts SET status = 'in-hand', updated_at = ? WHERE council_code = ? AND status IN ('scheduled', 'pending', 'snoozed')
           AND EXISTS (SELECT 1 FROM contract_acknowledgements k WHERE k.council_code = alerts.council_code AND k.contract_key = alerts.contract_key AND k.dates_version = alerts.dates_version)`,
        [now, councilCode],
      );
      await q(
        `UPDATE alert_deliveries SET status = 'cancelled' WHERE council_code = ? AND status IN ('pending', 'held')
           AND alert_id IN (SELECT id FROM alerts WHERE council_code = ? AND status = 'in-hand')`,
        [councilCode, councilCode],
      );
      const resumed = await q("SELECT id FROM alerts WHERE council_code = ? AND status = 'snoozed' AND snoozed_until <= ?", [councilCode, today]);
      for (const r of resumed) await q("UPDATE alerts SET status = 'scheduled', round = round + 1, snoozed_until = NULL, updated_at = ? WHERE id = ?", [now, r.id]);
      return { added, withdrawn: withdraw.length, resumed: resumed.length };
    }));
  }

  async scheduled(councilCode: string): Promise<AlertRow[]> {
    return (await this.q("SELECT * FROM alerts WHERE council_code = ? AND status = 'scheduled' ORDER BY id", [councilCode])).map(alertOf);
  }

  async markSkipped(ids: number[], now: string): Promise<void> {
    for (const id of ids) {
      await this.gate.run(() => this.q("UPDATE alerts SET status = 'skipped', note = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'", ['a later reminder for the same dates was due', now, id]));
    }
  }

  /** Marks an alert due and records who it goes to; the same (alert, channel, recipient, round) is recorded once. */
  async startSending(alert: AlertRow, deliveries: { channel: Channel; recipient: string; held: boolean }[], note: string | null, now: string): Promise<void> {
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      await q("UPDATE alerts SET status = 'pending', note = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'", [note, now, alert.id]);
      for (const d of deliveries) {
        await q(
          `INSERT INTO alert_deliveries (alert_id, council_code, channel, recipient, round, status, attempts) VALUES (?, ?, ?, ?, ?, ?, 0)
           ON CONFLICT (alert_id, channel, recipient, round) DO NOTHING`,
          [alert.id, alert.councilCode, d.channel, d.recipient, alert.round, d.held ? 'held' : 'pending'],
        );
      }
    }));
  }

  /** Alerts due with no delivery recorded yet (no recipients were set when they fell due). */
  async pendingWithoutDeliveries(councilCode: string): Promise<AlertRow[]> {
    return (await this.q(
      `SELECT * FROM alerts a WHERE a.council_code = ? AND a.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.round = a.round) ORDER BY a.id`,
      [councilCode],
    )).map(alertOf);
  }

  async addDeliveries(alert: AlertRow, deliveries: { channel: Channel; recipient: string; held: boolean }[]): Promise<void> {
    for (const d of deliveries) {
      await this.gate.run(() => this.q(
        `INSERT INTO alert_deliveries (alert_id, council_code, channel, recipient, round, status, attempts) VALUES (?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (alert_id, channel, recipient, round) DO NOTHING`,
        [alert.id, alert.councilCode, d.channel, d.recipient, alert.round, d.held ? 'held' : 'pending'],
      ));
    }
    await this.gate.run(() => this.q('UPDATE alerts SET note = NULL WHERE id = ?', [alert.id]));
  }

  /** Deliveries ready to go: pending, held ones when `includeHeld`, and claims older than the lease (a worker died mid-send). */
  async deliverable(councilCode: string, includeHeld: boolean, staleBefore: string): Promise<DeliveryRow[]> {
    return (await this.q(
      `SELECT * FROM alert_deliveries WHERE council_code = ? AND (status = 'pending' ${includeHeld ? "OR status = 'held'" : ''} OR (status = 'sending' AND claimed_at < ?)) ORDER BY id`,
      [councilCode, staleBefore],
    )).map(deliveryOf);
  }

  /**
   * Takes a delivery for this process: true only for the one caller whose conditional update
   * changed the row. Two workers, or a worker and the CLI, cannot both send it.
   */
  async claim(id: number, now: string, staleBefore: string): Promise<boolean> {
    const rows = await this.returning(
      "UPDATE alert_deliveries SET status = 'sending', claimed_at = ? WHERE id = ? AND (status IN ('pending', 'held') OR (status = 'sending' AND claimed_at < ?)) RETURNING id",
      [now, id, staleBefore],
    );
    return rows.length === 1;
  }

  /** Deliveries another process has claimed and not yet recorded (in flight, or its worker died). */
  async countInFlight(councilCode: string): Promise<number> {
    const [r] = await this.q("SELECT COUNT(*) AS n FROM alert_deliveries WHERE council_code = ? AND status = 'sending'", [councilCode]);
    return Number(r?.n ?? 0);
  }

  async markDelivered(id: number, messageId: string, now: string): Promise<void> {
    await this.gate.run(() => this.q("UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, message_id = ?, last_error = NULL WHERE id = ?", [now, messageId, id]));
  }

  /** A failed attempt: back to pending for the next retry, or failed for good after `maxAttempts`. */
  async markAttemptFailed(id: number, error: string, maxAttempts: number): Promise<'retry' | 'failed'> {
    const [r] = await this.q('SELECT attempts FROM alert_deliveries WHERE id = ?', [id]);
    const attempts = Number(r?.attempts ?? 0) + 1;
    const status = attempts >= maxAttempts ? 'failed' : 'pending';
    await this.gate.run(() => this.q('UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, claimed_at = NULL WHERE id = ?', [status, attempts, error.slice(0, 2000), id]));
    return status === 'failed' ? 'failed' : 'retry';
  }

  /** An alert is sent when every delivery of its round is; failed when one has failed for good. */
  async settleAlerts(councilCode: string, now: string): Promise<void> {
    await this.gate.run(() => this.q(
      `UPDATE alerts SET status = 'failed', updated_at = ? WHERE council_code = ? AND status = 'pending'
         AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.round = alerts.round AND d.status = 'failed')`,
      [now, councilCode],
    ));
    await this.gate.run(() => this.q(
      `UPDATE alerts SET status = 'sent', sent_at = ?, updated_at = ? WHERE council_code = ? AND status = 'pending'
         AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.round = alerts.round)
         AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = alerts.id AND d.round = alerts.round AND d.status <> 'sent')`,
      [now, now, councilCode],
    ));
  }

  async byIds(ids: number[]): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return (await this.q(`SELECT * FROM alerts WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)).map(alertOf);
  }

  async find(scope: CouncilScope, id: number): Promise<AlertRow | null> {
    const rows = scope.kind === 'council'
      ? await this.q('SELECT * FROM alerts WHERE id = ? AND council_code = ?', [id, scope.code])
      : await this.q('SELECT * FROM alerts WHERE id = ?', [id]);
    return rows[0] ? alertOf(rows[0]) : null;
  }

  /** For links in e-mails: the alert whose own random token this is. */
  async findByToken(id: number): Promise<AlertRow | null> {
    const [r] = await this.q('SELECT * FROM alerts WHERE id = ?', [id]);
    return r ? alertOf(r) : null;
  }

  /** Every alert the scope may see (the CLI and the council page's history), read a page at a time. */
  async list(scope: CouncilScope, filters: { status?: AlertStatus } = {}): Promise<(AlertRow & { deliveries: DeliveryRow[] })[]> {
    const out: (AlertRow & { deliveries: DeliveryRow[] })[] = [];
    for (let cursor: string | null = null; ;) {
      const page: KeysetPage<AlertRow & { deliveries: DeliveryRow[] }> = await this.page(scope, filters, { limit: 500, cursor }, false);
      out.push(...page.items);
      if (!page.next) return out;
      cursor = page.next;
    }
  }

  /** Alerts by due date (then id), a page at a time after the cursor the last page gave, each with its deliveries. */
  async page(scope: CouncilScope, filters: { status?: AlertStatus }, request: { limit: number; cursor?: string | null }, withTotal = true): Promise<KeysetPage<AlertRow & { deliveries: DeliveryRow[] }>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope.kind === 'council') {
      where.push('council_code = ?');
      params.push(scope.code);
    }
    if (filters.status) {
      where.push('status = ?');
      params.push(filters.status);
    }
    const total = withTotal ? Number((await this.q(`SELECT COUNT(*) AS n FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params))[0].n) : -1;
    if (request.cursor) {
      const at = decodeCursor(request.cursor, 'dueDate', 1);
      where.push(afterCondition(['due_date', 'id'], 'ASC'));
      params.push(at.keys[0], at.id);
    }
    const rows = (await this.q(`SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_date, id LIMIT ?`, [...params, request.limit + 1])).map(alertOf);
    const alerts = rows.slice(0, request.limit);
    const deliveries = new Map<number, DeliveryRow[]>();
    if (alerts.length > 0) {
      const ids = alerts.map((a) => a.id);
      for (const d of (await this.q(`SELECT * FROM alert_deliveries WHERE alert_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids)).map(deliveryOf)) {
        deliveries.set(d.alertId, [...(deliveries.get(d.alertId) ?? []), d]);
      }
    }
    const last = alerts[alerts.length - 1];
    return {
      items: alerts.map((a) => ({ ...a, deliveries: deliveries.get(a.id) ?? [] })), total,
      next: rows.length > request.limit && last ? encodeCursor({ sort: 'dueDate', keys: [last.dueDate], id: last.id }) : null,
    };
  }

  async snooze(id: number, until: string, now: string): Promise<boolean> {
    const rows = await this.returning(
      "UPDATE alerts SET status = 'snoozed', snoozed_until = ?, updated_at = ? WHERE id = ? AND status IN ('scheduled', 'pending', 'sent', 'failed', 'snoozed') RETURNING id",
      [until, now, id],
    );
    await this.gate.run(() => this.q("UPDATE alert_deliveries SET status = 'cancelled' WHERE alert_id = ? AND status IN ('pending', 'held')", [id]));
    return rows.length === 1;
  }

  /** The contract is in hand for these dates: its waiting alerts stop; new dates re-arm them. */
  async acknowledge(councilCode: string, contractKey: string, datesVersion: string, by: string, note: string | null, now: string): Promise<void> {
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      await q(
        `INSERT INTO contract_acknowledgements (council_code, contract_key, dates_version, acknowledged_by, acknowledged_at, note) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (council_code, contract_key, dates_version) DO NOTHING`,
        [councilCode, contractKey, datesVersion, by, now, note],
      );
      await q(
        "UPDATE alerts SET status = 'in-hand', updated_at = ? WHERE council_code = ? AND contract_key = ? AND dates_version = ? AND status IN ('scheduled', 'pending', 'snoozed')",
        [now, councilCode, contractKey, datesVersion],
      );
      await q(
        `UPDATE alert_deliveries SET status = 'cancelled' WHERE status IN ('pending', 'held')
           AND alert_id IN (SELECT id FROM alerts WHERE council_code = ? AND contract_key = ? AND dates_version = ?)`,
        [councilCode, contractKey, datesVersion],
      );
    }));
  }
}
