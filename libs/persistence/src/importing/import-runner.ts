import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { ColumnMapping, openRegister, RegisterError, RegisterLayout, RegisterSource } from '@app/ingest';
import { ImportEntity } from '../entities/import.entity';
import { CouncilsRepository } from '../repositories/councils.repository';
import { ImportsRepository } from '../repositories/imports.repository';
import { MappingsRepository } from '../repositories/mappings.repository';
import { WriteGate } from '../write-gate';
import { ImportWriter, PostgresImportWriter, SqliteImportWriter } from './import-writer';
import { canParseInWorker, parseInWorker } from './parse-in-worker';
import { inputSize, RegisterInput, sourceOf } from './register-input';
import { ISSUE_COLUMNS, RowBatch, rowBatches } from './row-batch';

export type Clock = () => string;

export interface RunOptions {
  /** Read this file instead of the stored upload (the CLI streams files from disk). */
  input?: RegisterInput;
  /** Read through this source, in this thread (tests use it to fail part-way). */
  source?: RegisterSource;
  /** Called every few thousand rows with the rows and bytes read so far. */
  onProgress?: (rows: number, bytes: number) => void;
  /** Called as each phase of the import ends, with its name (for `import --timings`). */
  onPhase?: (phase: ImportPhase) => void;
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
 * Runs one import: reads the register, and in one transaction stores its contracts and
 * row issues, supersedes the council's previous register and marks the import complete.
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
  ) {}

  private writer(importId: string): ImportWriter {
    if (this.database.type === 'sqlite') return new SqliteImportWriter(this.database.path, importId);
    return new PostgresImportWriter(this.dataSource, importId);
  }

  async run(importId: string, options: RunOptions = {}): Promise<ImportEntity> {
    const record = await this.imports.findForProcessing(importId);
    if (!record) throw new RegisterError('IMPORT_NOT_FOUND', `no import with id ${importId}`, importId);
    if (record.status === 'completed' || record.status === 'failed') return record;
    await this.imports.update(importId, { status: 'processing', startedAt: this.clock() });

    let input = options.input;
    if (!input && !options.source) {
      const content = await this.imports.readContent(importId);
      if (!content) return this.fail(record, new RegisterError('UPLOAD_MISSING', 'the uploaded file is no longer stored', record.fileName));
      input = { name: record.fileName, bytes: content };
    }
    const saved = record.councilCode ? await this.mappings.findForCouncil(record.councilCode) : null;
    let opened: OpenedInput;
    try {
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
      throw e;
    }
    return (await this.imports.findForProcessing(importId))!;
  }

  /** Large registers are read on a second core while this thread writes; small ones here. */
  private async open(record: ImportEntity, input: RegisterInput | undefined, source: RegisterSource | undefined, savedMapping: ColumnMapping | undefined): Promise<OpenedInput> {
    const directory = await this.councils.directory();
    if (input && !source && inputSize(input) >= WORKER_PARSE_BYTES && canParseInWorker()) {
      return parseInWorker({ importId: record.id, input, councils: directory.all(), council: record.councilCode, savedMapping });
    }
    let bytes = 0;
    const opened = await openRegister(source ?? sourceOf(input!, (n) => (bytes = n)), { councils: directory, council: record.councilCode, savedMapping });
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
      // A large register loads faster with the indexes built afterwards, in the same transaction.
      if (record.fileSize >= BULK_LOAD_BYTES) await writer.beginBulkLoad();
      let rejected = 0;
      let imported = 0;
      let warned = 0;
      let issueCount = 0;
      const councils = new Set<string>();
      // References that may repeat within the register (found by the batcher), checked exactly below.
      const repeated = new Map<string, [string, string]>();
      const supplierNames: [string, string | null, number][] = [];
      let seen = 0;
      for await (const batch of opened.batches) {
        await writer.insertContractValues(batch.contracts);
        await writer.insertIssueValues(batch.issues);
        imported += batch.imported;
        warned += batch.warned;
        for (const council of batch.councils) councils.add(council);
        for (const pair of batch.repeats) repeated.set(`${pair[0]}\u0000${pair[1]}`, pair);
        for (const s of batch.suppliers) supplierNames.push(s);
        issueCount += batch.issues.length / ISSUE_COLUMNS.length;
        rejected += batch.rejected;
        seen += batch.rows;
        options.onProgress?.(seen, batch.bytes);
      }
      options.onPhase?.('load');
      await writer.endBulkLoad();
      options.onPhase?.('indexes');
      const duplicates = await this.markDuplicateReferences(writer, record.id, [...repeated.values()]);
      issueCount += duplicates.issues;
      warned += duplicates.newlyWarned;
      const { superseded, noted } = await this.supersede(writer, record.id, [...councils].sort());
      await this.noteSupplierNames(writer, supplierNames);
      issueCount += noted;
      const layout = { ...opened.layout, mappingSource: usedSaved ? 'saved' : 'auto' };
      await writer.execute(
        `UPDATE imports SET status = 'completed', layout = ?, councils = ?, rows = ?, imported = ?, with_warnings = ?, rejected = ?,
           superseded = ?, issue_count = ?, finished_at = ?, error_code = NULL, error_message = NULL WHERE id = ?`,
        [JSON.stringify(layout), JSON.stringify([...councils].sort()), imported + rejected, imported, warned, rejected, superseded, issueCount, this.clock(), record.id],
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
    for (const [name, companyNumber, uses] of names) {
      await writer.execute(
        `INSERT INTO supplier_names (name, company_number, uses, first_seen_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET uses = supplier_names.uses + excluded.uses, company_number = COALESCE(supplier_names.company_number, excluded.company_number)`,
        [name, companyNumber, uses, now],
      );
    }
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

  /** The councils in this import replace their previous registers: history kept, links made by reference. */
  private async supersede(writer: ImportWriter, importId: string, councils: string[]): Promise<{ superseded: number; noted: number }> {
    let superseded = 0;
    let noted = 0;
    // Councils that earlier imports stored contracts for; asking the (small) imports table
    // avoids scanning a council's contracts when it has no earlier register at all.
    const earlier = new Set<string>();
    for (const row of await writer.query<{ councils: string | null }>("SELECT councils FROM imports WHERE status = 'completed' AND id <> ?", [importId])) {
      for (const code of JSON.parse(row.councils ?? '[]') as string[]) earlier.add(code);
    }
    for (const council of councils) {
      if (!earlier.has(council)) continue;
      await writer.execute(
        `UPDATE contracts SET previous_contract_id = o.max_id
           FROM (SELECT reference, MAX(id) AS max_id FROM contracts
                  WHERE council_code = ? AND is_current = TRUE AND import_id <> ? AND reference IS NOT NULL GROUP BY reference) AS o
          WHERE contracts.import_id = ? AND contracts.council_code = ? AND contracts.reference = o.reference`,
        [council, importId, importId, council],
      );
      const absent = await writer.query<{ reference: string | null }>(
        `SELECT o.reference FROM contracts o WHERE o.council_code = ? AND o.is_current = TRUE AND o.import_id <> ?
           AND (o.reference IS NULL OR NOT EXISTS (SELECT 1 FROM contracts n WHERE n.import_id = ? AND n.council_code = o.council_code AND n.reference = o.reference))`,
        [council, importId, importId],
      );
      if (absent.length > 0) {
        const refs = absent.map((a) => a.reference ?? '(no reference)');
        await writer.insertIssues([{
          row: null, column: null, value: refs.slice(0, 20).join(', '), code: 'CONTRACTS_NOT_IN_NEW_REGISTER', severity: 'info',
          message: `${absent.length} contract(s) of ${council}'s previous register are not in this one; they are kept in the history but no longer current`,
        }]);
        noted++;
      }
      superseded += await writer.execute(
        `UPDATE contracts SET is_current = FALSE, superseded_by_import_id = ? WHERE council_code = ? AND is_current = TRUE AND import_id <> ?`,
        [importId, council, importId],
      );
    }
    return { superseded, noted };
  }
}
