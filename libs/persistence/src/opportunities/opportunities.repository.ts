import { DataSource } from 'typeorm';
import { CategoryLandscape, CollaborativeOpportunity, PlatformCommunity } from '@app/opportunities';
import { CouncilScope } from '../council-scope';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';

export type Finding = CollaborativeOpportunity | PlatformCommunity | CategoryLandscape;
export type TriageStatus = 'open' | 'accepted' | 'rejected' | 'snoozed';

export interface OpportunityView {
  id: string;
  kind: Finding['kind'];
  label: string;
  councils: string[];
  score: number | null;
  annualValue: number | null;
  earliestDecisionDate: string | null;
  /** False when the latest analysis no longer finds it (kept, with its triage). */
  current: boolean;
  status: TriageStatus;
  statusReason: string | null;
  statusBy: string | null;
  statusAt: string | null;
  snoozedUntil: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  detail: Finding;
}

type Row = Record<string, unknown>;

function labelOf(f: Finding): string {
  if (f.kind === 'collaborative') return f.label;
  if (f.kind === 'common-platform') return `Common platform: ${f.product}`;
  return `Category landscape: ${f.category}`;
}

export class OpportunitiesRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Stores a run's findings: known ids keep their triage, new ones open, missing ones stop being current. */
  async replaceFindings(findings: Finding[], run: { trigger: string; today: string; startedAt: string; finishedAt: string; contracts: number }): Promise<void> {
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      await q('UPDATE opportunities SET is_current = ?', [0]);
      for (const f of findings) {
        const earliest = f.kind === 'collaborative' ? f.earliestDecisionDate : null;
        const score = f.kind === 'collaborative' ? f.score : null;
        const value = f.kind === 'collaborative' || f.kind === 'common-platform' ? f.annualValue : null;
        await q(
          `INSERT INTO opportunities (id, kind, label, councils, body, score, annual_value, earliest_decision, is_current, status, first_seen_at, last_seen_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
           ON CONFLICT (id) DO UPDATE SET label = excluded.label, councils = excluded.councils, body = excluded.body, score = excluded.score,
             annual_value = excluded.annual_value, earliest_decision = excluded.earliest_decision, is_current = excluded.is_current, last_seen_at = excluded.last_seen_at`,
          [f.id, f.kind, labelOf(f), JSON.stringify(f.councils), JSON.stringify(f), score, value, earliest, 1, run.finishedAt, run.finishedAt],
        );
      }
      await q('INSERT INTO analysis_runs (trigger, today, started_at, finished_at, contracts, opportunities) VALUES (?, ?, ?, ?, ?, ?)',
        [run.trigger, run.today, run.startedAt, run.finishedAt, run.contracts, findings.length]);
    }));
  }

  private view(r: Row): OpportunityView {
    return {
      id: r.id as string, kind: r.kind as Finding['kind'], label: r.label as string, councils: JSON.parse(r.councils as string) as string[],
      score: r.score === null ? null : Number(r.score), annualValue: r.annual_value === null ? null : Number(r.annual_value),
      earliestDecisionDate: (r.earliest_decision as string) ?? null, current: Boolean(Number(r.is_current) || r.is_current === true),
      status: r.status as TriageStatus, statusReason: (r.status_reason as string) ?? null, statusBy: (r.status_by as string) ?? null, statusAt: (r.status_at as string) ?? null,
      snoozedUntil: (r.snoozed_until as string) ?? null, firstSeenAt: r.first_seen_at as string, lastSeenAt: r.last_seen_at as string,
      detail: JSON.parse(r.body as string) as Finding,
    };
  }

  /** Opportunities the scope may see: a council sees those it takes part in. */
  async list(scope: CouncilScope, filters: { kind?: Finding['kind']; includeStale?: boolean; status?: TriageStatus } = {}): Promise<OpportunityView[]> {
    const conditions: [string, unknown][] = [];
    if (!filters.includeStale) conditions.push(['is_current = ?', 1]);
    if (filters.kind) conditions.push(['kind = ?', filters.kind]);
    if (filters.status) conditions.push(['status = ?', filters.status]);
    const where = conditions.map(([sql]) => sql);
    const params = conditions.map(([, value]) => value);
    const rows = (await this.dataSource.query(
      placeholders(this.dialect, `SELECT * FROM opportunities ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY score DESC, id`), params,
    )) as Row[];
    const all = rows.map((r) => this.view(r));
    return scope.kind === 'council' ? all.filter((o) => o.councils.includes(scope.code)) : all;
  }

  async findById(scope: CouncilScope, id: string): Promise<OpportunityView | null> {
    const rows = (await this.dataSource.query(placeholders(this.dialect, 'SELECT * FROM opportunities WHERE id = ?'), [id])) as Row[];
    const o = rows[0] ? this.view(rows[0]) : null;
    if (!o || (scope.kind === 'council' && !o.councils.includes(scope.code))) return null;
    return o;
  }

  async triage(id: string, status: TriageStatus, reason: string, by: string, at: string, snoozedUntil: string | null): Promise<void> {
    await this.gate.run(() => this.dataSource.query(
      placeholders(this.dialect, 'UPDATE opportunities SET status = ?, status_reason = ?, status_by = ?, status_at = ?, snoozed_until = ? WHERE id = ?'),
      [status, reason, by, at, status === 'snoozed' ? snoozedUntil : null, id],
    ));
  }

  async lastRun(): Promise<Row | null> {
    const rows = (await this.dataSource.query('SELECT * FROM analysis_runs ORDER BY id DESC LIMIT 1')) as Row[];
    return rows[0] ?? null;
  }
}
