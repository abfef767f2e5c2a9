import Database from 'better-sqlite3';
import type { RowIssue } from '@app/ingest';
import { sqlitePragmas } from '../sqlite-pragmas';
import { CONTRACT_COLUMNS, ISSUE_COLUMNS, issueValues } from './contract-columns';
import type { ImportWriter } from './import-writer';
import { multiInsert } from './multi-insert';

/** Rows per multi-row INSERT: measured faster than 10 or 100 (longer statements bind more slowly per value). */
const BATCH = 25;

/** better-sqlite3 directly: prepared multi-row statements, reused for the whole file. */
export class SqliteImportWriter implements ImportWriter {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string, private readonly importId: string, busyTimeoutMs?: number) {
    this.db = new Database(file);
    sqlitePragmas(this.db, busyTimeoutMs);
    // A bounded page cache, and index builds that sort on disk rather than in memory.
    this.db.pragma('cache_size = -32768');
    this.db.pragma('temp_store = FILE');
    // Index rebuilds sort with a helper thread: the parser thread is idle by then.
    this.db.pragma('threads = 2');
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private dropped: { name: string; sql: string }[] = [];

  async begin(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
  }

  async beginBulkLoad(): Promise<void> {
    // Index definitions are read back from the schema, so they stay whatever the migrations made.
    this.dropped = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contracts', 'import_issues') AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    for (const index of this.dropped) this.db.exec(`DROP INDEX "${index.name}"`);
  }

  async endBulkLoad(): Promise<void> {
    for (const index of this.dropped) this.db.exec(index.sql);
    this.dropped = [];
  }

  private insertMany(table: 'contracts' | 'import_issues', columns: readonly string[], values: unknown[]): void {
    const width = columns.length;
    const rows = values.length / width;
    let i = 0;
    if (rows >= BATCH) {
      const many = this.statement(multiInsert(table, this.importId, columns, BATCH));
      for (; i + BATCH <= rows; i += BATCH) many.run(values.slice(i * width, (i + BATCH) * width));
    }
    const one = this.statement(multiInsert(table, this.importId, columns, 1));
    for (; i < rows; i++) one.run(values.slice(i * width, (i + 1) * width));
  }

  async insertContractValues(values: unknown[]): Promise<void> {
    this.insertMany('contracts', CONTRACT_COLUMNS, values);
  }

  async insertIssueValues(values: unknown[]): Promise<void> {
    this.insertMany('import_issues', ISSUE_COLUMNS, values);
  }

  async insertIssues(issues: RowIssue[]): Promise<void> {
    this.insertMany('import_issues', ISSUE_COLUMNS, issues.flatMap((i) => issueValues(i)));
  }

  async lockCouncils(): Promise<void> {
    // BEGIN IMMEDIATE already admits one writer to the file at a time.
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.statement(sql).all(params) as T[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.statement(sql).run(params).changes;
  }

  async commit(): Promise<void> {
    this.db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  async release(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}
