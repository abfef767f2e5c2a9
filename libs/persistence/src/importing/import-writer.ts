import Database from 'better-sqlite3';
import { DataSource, QueryRunner } from 'typeorm';
import { NormalisedContract, RowIssue } from '@app/ingest';
import { sqlitePragmas } from '../data-source';
import { boolParam, Dialect, placeholders } from '../sql-dialect';

const CONTRACT_COLUMNS = [
  'import_id', 'council_code', 'reference', 'title', 'description', 'supplier_name', 'company_number', 'start_date', 'end_date',
  'end_date_derived', 'duration_months', 'extension_text', 'notice_period', 'annual_value', 'total_value', 'category', 'cpv',
  'department', 'extras', 'row_number', 'has_warnings', 'is_current',
];
const ISSUE_COLUMNS = ['import_id', 'row', 'column_name', 'value', 'code', 'severity', 'message'];

function contractParams(dialect: Dialect, importId: string, c: NormalisedContract): unknown[] {
  return [
    importId, c.councilCode, c.reference, c.title, c.description, c.supplierName, c.companyNumber, c.startDate, c.endDate,
    boolParam(dialect, c.endDateDerived), c.durationMonths, c.extensionText, c.noticePeriod, c.annualValue, c.totalValue, c.category, c.cpv,
    c.department, Object.keys(c.extras).length ? JSON.stringify(c.extras) : null, c.rowNumber, boolParam(dialect, c.hasWarnings), boolParam(dialect, true),
  ];
}

function issueParams(importId: string, i: RowIssue): unknown[] {
  return [importId, i.row, i.column, i.value, i.code, i.severity, i.message];
}

function multiInsert(table: string, columns: string[], rows: number): string {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

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
  insertContracts(importId: string, rows: NormalisedContract[]): Promise<void>;
  insertIssues(importId: string, issues: RowIssue[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  execute(sql: string, params?: unknown[]): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  release(): Promise<void>;
}

const BATCH = 100;

/** better-sqlite3 directly: prepared multi-row statements, reused for the whole file. */
export class SqliteImportWriter implements ImportWriter {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    sqlitePragmas(this.db);
    this.db.pragma('cache_size = -65536');
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

  private insertMany<T>(table: string, columns: string[], items: T[], params: (item: T) => unknown[]): void {
    let i = 0;
    for (; i + BATCH <= items.length; i += BATCH) {
      const values: unknown[] = [];
      for (let j = i; j < i + BATCH; j++) values.push(...params(items[j]));
      this.statement(multiInsert(table, columns, BATCH)).run(values);
    }
    for (; i < items.length; i++) this.statement(multiInsert(table, columns, 1)).run(params(items[i]));
  }

  async insertContracts(importId: string, rows: NormalisedContract[]): Promise<void> {
    this.insertMany('contracts', CONTRACT_COLUMNS, rows, (c) => contractParams('sqlite', importId, c));
  }

  async insertIssues(importId: string, issues: RowIssue[]): Promise<void> {
    this.insertMany('import_issues', ISSUE_COLUMNS, issues, (i) => issueParams(importId, i));
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(params) as T[];
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return this.db.prepare(sql).run(params).changes;
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

/** PostgreSQL through a query runner of its own (one pooled connection). */
export class PostgresImportWriter implements ImportWriter {
  readonly dialect = 'postgres' as const;
  private readonly runner: QueryRunner;

  constructor(dataSource: DataSource) {
    this.runner = dataSource.createQueryRunner();
  }

  async begin(): Promise<void> {
    await this.runner.connect();
    await this.runner.startTransaction();
  }

  async beginBulkLoad(): Promise<void> {
    // PostgreSQL keeps its indexes: dropping them would lock the table for every reader.
  }

  async endBulkLoad(): Promise<void> {}

  private async insertMany<T>(table: string, columns: string[], items: T[], params: (item: T) => unknown[]): Promise<void> {
    const size = 500;
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      await this.runner.query(placeholders('postgres', multiInsert(table, columns, chunk.length)), chunk.flatMap(params));
    }
  }

  insertContracts(importId: string, rows: NormalisedContract[]): Promise<void> {
    return this.insertMany('contracts', CONTRACT_COLUMNS, rows, (c) => contractParams('postgres', importId, c));
  }

  insertIssues(importId: string, issues: RowIssue[]): Promise<void> {
    return this.insertMany('import_issues', ISSUE_COLUMNS, issues, (i) => issueParams(importId, i));
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.runner.query(placeholders('postgres', sql), params);
  }

  async execute(sql: string, params: unknown[] = []): Promise<number> {
    const result = await this.runner.query(placeholders('postgres', sql), params, true);
    return result.affected ?? 0;
  }

  async commit(): Promise<void> {
    await this.runner.commitTransaction();
  }

  async rollback(): Promise<void> {
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
  }

  async release(): Promise<void> {
    await this.runner.release();
  }
}
