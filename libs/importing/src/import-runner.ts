import { DataSource } from 'typeorm';
import { DatabaseConfig, DEFAULT_READ_LIMITS, ReadLimits } from '@app/config';
import { ColumnMapping, fieldLabel, normaliseHeader, openRegister, RegisterError, RegisterLayout, RegisterSource } from '@app/ingest';
import {
  Clock, CouncilsRepository, ImportEntity, ImportMode, ImportsRepository, ImportWriter, ISSUE_COLUMNS, MappingsRepository,
  PostgresImportWriter, SqliteImportWriter, breather, databaseTrouble, ThreadedSqliteImportWriter, canWriteInThread, WriteGate,
} from '@app/persistence';
import { canParseInWorker, parseInWorker } from './parse-in-worker';
import { inputSize, RegisterInput, sourceOf } from './register-input';
import { RowBatch, rowBatches } from './row-batch';
import { fieldsOf, reconcile } from './reconcile';
import { readableInput, releaseInput } from './spreadsheet';

export interface RunOptions {
  /** Read this file instead of the stored upload (the CLI streams files from disk). */
  input?: RegisterInput;
  /** Read through this source, in this thread (tests use it to fail part-way). */
  source?: RegisterSource;
  /** Called every few thousand rows with the rows and bytes read so far. */
  onProgress?: (rows: number, bytes: number) => void;
  /** Called as each phase of the import ends, with its name (for `import --timings`). */
  onPhase?: (phase: ImportPhase) => void;
  /** Full register or update (the job payload's); else what the upload asked for; else the rule decides (see chooseImportMode). */
  mode?: ImportMode | null;
}

/** The phases of one import, in order, as reported to RunOptions.onPhase. */
export type ImportPhase = 'open' | 'load' | 'indexes' | 'finish' | 'commit' | 'close';

/** A register being read: its layout, then its rows in batches ready to insert. */
interface OpenedInput {
  layout: RegisterLayout;
  batches: AsyncIterable<RowBatch>;
}

/** Uploads at least this large load without secondary indexes, which are rebuilt at the end. */
export const BULK_LOAD_BYTES = 16 * 1024 * 1024;
/** Registers at least this large are parsed in a worker thread. */
export const WORKER_PARSE_BYTES = 4 * 1024 * 1024;

/**
 * Runs one import: reads the register, and in one transaction stores its contracts and row
 * issues, brings the councils' registers up to date (a full register replaces the council's
 * current contracts, an update replaces those with the same reference and retires nothing) and
 * marks the import complete with what was added, changed and retired.
 * Running it again for a finished import does nothing, so a retried job cannot import twice.
 */
export class ImportRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConfig,
    private readonly imports: ImportsRepository,
    private readonly mappings: MappingsRepository,
    private readonly councils: CouncilsRepository,
    private readonly gate: WriteGate,
    private readonly clock: Clock,
    /** Classifies the rows an import added (ContractClassificationStore); none in tests of the import alone. */
    private readonly classification?: { classifyPending(importId?: string): Promise<number> },
    /** How much of a file is read (rows, columns, characters, a workbook's unpacked size): the configuration's. */
    private readonly limits: ReadLimits = DEFAULT_READ_LIMITS,
  ) {}

  private writer(importId: string): ImportWriter {
    if (this.database.type === 'sqlite') {
      // Off the event loop where the compiled thread script is there (always, once built).
      const { path: file, busyTimeoutMs } = this.database;
      return canWriteInThread() ? new ThreadedSqliteImportWriter(file, importId, busyTimeoutMs) : new SqliteImportWriter(file, importId, busyTimeoutMs);
    }
    return new PostgresImportWriter(this.dataSource, importId, this.database.bulkLoad ?? 'copy');
  }

  async run(importId: string, options: RunOptions = {}): Promise<ImportEntity> {
    const record = await this.imports.findForProcessing(importId);
    if (!record) throw new RegisterError('IMPORT_NOT_FOUND', `no import with id ${importId}`, importId);
    if (record.status === 'completed' || record.status === 'failed') return record;
    await this.markProcessing(importId);

    let input = options.input;
    if (!input && !options.source) {
      const content = await this.imports.readContent(importId);
      if (!content) return this.fail(record, new RegisterError('UPLOAD_MISSING', 'the uploaded file is no longer stored', record.fileName));
      input = { name: record.fileName, bytes: content };
    }
    const saved = record.councilCode ? await this.mappings.findForCouncil(record.councilCode) : null;
    let opened: OpenedInput;
    try {
      try {
        // A workbook is read as its first sheet's values, whichever door it came through, within the read limits.
        if (input) input = await readableInput(input, this.limits);
        opened = await this.open(record, input, options.source, saved ?? undefined);
      } catch (e) {
        if (e instanceof RegisterError) return this.fail(record, e);
        throw e;
      }
      options.onPhase?.('open');
      try {
        await this.gate.run(() => this.write(record, opened, saved !== null, options));
      } catch (e) {
        if (e instanceof RegisterError) return this.fail(record, e);
        // The write rolled back: the previous register is as it was. The import ends failed, with the database's reason,
        // rather than "processing" for good (a retry would meet the same data).
        const why = databaseTrouble(e) ?? 'the database could not store this file';
        const failure = new RegisterError('IMPORT_FAILED', `${why} (${(e as Error).message.slice(0, 300)}); nothing of this file was stored and the register is as it was`, record.fileName);
        if (await this.imports.failUnfinished(record.id, failure.code, failure.message, this.clock())) return { ...record, status: 'failed', errorCode: failure.code, errorMessage: failure.message };
        throw e;
      }
    } finally {
      // The CSV a workbook was read into.
      releaseInput(input);
    }
    // After the commit, so readers never wait on it; until it ends the new rows sort as unclassified.
    await this.classification?.classifyPending(importId);
    return (await this.imports.findForProcessing(importId))!;
  }

  /**
   * Never over a finished import: a job taken over from a worker that stalled (rather than died)
   * can get here just after that worker committed.
   */
  private async markProcessing(importId: string): Promise<void> {
    await this.gate.run(() =>
      this.dataSource.createQueryBuilder().update(ImportEntity).set({ status: 'processing', startedAt: this.clock() })
        .where('id = :id', { id: importId }).andWhere('status NOT IN (:...done)', { done: ['completed', 'failed'] }).execute(),
    );
  }

  /**
   * Inside the import's transaction: holds the import's row until commit (PostgreSQL; SQLite's
   * BEGIN IMMEDIATE already admits one writer) and says whether it still needs doing. Two workers
   * given the same import (a stalled job handed on while its first worker still runs) thus store
   * it once: the second waits here for the first to commit, then finds it completed.
   */
  private async claim(writer: ImportWriter, importId: string): Promise<boolean> {
    const [row] = await writer.query<{ status: string }>(`SELECT status FROM imports WHERE id = ?${writer.dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [importId]);
    return row !== undefined && row.status !== 'completed' && row.status !== 'failed';
  }

  /** Large registers are read on a second core while this thread writes; small ones here. */
  private async open(record: ImportEntity, input: RegisterInput | undefined, source: RegisterSource | undefined, savedMapping: ColumnMapping | undefined): Promise<OpenedInput> {
    const directory = await this.councils.directory();
    if (input && !source && inputSize(input) >= WORKER_PARSE_BYTES && canParseInWorker()) {
      return parseInWorker({ importId: record.id, input, councils: directory.all(), council: record.councilCode, savedMapping, limits: this.limits });
    }
    let bytes = 0;
    const opened = await openRegister(source ?? sourceOf(input!, (n) => (bytes = n)), { councils: directory, council: record.councilCode, savedMapping, limits: this.limits });
    return { layout: opened.layout, batches: rowBatches(opened.chunks, () => bytes) };
  }

  private async fail(record: ImportEntity, error: RegisterError): Promise<ImportEntity> {
    const changes = { status: 'failed' as const, errorCode: error.code, errorMessage: error.message, finishedAt: this.clock() };
    await this.imports.update(record.id, changes);
    return { ...record, ...changes };
  }

  private async write(record: ImportEntity, opened: OpenedInput, usedSaved: boolean, options: RunOptions): Promise<void> {
    const writer = this.writer(record.id);
    try {
      await writer.begin();
      if (!(await this.claim(writer, record.id))) {
        await writer.rollback();
        return;
      }
      // A large register loads faster with the indexes built afterwards, in the same transaction.
      if (record.fileSize >= BULK_LOAD_BYTES) await writer.beginBulkLoad();
      let rejected = 0;
      let imported = 0;
      let warned = 0;
      let issueCount = 0;
      const councils = new Set<string>();
      const councilRows = new Map<string, number>();
      let otherBuyerRows = 0;
      let otherBuyerExamples: string[] = [];
      // References that may repeat within the register (found by the batcher), checked exactly below.
      const repeated = new Map<string, [string, string]>();
      const supplierNames: [string, string | null, number][] = [];
      let seen = 0;
      const breathe = breather();
      for await (const batch of opened.batches) {
        await writer.insertContractValues(batch.contracts);
        await writer.insertIssueValues(batch.issues);
        imported += batch.imported;
        warned += batch.warned;
        for (const council of batch.councils) councils.add(council);
        for (const pair of batch.repeats) repeated.set(`${pair[0]}\u0000${pair[1]}`, pair);
        for (const s of batch.suppliers) supplierNames.push(s);
        for (const [council, n] of batch.councilRows) councilRows.set(council, (councilRows.get(council) ?? 0) + n);
        otherBuyerRows += batch.otherBuyerRows;
        if (batch.otherBuyerExamples.length > 0) otherBuyerExamples = batch.otherBuyerExamples;
        issueCount += batch.issues.length / ISSUE_COLUMNS.length;
        rejected += batch.rejected;
        seen += batch.rows;
        options.onProgress?.(seen, batch.bytes);
        await breathe();
      }
      options.onPhase?.('load');
      // A header with nothing under it is not a register: as a full one it would retire every contract of the council.
      if (imported + rejected === 0) throw new RegisterError('NO_ROWS', `the file has a header row (row ${opened.layout.headerRow}) but no contracts under it: nothing was imported, and the register is as it was`, record.fileName);
      await writer.endBulkLoad();
      options.onPhase?.('indexes');
      const duplicates = await this.markDuplicateReferences(writer, record.id, [...repeated.values()]);
      issueCount += duplicates.issues;
      warned += duplicates.newlyWarned;
      const requested = options.mode ?? record.modeRequested ?? null;
      const r = await reconcile(writer, record.id, {
        requested, councilRows, otherBuyerRows, otherBuyerExamples, fields: fieldsOf(opened.layout),
      });
      await this.noteSupplierNames(writer, supplierNames);
      issueCount += r.noted;
      issueCount += await this.noteDuplicateHeaders(writer, opened.layout);
      const layout = { ...opened.layout, mappingSource: usedSaved ? 'saved' : 'auto' };
      await writer.execute(
        `UPDATE imports SET status = 'completed', layout = ?, councils = ?, rows = ?, imported = ?, with_warnings = ?, rejected = ?,
           superseded = ?, issue_count = ?, finished_at = ?, error_code = NULL, error_message = NULL,
           mode_requested = ?, mode = ?, mode_rule = ?, mode_reason = ?, added = ?, changed = ?, unchanged = ?, retired = ? WHERE id = ?`,
        [
          JSON.stringify(layout), JSON.stringify([...councils].sort()), imported + rejected, imported, warned, rejected, r.superseded, issueCount, this.clock(),
          requested, r.decision.mode, r.decision.rule, r.decision.reason, r.added, r.changed, r.unchanged, r.retired, record.id,
        ],
      );
      options.onPhase?.('finish');
      await writer.commit();
      options.onPhase?.('commit');
    } catch (e) {
      await writer.rollback();
      throw e;
    } finally {
      await writer.release();
    }
    options.onPhase?.('close');
  }

  /** The supplier names as written, for the supplier matching that runs after the import. */
  private async noteSupplierNames(writer: ImportWriter, names: [string, string | null, number][]): Promise<void> {
    const now = this.clock();
    // In one order for every import, so two councils' imports sharing suppliers never deadlock.
    names.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, companyNumber, uses] of names) {
      await writer.execute(
        `INSERT INTO supplier_names (name, company_number, uses, first_seen_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET uses = supplier_names.uses + excluded.uses, company_number = COALESCE(supplier_names.company_number, excluded.company_number)`,
        [name, companyNumber, uses, now],
      );
    }
  }

  /** A header that appears more than once is said in the report: which of them was read, and that the others were kept as extras or read otherwise. */
  private async noteDuplicateHeaders(writer: ImportWriter, layout: RegisterLayout): Promise<number> {
    const byKey = new Map<string, RegisterLayout['columns']>();
    for (const c of layout.columns) {
      const key = normaliseHeader(c.header);
      if (!key) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), c]);
    }
    const repeated = [...byKey.values()].filter((cs) => cs.length > 1);
    if (repeated.length === 0) return 0;
    await writer.insertIssues(repeated.map((cs) => ({
      row: layout.headerRow, column: cs[0].header, value: cs.map((c) => c.header).join(' | '), code: 'DUPLICATE_COLUMN', severity: 'warning' as const,
      message: `the header "${cs[0].header}" appears ${cs.length} times (columns ${cs.map((c) => c.index + 1).join(', ')}): ${cs.map((c) => `column ${c.index + 1} ${c.field ? `is read as ${fieldLabel(c.field)}` : 'is kept as an extra attribute'}`).join('; ')}. Check the file has no column twice`,
    })));
    return repeated.length;
  }

  /** A reference used twice for one council in one register cannot be matched later: warn on each repeat. */
  private async markDuplicateReferences(writer: ImportWriter, importId: string, candidates: [string, string][]): Promise<{ issues: number; newlyWarned: number }> {
    let issues = 0;
    let newlyWarned = 0;
    for (const [council, reference] of candidates) {
      const rows = await writer.query<{ id: number; row_number: number; has_warnings: unknown }>(
        'SELECT id, row_number, has_warnings FROM contracts WHERE import_id = ? AND council_code = ? AND reference = ? ORDER BY row_number',
        [importId, council, reference],
      );
      if (rows.length < 2) continue; // a hash collision, not a repeat
      const [first, ...repeats] = rows;
      await writer.insertIssues(repeats.map((d) => ({
        row: d.row_number, column: null, value: reference, code: 'DUPLICATE_REFERENCE', severity: 'warning' as const,
        message: `reference ${reference} is also used on row ${first.row_number}; both kept, but a newer register cannot tell them apart`,
      })));
      issues += repeats.length;
      for (const d of repeats.filter((r) => !r.has_warnings)) {
        await writer.execute('UPDATE contracts SET has_warnings = TRUE WHERE id = ?', [d.id]);
        newlyWarned++;
      }
    }
    return { issues, newlyWarned };
  }
}
