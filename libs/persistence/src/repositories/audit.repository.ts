import { DataSource } from 'typeorm';
import { CouncilScope } from '../council-scope';
import { decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export interface AuditEntry {
  at: string;
  /** Who: a user's e-mail, an API token's name, or "the command line". */
  actor: string;
  /** The token id or `user:<id>` (null for the command line). */
  actorId: string | null;
  role: string | null;
  /** The council the change concerns, where it concerns one. */
  council: string | null;
  /** What was done, in words ("upload", "suppliers merged"…). */
  action: string;
  /** What it was done to (an import, a contract, a supplier, a user…). */
  target: string | null;
  /** The request's particulars (secrets removed) and, where known, the values before and after. */
  detail: Record<string, unknown> | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The append-only audit log: rows are added, read a page at a time newest first, and never changed (the database refuses). */
export class AuditRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async record(e: AuditEntry): Promise<void> {
    const detail = e.detail ? boundedDetail(e.detail) : null;
    await this.gate.run(() => this.dataSource.query(
      placeholders(this.dialect, 'INSERT INTO audit_log (at, actor, actor_id, role, council_code, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      [e.at, e.actor.slice(0, 200), e.actorId, e.role, e.council, e.action.slice(0, 80), e.target?.slice(0, 200) ?? null, detail],
    ));
  }

  /** Newest first, `limit` at a time after `cursor`; a council's scope sees the changes that concern it. */
  async page(scope: CouncilScope, filters: AuditFilters, limit: number, cursor?: string): Promise<KeysetPage<AuditRecord>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope.kind === 'council') {
      where.push('council_code = ?');
      params.push(scope.code);
    }
    if (filters.actor) {
      where.push('LOWER(actor) LIKE ?');
      params.push(`%${filters.actor.toLowerCase().replace(/[%_]/g, '')}%`);
    }
    if (filters.action) {
      where.push('LOWER(action) LIKE ?');
      params.push(`%${filters.action.toLowerCase().replace(/[%_]/g, '')}%`);
    }
    if (filters.from) {
      where.push('at >= ?');
      params.push(filters.from);
    }
    if (filters.to) {
      where.push('at < ?');
      params.push(`${filters.to}T99`);
    }
    const [count] = (await this.dataSource.query(placeholders(this.dialect, `SELECT COUNT(*) AS n FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`), params)) as { n: number | string }[];
    if (cursor) {
      const at = decodeCursor(cursor, 'audit', 1);
      where.push('(at < ? OR (at = ? AND id < ?))');
      params.push(at.keys[0], at.keys[0], at.id);
    }
    const rows = (await this.dataSource.query(placeholders(this.dialect,
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ${Math.floor(limit) + 1}`), params)) as Record<string, unknown>[];
    const items = rows.slice(0, limit).map((r) => ({
      id: Number(r.id), at: String(r.at), actor: String(r.actor), actorId: (r.actor_id as string) ?? null, role: (r.role as string) ?? null,
      council: (r.council_code as string) ?? null, action: String(r.action), target: (r.target as string) ?? null,
      detail: r.detail ? (JSON.parse(String(r.detail)) as Record<string, unknown>) : null,
    }));
    const last = items[items.length - 1];
    return { items, total: Number(count.n), next: rows.length > limit && last ? encodeCursor({ sort: 'audit', keys: [last.at], id: last.id }) : null };
  }
}

const MAX_DETAIL_CHARS = 8_000;

/**
 * The detail as JSON of at most 8,000 characters that still parses: what was asked goes first,
 * then the before and after, each replaced by a note saying so, rather than cutting the text.
 */
function boundedDetail(detail: Record<string, unknown>): string {
  let json = JSON.stringify(detail);
  for (const key of ['asked', 'before', 'after']) {
    if (json.length <= MAX_DETAIL_CHARS) break;
    if (key in detail) {
      detail = { ...detail, [key]: '(too long to keep)' };
      json = JSON.stringify(detail);
    }
  }
  return json.length <= MAX_DETAIL_CHARS ? json : JSON.stringify({ route: detail.route ?? null, note: '(too long to keep)' });
}
