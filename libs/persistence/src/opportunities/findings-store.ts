import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { chunks, Dialect, placeholders } from '../sql-dialect';
import { WriteGate } from '../write-gate';
import { copyField } from '../importing/copy-text';
import { InputFingerprints } from './analysis-inputs';
import { boundedFields, filterColumnsOf } from './opportunity-summary';
import type { Finding } from './opportunities.repository';

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

/** Findings a statement writes. */
const WRITE_BATCH = 20;
/** A batch is written early once its bodies pass this many characters: at national density one body is megabytes. */
const WRITE_BATCH_CHARS = 8_000_000;

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
/**
 * Where an analysis run's findings are stored: at once (replaceFindings), or part by part
 * (stageFindings, then commitStaged), with the run itself. Reading, paging and triage are
 * OpportunitiesRepository's.
 */
export class FindingsStore {
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
}
