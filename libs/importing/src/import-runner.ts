import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { ColumnMapping, fieldLabel, normaliseHeader, openRegister, RegisterError, RegisterLayout, RegisterSource } from '@app/ingest';
import {
  Clock, contentDiffers, CouncilsRepository, ImportEntity, ImportMode, ImportsRepository, ImportWriter, ISSUE_COLUMNS, keepFromStoredSql, keptGroups, MappingsRepository,
  PostgresImportWriter, SqliteImportWriter, breather, databaseTrouble, ThreadedSqliteImportWriter, canWriteInThread, WriteGate,
} from '@app/persistence';
import { chooseImportMode, ModeDecision, needsRegisterSize } from './import-mode';
import { canParseInWorker, parseInWorker } from './parse-in-worker';
import { inputSize, RegisterInput, sourceOf } from './register-input';
import { RowBatch, rowBatches } from './row-batch';
import { readableInput, releaseInput } from './spreadsheet';
import { DEFAULT_READ_LIMITS, ReadLimits } from '@app/config';

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

/** What one import did to the registers of the councils it holds. */
interface Reconciled {
  decision: ModeDecision;
  added: number;
  changed: number;
  unchanged: number;
  retired: number;
  superseded: number;
  /** Issues it added (record-level, no row). */
  noted: number;
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
        const why = databaseTrouble(e);
        const failure = new RegisterError('IMPORT_FAILED', why
          ? `${why} (${(e as Error).message.slice(0, 200)}); nothing of this file was stored and the register is as it was`
          : `the database could not store this file (${(e as Error).message.slice(0, 300)}); nothing of it was stored and the register is as it was`, record.fileName);
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
      const r = await this.reconcile(writer, record.id, {
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

  /** A reference used twice for one council in one register cannot be matched later: warn on each repeat. */
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

  /**
   * Brings the registers of the councils this import holds up to date, in the mode the upload
   * asked for or the rule chose. Every stored contract that stops being current is either
   * replaced by a contract with its reference in this import, or retired by a full import and
   * listed (the report's retired list and a CONTRACTS_NOT_IN_NEW_REGISTER issue): none silently.
   */
  private async reconcile(writer: ImportWriter, importId: string, file: FileFacts): Promise<Reconciled> {
    const councils = [...file.councilRows.keys()].sort();
    // From here to commit, one import per council at a time: a full import retires what the
    // council's earlier imports stored, so it must see them committed (several workers).
    await writer.lockCouncils(councils);
    // Councils that earlier imports stored contracts for; asking the (small) imports table
    // avoids scanning a council's contracts when it has no earlier register at all.
    const earlier = new Set<string>();
    for (const row of await writer.query<{ councils: string | null }>("SELECT councils FROM imports WHERE status = 'completed' AND id <> ?", [importId])) {
      for (const code of JSON.parse(row.councils ?? '[]') as string[]) earlier.add(code);
    }
    const question = { requested: file.requested, councils, otherBuyerRows: file.otherBuyerRows, otherBuyerExamples: file.otherBuyerExamples };
    let register;
    if (needsRegisterSize(question) && earlier.has(councils[0])) {
      const council = councils[0];
      register = { stored: file.councilRows.get(council)!, current: await this.countCurrent(writer, importId, council), wouldRetire: await this.countAbsent(writer, importId, council) };
    }
    const decision = chooseImportMode({ ...question, register });
    const out: Reconciled = { decision, added: 0, changed: 0, unchanged: 0, retired: 0, superseded: 0, noted: 0 };
    if (decision.rule === 'looks-partial') {
      await writer.insertIssues([{ row: null, column: null, value: null, code: 'IMPORTED_AS_UPDATE', severity: 'warning', message: decision.reason }]);
      out.noted++;
    }
    for (const council of councils) {
      if (!earlier.has(council)) {
        out.added += file.councilRows.get(council)!;
        continue;
      }
      // A freshly loaded table has no statistics yet: PostgreSQL then estimated a few rows on each
      // side, chose a nested loop and spent minutes on 60,000 against 60,000 (seen with two workers).
      // A hash join is linear whatever the estimates.
      if (writer.dialect === 'postgres') await writer.execute('SET LOCAL enable_nestloop = off');
      await writer.execute(
        `UPDATE contracts SET previous_contract_id = o.max_id
           FROM (SELECT reference, MAX(id) AS max_id FROM contracts
                  WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND reference IS NOT NULL GROUP BY reference) AS o
          WHERE contracts.import_id = ? AND contracts.council_code = ? AND contracts.reference = o.reference`,
        [council, importId, importId, council],
      );
      if (writer.dialect === 'postgres') await writer.execute('SET LOCAL enable_nestloop = on');
      if (decision.mode === 'update') out.noted += await this.keepFromStored(writer, importId, council, file.fields);
      const [counts] = await writer.query<{ added: unknown; changed: unknown; unchanged: unknown }>(
        `SELECT SUM(CASE WHEN n.previous_contract_id IS NULL THEN 1 ELSE 0 END) AS added,
                SUM(CASE WHEN o.id IS NOT NULL AND ${contentDiffers(writer.dialect, 'n', 'o')} THEN 1 ELSE 0 END) AS changed,
                SUM(CASE WHEN o.id IS NOT NULL AND NOT ${contentDiffers(writer.dialect, 'n', 'o')} THEN 1 ELSE 0 END) AS unchanged
           FROM contracts n LEFT JOIN contracts o ON o.id = n.previous_contract_id
          WHERE n.import_id = ? AND n.council_code = ?`,
        [importId, council],
      );
      out.added += Number(counts?.added ?? 0);
      out.changed += Number(counts?.changed ?? 0);
      out.unchanged += Number(counts?.unchanged ?? 0);
      if (decision.mode === 'full') {
        const retired = await this.countAbsent(writer, importId, council);
        if (retired > 0) {
          const some = await writer.query<{ reference: string | null }>(
            `SELECT o.reference FROM contracts o WHERE o.council_code = ? AND o.is_current = TRUE AND o.import_id <> ? AND ${absentSql(writer.dialect)}
              ORDER BY o.reference IS NULL, o.reference, o.id LIMIT 20`,
            [council, importId, importId, council],
          );
          await writer.insertIssues([{
            row: null, column: null, value: some.map((a) => a.reference ?? '(no reference)').join(', '), code: 'CONTRACTS_NOT_IN_NEW_REGISTER', severity: 'info',
            message: `${retired} contract(s) of ${council}'s previous register are not in this one; as a full register this import retired them: they are kept in the history but no longer current`,
          }]);
          out.noted++;
          out.retired += retired;
        }
        out.superseded += await writer.execute(
          `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ? WHERE council_code = ? AND is_current = TRUE AND import_id <> ?`,
          [importId, council, importId],
        );
      } else {
        // Only the contracts this file holds a newer version of; the rest of the register stays current.
        out.superseded += await writer.execute(
          // The import's references as one list (made once), not a correlated EXISTS: see absentSql.
          `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ?
            WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND reference IS NOT NULL
              AND reference IN (SELECT n.reference FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference IS NOT NULL)`,
          [importId, council, importId, importId, council],
        );
      }
    }
    return out;
  }

  private async countCurrent(writer: ImportWriter, importId: string, council: string): Promise<number> {
    const [row] = await writer.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM contracts WHERE council_code = ? AND is_current = TRUE AND import_id <> ?', [council, importId]);
    return Number(row?.n ?? 0);
  }

  /** Current contracts of the council that a full import would retire: their reference is not in it, or they have none. */
  private async countAbsent(writer: ImportWriter, importId: string, council: string): Promise<number> {
    const [row] = await writer.query<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM contracts o WHERE o.council_code = ? AND o.is_current = TRUE AND o.import_id <> ? AND ${absentSql(writer.dialect)}`,
      [council, importId, importId, council],
    );
    return Number(row?.n ?? 0);
  }

  /** In an update, what the file has no column for stays as stored (see KEPT_GROUPS); says so once per council. */
  private async keepFromStored(writer: ImportWriter, importId: string, council: string, fields: FileFields): Promise<number> {
    const groups = keptGroups(fields.fields, fields.keepsExtras);
    if (groups.length === 0) return 0;
    const kept = await writer.execute(keepFromStoredSql(groups), [importId, council]);
    if (kept === 0) return 0;
    await writer.insertIssues([{
      row: null, column: null, value: groups.map((g) => g.label).join(', '), code: 'FIELDS_KEPT_FROM_STORED', severity: 'info',
      message: `${kept} contract(s) of ${council} in this update keep their ${groups.map((g) => g.label).join(', ')} from the stored contract with the same reference: the file has no column for them`,
    }]);
    return 1;
  }
}

/**
 * True for a stored contract `o` of the council that no contract of this import has the reference
 * of (or that has none). Bound: the import id, the council. SQLite runs a correlated subquery once
 * per row, through the (council, reference) index: with a reference repeated in thousands of rows
 * ("TBC") every stored copy scanned every copy, and 20,000 of them took 80 s. The list of the
 * import's references is made once instead. PostgreSQL turns NOT EXISTS into a hash anti-join (a
 * NOT IN list that outgrows its work memory would be searched row by row), so it keeps that form.
 */
export function absentSql(dialect: 'sqlite' | 'postgres', alias = 'o'): string {
  return dialect === 'postgres'
    ? `(${alias}.reference IS NULL OR NOT EXISTS (SELECT 1 FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference = ${alias}.reference))`
    : `(${alias}.reference IS NULL OR ${alias}.reference NOT IN (SELECT n.reference FROM contracts n WHERE n.import_id = ? AND n.council_code = ? AND n.reference IS NOT NULL))`;
}

interface FileFields {
  /** Fields some column of the file was read as (or read for where the chosen column is blank). */
  fields: ReadonlySet<string>;
  /** Whether some column was kept as an extra attribute. */
  keepsExtras: boolean;
}

/** What the reconciliation needs to know about the file that was read. */
interface FileFacts {
  requested: ImportMode | null;
  /** Contracts stored per council. */
  councilRows: Map<string, number>;
  otherBuyerRows: number;
  otherBuyerExamples: string[];
  fields: FileFields;
}

function fieldsOf(layout: RegisterLayout): FileFields {
  const fields = new Set<string>();
  let keepsExtras = false;
  for (const c of layout.columns) {
    if (c.field) fields.add(c.field);
    else keepsExtras = true;
    if (c.fallbackFor) fields.add(c.fallbackFor);
  }
  return { fields, keepsExtras };
}
