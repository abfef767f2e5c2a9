import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, CopyStreamQuery } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { RowIssue } from '@app/ingest';
import { Dialect, placeholders } from '../sql-dialect';
import { CONTRACT_COLUMNS, ISSUE_COLUMNS, issueValues } from './contract-columns';
import { copyLines } from './copy-text';
import { multiInsert, sharedValues } from './multi-insert';

/**
 * Writes one import inside one transaction on a connection of its own, so nobody reads a
 * half-written register and a crash leaves nothing behind.
 */
export interface ImportWriter {
  readonly dialect: Dialect;
  begin(): Promise<void>;
  /** Drops secondary indexes for a large load; endBulkLoad rebuilds them (no-op where not worth it). */
  beginBulkLoad(): Promise<void>;
  endBulkLoad(): Promise<void>;
  /** Contract rows flattened in CONTRACT_COLUMNS order (see row-batch.ts). */
  insertContractValues(values: unknown[]): Promise<void>;
  /** Issue rows flattened in ISSUE_COLUMNS order. */
  insertIssueValues(values: unknown[]): Promise<void>;
  insertIssues(issues: RowIssue[]): Promise<void>;
  /**
   * Holds these councils until commit, so imports of one council reconcile one at a time
   * (several worker processes). Taken once per transaction, all together: no deadlock.
   */
  lockCouncils(councils: readonly string[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  release(): Promise<void>;
}

/** Contract rows from which a PostgreSQL import refreshes the planner's statistics after its commit. */
const ANALYZE_FROM_ROWS = 10_000;

/** The first key of the register's advisory locks on councils (any constant other users of the database do not use). */
const COUNCIL_LOCK_SPACE = 1765200;

/** How a PostgreSQL import loads its rows (see DatabaseConfig.bulkLoad). */
export type PostgresLoad = 'copy' | 'insert';

/** Issue rows held back while contracts stream through COPY: written together, so COPY switches table seldom. */
const HELD_ISSUES = 20_000;

/**
 * PostgreSQL through a query runner of its own (one pooled connection). Rows go in by
 * `COPY ... FROM STDIN` inside the import's transaction: one COPY of contracts stays open across
 * batches, and row issues wait (up to HELD_ISSUES) until it ends, since one connection runs one
 * COPY at a time. Any other statement ends the open COPY first.
 */
export class PostgresImportWriter implements ImportWriter {
  readonly dialect = 'postgres' as const;
  private readonly runner: QueryRunner;
  private client: PoolClient | null = null;
  private copying: { table: 'contracts' | 'import_issues'; stream: CopyStreamQuery; failed: Promise<never> } | null = null;
  /** Issue rows not yet copied, as COPY text, and how many. */
  private heldIssues: string[] = [];
  private heldIssueRows = 0;
  private contractRows = 0;

  constructor(dataSource: DataSource, private readonly importId: string, private readonly load: PostgresLoad = 'copy') {
    this.runner = dataSource.createQueryRunner();
  }

  async begin(): Promise<void> {
    this.client = (await this.runner.connect()) as PoolClient;
    await this.runner.startTransaction();
  }

  async beginBulkLoad(): Promise<void> {
    // PostgreSQL keeps its indexes: dropping them would lock the table for every reader.
  }

  async endBulkLoad(): Promise<void> {
    await this.flush();
  }

  private async insertMany(table: 'contracts' | 'import_issues', columns: readonly string[], values: unknown[]): Promise<void> {
    if (values.length === 0) return;
    if (this.load === 'copy') return this.copyMany(table, columns, values);
    await this.flush();
    const width = columns.length;
    const size = 500;
    for (let i = 0; i < values.length; i += size * width) {
      const chunk = values.slice(i, i + size * width);
      await this.runner.query(placeholders('postgres', multiInsert(table, this.importId, columns, chunk.length / width)), chunk);
    }
  }

  private async copyMany(table: 'contracts' | 'import_issues', columns: readonly string[], values: unknown[]): Promise<void> {
    const shared = sharedValues(table, this.importId);
    // The shared values are SQL literals ('uuid', TRUE); as COPY text: uuid, t.
    const prefix = Object.values(shared).map((v) => (v === 'TRUE' ? 't' : v.slice(1, -1))).join('\t') + '\t';
    const text = copyLines(values, columns.length, prefix);
    if (table === 'import_issues' && this.copying?.table !== 'import_issues') {
      this.heldIssues.push(text);
      this.heldIssueRows += values.length / columns.length;
      if (this.heldIssueRows >= HELD_ISSUES) await this.flush();
      return;
    }
    await this.copyText(table, [...Object.keys(shared), ...columns], text);
  }

  private async copyText(table: 'contracts' | 'import_issues', columns: readonly string[], text: string): Promise<void> {
    if (this.copying?.table !== table) {
      await this.endCopy();
      const stream = this.client!.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      // A COPY the server refuses (a value too long for its column) fails the write that waits on it.
      const failed = new Promise<never>((_, reject) => stream.once('error', reject));
      failed.catch(() => undefined);
      this.copying = { table, stream, failed };
    }
    const { stream, failed } = this.copying;
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  }

  /** Ends the open COPY, if any: its rows are then in the table (still inside the transaction). */
  private async endCopy(): Promise<void> {
    const copying = this.copying;
    if (!copying) return;
    this.copying = null;
    copying.stream.end();
    await Promise.race([finished(copying.stream), copying.failed]);
  }

  /** Ends the COPY of contracts and copies the issues held back: before any other statement. */
  private async flush(): Promise<void> {
    if (this.heldIssueRows > 0) {
      const held = this.heldIssues.join('');
      this.heldIssues = [];
      this.heldIssueRows = 0;
      await this.copyText('import_issues', ['import_id', ...ISSUE_COLUMNS], held);
    }
    await this.endCopy();
  }

  insertContractValues(values: unknown[]): Promise<void> {
    this.contractRows += values.length / CONTRACT_COLUMNS.length;
    return this.insertMany('contracts', CONTRACT_COLUMNS, values);
  }

  insertIssueValues(values: unknown[]): Promise<void> {
    return this.insertMany('import_issues', ISSUE_COLUMNS, values);
  }

  insertIssues(issues: RowIssue[]): Promise<void> {
    return this.insertMany('import_issues', ISSUE_COLUMNS, issues.flatMap((i) => issueValues(i)));
  }

  async lockCouncils(councils: readonly string[]): Promise<void> {
    await this.flush();
    // Transaction-scoped advisory locks, keyed by (COUNCIL_LOCK_SPACE, hash of schema and council):
    // released by commit, rollback or a dead connection. Advisory locks are per database, so the
    // schema keeps registers in other schemas of it apart. Sorted: two imports never wait on each other in a cycle.
    for (const council of [...new Set(councils)].sort()) {
      await this.runner.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || '/' || $2))", [COUNCIL_LOCK_SPACE, council]);
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    await this.flush();
    return this.runner.query(placeholders('postgres', sql), params);
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    await this.flush();
    const result = await this.runner.query(placeholders('postgres', sql), params, true);
    return result.affected ?? 0;
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.runner.commitTransaction();
    // Planner statistics now, not when autovacuum comes round: the classification that follows pages through the new
    // rows, and with no statistics PostgreSQL read every unclassified row for each page (a 1M import: most of an hour).
    if (this.contractRows >= ANALYZE_FROM_ROWS) await this.runner.query('ANALYZE contracts');
  }

  async rollback(): Promise<void> {
    this.heldIssues = [];
    this.heldIssueRows = 0;
    const copying = this.copying;
    this.copying = null;
    if (copying) {
      // CopyFail: the server abandons the COPY (and with it the transaction) before the ROLLBACK.
      copying.stream.destroy(new Error('import rolled back'));
      await finished(copying.stream).catch(() => undefined);
    }
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
  }

  async release(): Promise<void> {
    await this.runner.release();
  }
}
