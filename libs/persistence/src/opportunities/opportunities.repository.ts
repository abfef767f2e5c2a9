import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { CategoryLandscape, CollaborativeOpportunity, PlanStep, PlatformCommunity } from '@app/opportunities';
import { CouncilScope } from '../council-scope';
import { Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';
import { CursorError, decodeCursor, encodeCursor, KeysetPage } from '../paging';
import { copyField } from '../importing/copy-text';
import { InputFingerprints } from './analysis-inputs';
import { boundedFields, BoundedFields, filterColumnsOf, OpportunitySummary } from './opportunity-summary';

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

/** What a run wrote: findings new or changed, found again unchanged, and no longer found. */
export interface StoreCounts {
  written: number;
  unchanged: number;
  retired: number;
}

interface StoredFinding {
  finding: Finding;
  body: string;
  hash: string;
  known: boolean;
}

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

/** Findings a statement writes. */
const WRITE_BATCH = 20;
/** A batch is written early once its bodies pass this many characters: at national density one body is megabytes. */
const WRITE_BATCH_CHARS = 8_000_000;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function labelOf(f: Finding): string {
  if (f.kind === 'collaborative') return f.label;
  if (f.kind === 'common-platform') return `Common platform: ${f.product}`;
  return `Category landscape: ${f.category}`;
}

/** A computed run, as analysis_runs records it. */
export interface AnalysisRunRecord {
  trigger: string;
  today: string;
  startedAt: string;
  finishedAt: string;
  contracts: number;
}

/** What a part of a run left out: below the thresholds, or merged into a stronger finding (kept with the part's staged findings). */
export interface PartTally {
  cut: number;
  merged: number;
}

/** Characters of a long value (a finding's body) escaped and written to COPY at a time. */
const COPY_SLICE = 1 << 20;

/** The staged row that says a part is staged whole (its id is not a finding's: those are 16 hex digits). */
const PART_MARK = 'part';
const partMarkId = (part: number) => `part:${part}`;

/**
 * A part's staged rows (run_token, part, staged_at, then FINDING_COLUMNS), each body made as its row
 * is taken, then the part's mark, written in the same transaction: the part is staged whole (it may
 * have no findings at all).
 */
function* stagedRows(token: string, part: number, findings: Finding[], at: string, tally: PartTally, progress: (done: number) => void): Generator<unknown[]> {
  let done = 0;
  for (const f of findings) {
    const body = JSON.stringify(f);
    yield [token, part, at, ...columnsOf(f, body, hashOf(body))];
    if (++done % 1000 === 0) progress(done);
  }
  yield [token, part, at, partMarkId(part), PART_MARK, '', '[]', JSON.stringify(tally), null, null, null, 0, null, null, null, null, ''];
}

const hashOf = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 16);

/** A finding's stored columns other than its triage and dates, in this order (see columnsOf). */
const FINDING_COLUMNS = ['id', 'kind', 'label', 'councils', 'body', 'score', 'annual_value', 'earliest_decision', 'rank_score', 'product', 'category', 'supplier', 'summary', 'body_hash'];
/** What a finding written again changes (never its triage or when it was first seen). */
const UPDATED = `label = excluded.label, councils = excluded.councils, body = excluded.body, score = excluded.score,
  annual_value = excluded.annual_value, earliest_decision = excluded.earliest_decision, is_current = excluded.is_current, last_seen_at = excluded.last_seen_at,
  rank_score = excluded.rank_score, product = excluded.product, category = excluded.category, supplier = excluded.supplier, summary = excluded.summary, body_hash = excluded.body_hash`;

/** Where a staged row (run_token, part, staged_at, then the finding's columns) holds the body. */
const STAGED_BODY = 3 + FINDING_COLUMNS.indexOf('body');

function columnsOf(f: Finding, body: string, hash: string): unknown[] {
  const c = filterColumnsOf(f);
  const earliest = f.kind === 'collaborative' ? f.earliestDecisionDate : null;
  const score = f.kind === 'collaborative' ? f.score : null;
  const value = f.kind === 'collaborative' || f.kind === 'common-platform' ? f.annualValue : null;
  return [f.id, f.kind, labelOf(f), JSON.stringify(f.councils), body, score, value, earliest, c.rank, c.product, c.category, c.supplier, JSON.stringify(boundedFields(f)), hash];
}

export class OpportunitiesRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /**
   * Stores a run's findings in one transaction: a finding stored before with the same body is not
   * written again (only marked seen); new or changed ones are written in multi-row statements; known
   * ids keep their triage, new ones open, missing ones stop being current.
   */
  async replaceFindings(
    findings: Finding[],
    run: AnalysisRunRecord,
    inputs?: InputFingerprints,
    progress: (done: number) => void = () => undefined,
  ): Promise<StoreCounts> {
    return this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      const stored = new Map(((await q('SELECT id, body_hash, is_current FROM opportunities')) as Row[]).map((r) => [r.id as string, r]));
      const seen: string[] = [];
      let batch: StoredFinding[] = [];
      let batchChars = 0;
      let written = 0;
      // Bodies are written a batch at a time as they are made: at national density a body is megabytes, and all of them at once a few hundred.
      let done = 0;
      for (const f of findings) {
        if (++done % 1000 === 0) progress(done);
        const body = JSON.stringify(f);
        const hash = hashOf(body);
        const before = stored.get(f.id);
        if (before && before.body_hash === hash) {
          seen.push(f.id);
          continue;
        }
        batch.push({ finding: f, body, hash, known: Boolean(before) });
        batchChars += body.length;
        written++;
        if (batch.length === WRITE_BATCH || batchChars >= WRITE_BATCH_CHARS) {
          await this.write(q, batch, run.finishedAt);
          batch = [];
          batchChars = 0;
        }
      }
      await this.write(q, batch, run.finishedAt);
      const current = new Set(findings.map((f) => f.id));
      const retired = [...stored.values()].filter((r) => !current.has(r.id as string) && (Number(r.is_current) === 1 || r.is_current === true)).map((r) => r.id as string);
      for (const ids of chunks(retired, 500)) await q(`UPDATE opportunities SET is_current = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [0, ...ids]);
      for (const ids of chunks(seen, 500)) await q(`UPDATE opportunities SET is_current = ?, last_seen_at = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [1, run.finishedAt, ...ids]);
      await this.recordRun(q, run, findings.length, inputs);
      return { written, unchanged: seen.length, retired: retired.length };
    }));
  }

  /** New and changed findings in one multi-row statement (a batch; bodies can be megabytes), with their councils. */
  private async write(q: (sql: string, params?: unknown[]) => Promise<unknown>, written: StoredFinding[], at: string): Promise<void> {
    for (const batch of chunks(written, WRITE_BATCH)) {
      const rows = batch.map(({ finding, body, hash }) => [...columnsOf(finding, body, hash), 1, 'open', at, at]);
      await q(
        `INSERT INTO opportunities (${FINDING_COLUMNS.join(', ')}, is_current, status, first_seen_at, last_seen_at)
           VALUES ${rows.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${UPDATED}`,
        rows.flat(),
      );
      await this.writeCouncils(q, batch.filter((w) => w.known).map((w) => w.finding.id), batch.map((w) => [w.finding.id, w.finding.councils]));
    }
  }

  /** A written finding's councils, in place of those it had (`known`: ids stored before). */
  private async writeCouncils(q: (sql: string, params?: unknown[]) => Promise<unknown>, known: string[], councils: [string, readonly string[]][]): Promise<void> {
    for (const ids of chunks(known, 500)) await q(`DELETE FROM opportunity_councils WHERE opportunity_id IN (${ids.map(() => '?').join(', ')})`, ids);
    const pairs = councils.flatMap(([id, list]) => [...new Set(list)].map((c) => [id, c]));
    for (const some of chunks(pairs, 400)) {
      await q(`INSERT INTO opportunity_councils (opportunity_id, council_code) VALUES ${some.map(() => '(?, ?)').join(', ')}`, some.flat());
    }
  }

  /** The run, and what it read (for the next run to compare with): in the findings' transaction, so the two never disagree. */
  private async recordRun(q: (sql: string, params?: unknown[]) => Promise<unknown>, run: AnalysisRunRecord, findings: number, inputs?: InputFingerprints): Promise<void> {
    await q('INSERT INTO analysis_runs (trigger, today, started_at, finished_at, contracts, opportunities, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [run.trigger, run.today, run.startedAt, run.finishedAt, run.contracts, findings, 'computed']);
    if (!inputs) return;
    await q('DELETE FROM analysis_inputs');
    const rows = [...inputs.fingerprints].map(([scope, f]) => [scope, f, inputs.contracts.get(scope) ?? 0, run.finishedAt]);
    for (const some of chunks(rows, 200)) await q(`INSERT INTO analysis_inputs (scope, fingerprint, contracts, recorded_at) VALUES ${some.map(() => '(?, ?, ?, ?)').join(', ')}`, some.flat());
  }

  /**
   * Keeps one part's findings of run `token` aside (see commitStaged), each with its body and hash,
   * in its own short transaction. A part staged again replaces what it staged before: a part a
   * stalled worker left half done and another ran again is not counted twice.
   */
  async stageFindings(token: string, part: number, findings: Finding[], at: string, tally: PartTally, progress: (done: number) => void = () => undefined): Promise<void> {
    if (this.dialect === 'postgres') return this.stageByCopy(token, part, findings, at, tally, progress);
    await this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      await q('DELETE FROM analysis_staged_findings WHERE run_token = ? AND part = ?', [token, part]);
      let batch: unknown[][] = [];
      let chars = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await q(`INSERT INTO analysis_staged_findings (run_token, part, staged_at, ${FINDING_COLUMNS.join(', ')}) VALUES ${batch.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`, batch.flat());
        batch = [];
        chars = 0;
      };
      for (const row of stagedRows(token, part, findings, at, tally, progress)) {
        batch.push(row);
        chars += (row[STAGED_BODY] as string).length;
        if (batch.length === WRITE_BATCH || chars >= WRITE_BATCH_CHARS) await flush();
      }
      await flush();
    }));
  }

  /**
   * stageFindings on PostgreSQL: the rows through `COPY … FROM STDIN`, each body written a slice at a
   * time. At national density one body is tens of megabytes, and as a bound parameter the driver
   * copies it two or three times over (a 5M register's analysis peaked 200 MB higher for it).
   */
  private async stageByCopy(token: string, part: number, findings: Finding[], at: string, tally: PartTally, progress: (done: number) => void): Promise<void> {
    await this.gate.run(async () => {
      const runner = this.dataSource.createQueryRunner();
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      try {
        await runner.query('DELETE FROM analysis_staged_findings WHERE run_token = $1 AND part = $2', [token, part]);
        const stream = client.query(copyFrom(`COPY analysis_staged_findings (run_token, part, staged_at, ${FINDING_COLUMNS.join(', ')}) FROM STDIN`));
        const failed = new Promise<never>((_, reject) => stream.once('error', reject));
        failed.catch(() => undefined);
        const write = async (text: string) => {
          if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
        };
        const row = async (values: unknown[]) => {
          for (let i = 0; i < values.length; i++) {
            const v = values[i];
            const sep = i === values.length - 1 ? '\n' : '\t';
            if (typeof v !== 'string' || v.length <= COPY_SLICE) {
              await write(copyField(v) + sep);
              continue;
            }
            // Escaping works character by character, so a long value is escaped and sent a slice at a time.
            for (let from = 0; from < v.length;) {
              let to = Math.min(from + COPY_SLICE, v.length);
              // Never between the two halves of a character outside the BMP (an emoji in a label).
              const last = v.charCodeAt(to - 1);
              if (to < v.length && last >= 0xd800 && last <= 0xdbff) to--;
              await write(copyField(v.slice(from, to)));
              from = to;
            }
            await write(sep);
          }
        };
        for (const values of stagedRows(token, part, findings, at, tally, progress)) await row(values);
        stream.end();
        await Promise.race([finished(stream), failed]);
        await runner.commitTransaction();
      } catch (e) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw e;
      } finally {
        await runner.release();
      }
    });
  }

  /** The parts of run `token` staged whole so far. */
  async stagedParts(token: string): Promise<number[]> {
    const rows = (await this.dataSource.query(placeholders(this.dialect, 'SELECT part FROM analysis_staged_findings WHERE run_token = ? AND kind = ? ORDER BY part'), [token, PART_MARK])) as Row[];
    return rows.map((r) => Number(r.part));
  }

  /**
   * Stores every finding staged for run `token` as replaceFindings stores a run's findings, in one
   * transaction: bodies are copied inside the database, only where the hash changed; the staged rows
   * are then cleared (with any a crashed run left more than a day ago).
   */
  async commitStaged(token: string, run: AnalysisRunRecord, inputs?: InputFingerprints): Promise<StoreCounts & PartTally & { findings: number; kinds: Record<Finding['kind'], number> }> {
    return this.gate.run(() => this.dataSource.transaction(async (m) => {
      const q = (sql: string, params: unknown[] = []) => m.query(placeholders(this.dialect, sql), params);
      const marks = (await q('SELECT body FROM analysis_staged_findings WHERE run_token = ? AND kind = ?', [token, PART_MARK])) as Row[];
      const tally = { cut: 0, merged: 0 };
      for (const m of marks) {
        const t = JSON.parse(m.body as string) as PartTally;
        tally.cut += t.cut;
        tally.merged += t.merged;
      }
      const staged = (await q(`SELECT s.id, s.kind, s.body_hash AS staged_hash, s.councils, o.body_hash AS stored_hash, o.id AS known
        FROM analysis_staged_findings s LEFT JOIN opportunities o ON o.id = s.id WHERE s.run_token = ? AND s.kind <> ?`, [token, PART_MARK])) as Row[];
      const changed = staged.filter((r) => r.known === null || r.stored_hash !== r.staged_hash);
      const yes = this.dialect === 'postgres' ? 'true' : '1';
      for (const ids of chunks(changed.map((r) => r.id as string), 200)) {
        await q(`INSERT INTO opportunities (${FINDING_COLUMNS.join(', ')}, is_current, status, first_seen_at, last_seen_at)
            SELECT ${FINDING_COLUMNS.map((c) => `s.${c}`).join(', ')}, ${yes}, 'open', ?, ?
            FROM analysis_staged_findings s WHERE s.run_token = ? AND s.id IN (${ids.map(() => '?').join(', ')})
          ON CONFLICT (id) DO UPDATE SET ${UPDATED}`, [run.finishedAt, run.finishedAt, token, ...ids]);
      }
      await this.writeCouncils(q, changed.filter((r) => r.known !== null).map((r) => r.id as string),
        changed.map((r) => [r.id as string, JSON.parse(r.councils as string) as string[]]));
      const current = new Set(staged.map((r) => r.id as string));
      const stored = (await q('SELECT id FROM opportunities WHERE is_current = ?', [1])) as Row[];
      const retired = stored.map((r) => r.id as string).filter((id) => !current.has(id));
      for (const ids of chunks(retired, 500)) await q(`UPDATE opportunities SET is_current = ? WHERE id IN (${ids.map(() => '?').join(', ')})`, [0, ...ids]);
      await q('UPDATE opportunities SET is_current = ?, last_seen_at = ? WHERE id IN (SELECT id FROM analysis_staged_findings WHERE run_token = ? AND kind <> ?)', [1, run.finishedAt, token, PART_MARK]);
      await this.recordRun(q, run, staged.length, inputs);
      const stale = new Date(Date.parse(run.finishedAt) - 86_400_000).toISOString();
      await q('DELETE FROM analysis_staged_findings WHERE run_token = ? OR staged_at < ?', [token, stale]);
      const kinds: Record<Finding['kind'], number> = { collaborative: 0, 'common-platform': 0, fragmentation: 0 };
      for (const r of staged) kinds[r.kind as Finding['kind']]++;
      return { written: changed.length, unchanged: staged.length - changed.length, retired: retired.length, findings: staged.length, kinds, ...tally };
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

  /** A run that found its inputs as the last computed run left them: recorded as run, nothing else written. */
  async recordUnchangedRun(run: { trigger: string; today: string; startedAt: string; finishedAt: string; contracts: number }): Promise<void> {
    await this.gate.run(async () => {
      const [row] = (await this.dataSource.query(placeholders(this.dialect, 'SELECT COUNT(*) AS n FROM opportunities WHERE is_current = ?'), [1])) as { n: number | string }[];
      await this.dataSource.query(
        placeholders(this.dialect, 'INSERT INTO analysis_runs (trigger, today, started_at, finished_at, contracts, opportunities, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)'),
        [run.trigger, run.today, run.startedAt, run.finishedAt, run.contracts, Number(row.n), 'unchanged'],
      );
    });
  }

  /** Current findings of each kind (what the last computed run found). */
  async currentCounts(): Promise<Record<Finding['kind'], number>> {
    const rows = (await this.dataSource.query(placeholders(this.dialect, 'SELECT kind, COUNT(*) AS n FROM opportunities WHERE is_current = ? GROUP BY kind'), [1])) as { kind: Finding['kind']; n: number | string }[];
    const out: Record<Finding['kind'], number> = { collaborative: 0, 'common-platform': 0, fragmentation: 0 };
    for (const r of rows) out[r.kind] = Number(r.n);
    return out;
  }

  async lastRun(): Promise<Row | null> {
    const rows = (await this.dataSource.query('SELECT * FROM analysis_runs ORDER BY id DESC LIMIT 1')) as Row[];
    return rows[0] ?? null;
  }
}
