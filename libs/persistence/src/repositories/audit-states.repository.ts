import { DataSource } from 'typeorm';
import { Dialect, placeholders } from '../sql-dialect';

type Row = Record<string, unknown>;

/**
 * What the audit log records as "before" and "after" for a change: the part of the register a
 * change touches, read just before and just after it, secrets (hashes, webhook secrets, feed
 * tokens) never included. Reads only; each is one small indexed query.
 */
export class AuditStatesRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  private async rows(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.dataSource.query(placeholders(this.dialect, sql), params)) as Row[];
  }

  private async one(sql: string, params: unknown[]): Promise<Row | null> {
    return (await this.rows(sql, params))[0] ?? null;
  }

  /** A contract's classification: its product and service category. */
  contractClassification(id: number): Promise<Row | null> {
    return this.one('SELECT reference, product, service_category AS "serviceCategory" FROM contracts WHERE id = ?', [id]);
  }

  /** An opportunity's triage: its status, the reason given and until when it is snoozed. */
  opportunityTriage(id: string): Promise<Row | null> {
    return this.one('SELECT status, status_reason AS reason, snoozed_until AS "snoozedUntil" FROM opportunities WHERE id = ?', [id]);
  }

  /** A council's alert settings (the webhook secret and calendar token left out). */
  async alertSettings(council: string): Promise<Row | null> {
    const row = await this.one('SELECT emails, stages, notice_months AS "noticeMonths", digest, webhook_url AS "webhookUrl" FROM alert_settings WHERE council_code = ?', [council]);
    return row && { ...row, emails: parsed(row.emails), stages: String(row.stages ?? '').split(',').filter(Boolean).map(Number) };
  }

  /** An alert's state: its status, until when it is snoozed, and the note left with it. */
  alert(id: number): Promise<Row | null> {
    return this.one('SELECT council_code AS council, status, snoozed_until AS "snoozedUntil", note FROM alerts WHERE id = ?', [id]);
  }

  /** A council's saved column mapping. */
  async columnMapping(council: string): Promise<Row | null> {
    const row = await this.one('SELECT mapping FROM column_mappings WHERE council_code = ?', [council]);
    return row && { mapping: parsed(row.mapping) };
  }

  /** The council an import belongs to. */
  async importCouncil(id: string): Promise<string | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const row = await this.one('SELECT council_code FROM imports WHERE id = ?', [id]);
    return row ? String(row.council_code) : null;
  }

  /** A council's current register in one figure: how many contracts it holds. */
  async currentRegister(council: string): Promise<Row> {
    const row = await this.one('SELECT COUNT(*) AS n FROM contracts WHERE council_code = ? AND is_current = ?', [council, this.dialect === 'postgres' ? true : 1]);
    return { currentContracts: Number(row?.n ?? 0) };
  }

  /** The names (as registers write them) that belong to these suppliers, at most `limit`. */
  async supplierNames(ids: number[], limit = 20): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.rows(`SELECT name FROM supplier_variants WHERE supplier_id IN (${ids.map(() => '?').join(', ')}) ORDER BY name LIMIT ${limit}`, ids);
    return rows.map((r) => String(r.name));
  }

  /** Which supplier each of these names belongs to now: its id, its name and its group. */
  async suppliersOf(names: string[]): Promise<Row[]> {
    if (!names.length) return [];
    const rows = await this.rows(
      `SELECT v.name AS "asWritten", s.id, s.name, s.group_label AS "group" FROM supplier_variants v LEFT JOIN suppliers s ON s.id = v.supplier_id
       WHERE v.name IN (${names.map(() => '?').join(', ')}) ORDER BY v.name`, names);
    return rows.map((r) => ({ ...r, id: r.id === null ? null : Number(r.id) }));
  }

  /** One supplier's name and group. */
  supplier(id: number): Promise<Row | null> {
    return this.one('SELECT name, name_source AS "nameSource", group_label AS "group" FROM suppliers WHERE id = ?', [id]);
  }

  /** A user's e-mail, role and council (never the password or invitation hash). */
  user(by: { id?: number; email?: string }): Promise<Row | null> {
    return by.id !== undefined
      ? this.one('SELECT email, role, council_code AS council FROM users WHERE id = ?', [by.id])
      : this.one('SELECT email, role, council_code AS council FROM users WHERE email = ?', [by.email ?? '']);
  }

  /** An API token's name, role, council, expiry and whether it is revoked (never its hash). */
  token(id: string): Promise<Row | null> {
    return this.one('SELECT name, role, council_code AS council, expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM api_tokens WHERE id = ?', [id]);
  }

  /** One entry of a council's asset register, by its system's name. */
  asset(council: string, system: string): Promise<Row | null> {
    return this.one('SELECT system, product, supplier, service_area AS "serviceArea", hosting, end_of_support AS "endOfSupport", notes FROM assets WHERE council_code = ? AND system = ?', [council, system]);
  }

  /** How many entries a council's asset register has. */
  async assetCount(council: string): Promise<Row> {
    const row = await this.one('SELECT COUNT(*) AS n FROM assets WHERE council_code = ?', [council]);
    return { assets: Number(row?.n ?? 0) };
  }
}

function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
