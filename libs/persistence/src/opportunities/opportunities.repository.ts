import { DataSource } from 'typeorm';
import { CategoryLandscape, CollaborativeOpportunity, PlanStep, PlatformCommunity } from '@app/opportunities';
import { CouncilScope } from '../council-scope';
import { chunks, Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';
import { CursorError, decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { boundedFields, BoundedFields, OpportunitySummary } from './opportunity-summary';

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

/** A current finding that holds a contract, and the contract's step of its plan (collaborative findings). */
export interface ContractFinding {
  id: string;
  kind: Finding['kind'];
  label: string;
  score: number | null;
  annualValue: number | null;
  earliestDecisionDate: string | null;
  status: TriageStatus;
  step: PlanStep | null;
}

type Row = Record<string, unknown>;

/** Filters of the opportunities list; dates YYYY-MM-DD. */
export interface OpportunityFilters {
  kind?: Finding['kind'];
  status?: TriageStatus;
  product?: string;
  category?: string;
  /** Part of the supplier group's name. */
  supplier?: string;
  decisionFrom?: string;
  decisionTo?: string;
  minValue?: number;
  includeStale?: boolean;
}

/** A list item: the fields of `opportunitySummary`, with plan, contracts and why bounded and their totals said. */
export type OpportunityListItem = Omit<OpportunitySummary, 'plan' | 'contracts'> & {
  plan: OpportunitySummary['plan'];
  contracts: OpportunitySummary['contracts'];
  contractsTotal: number;
  planTotal: number;
  /** Lines of `why` in the finding (the item carries the first 20). */
  whyTotal: number;
  /** True when plan, contracts, why or a line of why is cut short here (GET /api/opportunities/:id has them whole). */
  truncated: boolean;
};

// Summary in place of body: a page of fifty reads kilobytes, not the megabytes of fifty plans.
const LIST_COLUMNS = 'o.id, o.kind, o.label, o.councils, o.score, o.annual_value, o.earliest_decision, o.is_current, o.status, o.status_reason, o.status_by, o.status_at, o.snoozed_until, o.first_seen_at, o.last_seen_at, o.summary, CASE WHEN o.summary IS NULL THEN o.body END AS body';

/** Where the next page starts: after this item in the order score (highest first), then id. */
export function opportunityCursor(item: { id: string; score: number | null }): string {
  return encodeCursor({ sort: 'score', keys: [item.score ?? -1], id: item.id });
}

const isOpportunityId = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f]{16}$/.test(id);

function decodeOpportunityCursor(text: string): { rank: number; id: string } {
  const at = decodeCursor(text, 'score', 1, isOpportunityId);
  if (typeof at.keys[0] !== 'number') throw new CursorError('cursor: not a cursor this register gave (it may have been cut short)');
  return { rank: at.keys[0], id: at.id };
}

export class OpportunitiesRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
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

  /**
   * One page of the opportunities the scope may see, strongest first (score, then id), filtered
   * and counted in the database; each item carries the bounded summary stored with it (no body is
   * read). `cursor` is the `next` of the page before.
   */
  async page(scope: CouncilScope, filters: OpportunityFilters, limit: number, cursor?: string): Promise<KeysetPage<OpportunityListItem>> {
    const { where, params } = this.conditions(scope, filters);
    const [{ n }] = (await this.dataSource.query(placeholders(this.dialect, `SELECT COUNT(*) AS n FROM opportunities o WHERE ${where.join(' AND ')}`), params)) as { n: number | string }[];
    const rows = await this.rowsAfter(where, params, limit + 1, cursor ? decodeOpportunityCursor(cursor) : null);
    const items = rows.slice(0, limit).map((r) => this.listItem(r));
    return { items, total: Number(n), next: rows.length > limit ? opportunityCursor(items[items.length - 1]) : null };
  }

  /**
   * Every opportunity the scope may see that matches, strongest first as `page` gives them, read
   * `pageSize` at a time by keyset (exports): one page in memory, no count; stops reading when the
   * caller stops asking.
   */
  async *inOrder(scope: CouncilScope, filters: OpportunityFilters, pageSize: number): AsyncGenerator<OpportunityListItem[]> {
    const { where, params } = this.conditions(scope, filters);
    let after: { rank: number; id: string } | null = null;
    for (;;) {
      const items = (await this.rowsAfter(where, params, pageSize, after)).map((r) => this.listItem(r));
      if (items.length > 0) yield items;
      if (items.length < pageSize) return;
      after = decodeOpportunityCursor(opportunityCursor(items[items.length - 1]));
    }
  }

  /** Rows in list order (rank, then id) after the row at `after`. */
  private async rowsAfter(where: string[], params: unknown[], limit: number, after: { rank: number; id: string } | null): Promise<Row[]> {
    const keyset = after ? ['(o.rank_score < ? OR (o.rank_score = ? AND o.id > ?))'] : [];
    return (await this.dataSource.query(
      placeholders(this.dialect, `SELECT ${LIST_COLUMNS} FROM opportunities o WHERE ${[...where, ...keyset].join(' AND ')} ORDER BY o.rank_score DESC, o.id ASC LIMIT ${limit}`),
      [...params, ...(after ? [after.rank, after.rank, after.id] : [])],
    )) as Row[];
  }

  /** Current collaborative opportunities (the dashboard's count), without reading any. */
  async countCurrent(kind: Finding['kind']): Promise<number> {
    const [{ n }] = (await this.dataSource.query(placeholders(this.dialect, 'SELECT COUNT(*) AS n FROM opportunities WHERE kind = ? AND is_current = ?'), [kind, 1])) as { n: number | string }[];
    return Number(n);
  }

  private conditions(scope: CouncilScope, f: OpportunityFilters): { where: string[]; params: unknown[] } {
    const c: [string, ...unknown[]][] = [];
    if (!f.includeStale) c.push(['o.is_current = ?', 1]);
    if (f.kind) c.push(['o.kind = ?', f.kind]);
    if (f.status) c.push(['o.status = ?', f.status]);
    if (f.product) c.push(['o.product = ?', f.product]);
    if (f.category) c.push(['o.category = ?', f.category]);
    // Part of the supplier group's name, as written anywhere in it, whatever the case.
    if (f.supplier) c.push(["LOWER(o.supplier) LIKE ? ESCAPE '\\'", `%${f.supplier.toLowerCase().replace(/[\\%_]/g, (x) => `\\${x}`)}%`]);
    if (f.decisionFrom) c.push(['o.earliest_decision >= ?', f.decisionFrom]);
    if (f.decisionTo) c.push(['o.earliest_decision <= ?', f.decisionTo]);
    if (f.minValue !== undefined) c.push(['o.annual_value >= ?', f.minValue]);
    if (scope.kind === 'council') c.push(['EXISTS (SELECT 1 FROM opportunity_councils oc WHERE oc.opportunity_id = o.id AND oc.council_code = ?)', scope.code]);
    if (c.length === 0) c.push(['1 = 1']);
    return { where: c.map(([sql]) => sql), params: c.flatMap(([, ...values]) => values) };
  }

  private listItem(r: Row): OpportunityListItem {
    const bounded = r.summary ? (JSON.parse(r.summary as string) as BoundedFields) : boundedFields(JSON.parse(r.body as string) as Finding);
    return {
      id: r.id as string, kind: r.kind as Finding['kind'], label: r.label as string, product: bounded.product, supplier: bounded.supplier, category: bounded.category,
      councils: JSON.parse(r.councils as string) as string[], contracts: bounded.contracts, windowStart: bounded.windowStart, windowEnd: bounded.windowEnd,
      annualValue: r.annual_value === null ? null : Number(r.annual_value), earliestDecisionDate: (r.earliest_decision as string) ?? null,
      score: r.score === null ? null : Number(r.score), plan: bounded.plan, why: bounded.why,
      status: r.status as TriageStatus, statusReason: (r.status_reason as string) ?? null, statusBy: (r.status_by as string) ?? null, statusAt: (r.status_at as string) ?? null,
      snoozedUntil: (r.snoozed_until as string) ?? null, current: Boolean(Number(r.is_current) || r.is_current === true),
      firstSeenAt: r.first_seen_at as string, lastSeenAt: r.last_seen_at as string,
      contractsTotal: bounded.contractsTotal, planTotal: bounded.planTotal, whyTotal: bounded.whyTotal ?? bounded.why.length, truncated: bounded.truncated,
    };
  }

  async findById(scope: CouncilScope, id: string): Promise<OpportunityView | null> {
    const rows = (await this.dataSource.query(placeholders(this.dialect, 'SELECT * FROM opportunities WHERE id = ?'), [id])) as Row[];
    const o = rows[0] ? this.view(rows[0]) : null;
    if (!o || (scope.kind === 'council' && !o.councils.includes(scope.code))) return null;
    return o;
  }

  /** Opportunities in full (with their bodies), in the order of `ids`, leaving out those the scope may not see. */
  async findManyById(scope: CouncilScope, ids: string[]): Promise<OpportunityView[]> {
    const found = new Map<string, OpportunityView>();
    for (const some of chunks(ids, 200)) {
      const rows = (await this.dataSource.query(placeholders(this.dialect, `SELECT * FROM opportunities WHERE id IN (${some.map(() => '?').join(', ')})`), some)) as Row[];
      for (const r of rows) found.set(r.id as string, this.view(r));
    }
    return ids.map((id) => found.get(id)).filter((o): o is OpportunityView => o !== undefined && (scope.kind === 'all' || o.councils.includes(scope.code)));
  }

  /**
   * The current findings a contract is in, strongest first: collaborative ones whose plan holds it
   * (with its step of the plan), the common platform of its product and the landscape of its
   * category, where its council takes part. Candidates are the council's findings (an index
   * lookup); a collaborative body is searched in the database and parsed only when it names the contract.
   */
  async forContract(c: { id: number; council: string; product: string | null; categoryKey: string | null }): Promise<ContractFinding[]> {
    const id = Math.floor(c.id);
    const rows = (await this.dataSource.query(placeholders(this.dialect,
      `SELECT o.id, o.kind, o.label, o.score, o.annual_value, o.earliest_decision, o.status, o.product, o.category,
              CASE WHEN o.kind = 'collaborative' AND (o.body LIKE ? OR o.body LIKE ?) THEN o.body END AS body
         FROM opportunities o JOIN opportunity_councils oc ON oc.opportunity_id = o.id
        WHERE oc.council_code = ? AND o.is_current = ?
          AND ((o.kind = 'collaborative' AND (o.body LIKE ? OR o.body LIKE ?)) OR (o.kind = 'common-platform' AND o.product = ?) OR (o.kind = 'fragmentation' AND o.category = ?))
        ORDER BY o.rank_score DESC, o.id`),
    [`%"contractId":${id},%`, `%"contractId":${id}}%`, c.council, 1, `%"contractId":${id},%`, `%"contractId":${id}}%`, c.product ?? '', c.categoryKey ?? ''])) as Row[];
    const out: ContractFinding[] = [];
    for (const r of rows) {
      let step: PlanStep | null = null;
      if (r.kind === 'collaborative') {
        const body = JSON.parse(String(r.body)) as CollaborativeOpportunity;
        step = body.plan.find((p) => p.contractId === id) ?? null;
        // The text matched, the plan does not hold it (a reference that spells the pattern): not a member.
        if (!step) continue;
      }
      out.push({
        id: r.id as string, kind: r.kind as Finding['kind'], label: r.label as string, score: r.score === null ? null : Number(r.score),
        annualValue: r.annual_value === null ? null : Number(r.annual_value), earliestDecisionDate: (r.earliest_decision as string) ?? null,
        status: r.status as TriageStatus, step,
      });
    }
    return out;
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
