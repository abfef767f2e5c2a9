import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { NormalisedContract, openRegister, OpenedRegister, RegisterError, RegisterSource, RowIssue } from '@app/ingest';
import { ImportEntity } from '../entities/import.entity';
import { CouncilsRepository } from '../repositories/councils.repository';
import { ImportsRepository } from '../repositories/imports.repository';
import { MappingsRepository } from '../repositories/mappings.repository';
import { WriteGate } from '../write-gate';
import { ImportWriter, PostgresImportWriter, SqliteImportWriter } from './import-writer';

export type Clock = () => string;

export interface RunOptions {
  /** Read these bytes instead of the stored upload (the CLI streams files from disk). */
  source?: RegisterSource;
  /** Called every few thousand rows with the number of rows read. */
  onProgress?: (rows: number) => void;
}

const BATCH_ROWS = 2000;

function bufferSource(name: string, content: Buffer): RegisterSource {
  return {
    name,
    async *open() {
      for (let i = 0; i < content.length; i += 1 << 20) yield content.subarray(i, i + (1 << 20));
    },
  };
}

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

  private writer(): ImportWriter {
    if (this.database.type === 'sqlite') return new SqliteImportWriter(this.database.path);
    return new PostgresImportWriter(this.dataSource);
  }

  async run(importId: string, options: RunOptions = {}): Promise<ImportEntity> {
    const record = await this.imports.findForProcessing(importId);
    if (!record) throw new RegisterError('IMPORT_NOT_FOUND', `no import with id ${importId}`, importId);
    if (record.status === 'completed' || record.status === 'failed') return record;
    await this.imports.update(importId, { status: 'processing', startedAt: this.clock() });

    let source = options.source;
    if (!source) {
      const content = await this.imports.readContent(importId);
      if (!content) return this.fail(record, new RegisterError('UPLOAD_MISSING', 'the uploaded file is no longer stored', record.fileName));
      source = bufferSource(record.fileName, content);
    }
    const saved = record.councilCode ? await this.mappings.findForCouncil(record.councilCode) : null;
    let opened: OpenedRegister;
    try {
      opened = await openRegister(source, { councils: await this.councils.directory(), council: record.councilCode, savedMapping: saved ?? undefined });
    } catch (e) {
      if (e instanceof RegisterError) return this.fail(record, e);
      throw e;
    }
    try {
      await this.gate.run(() => this.write(record, opened, saved !== null, options));
    } catch (e) {
      if (e instanceof RegisterError) return this.fail(record, e);
      throw e;
    }
    return (await this.imports.findForProcessing(importId))!;
  }

  private async fail(record: ImportEntity, error: RegisterError): Promise<ImportEntity> {
    const changes = { status: 'failed' as const, errorCode: error.code, errorMessage: error.message, finishedAt: this.clock() };
    await this.imports.update(record.id, changes);
    return { ...record, ...changes };
  }

  private async write(record: ImportEntity, opened: OpenedRegister, usedSaved: boolean, options: RunOptions): Promise<void> {
    const writer = this.writer();
    try {
      await writer.begin();
      let contracts: NormalisedContract[] = [];
      let issues: RowIssue[] = [];
      let rejected = 0;
      let issueCount = 0;
      let seen = 0;
      const flush = async () => {
        await writer.insertContracts(record.id, contracts);
        await writer.insertIssues(record.id, issues);
        issueCount += issues.length;
        contracts = [];
        issues = [];
      };
      for await (const outcome of opened.rows) {
        seen++;
        if (outcome.contract) contracts.push(outcome.contract);
        else rejected++;
        for (const issue of outcome.issues) issues.push(issue);
        if (contracts.length >= BATCH_ROWS || issues.length >= BATCH_ROWS) await flush();
        if (seen % 5000 === 0) options.onProgress?.(seen);
      }
      await flush();
      options.onProgress?.(seen);
      issueCount += await this.markDuplicateReferences(writer, record.id);
      const { councils, superseded, noted } = await this.supersede(writer, record.id);
      issueCount += noted;
      const [counts] = await writer.query<{ imported: number; warned: number }>(
        'SELECT COUNT(*) AS imported, COALESCE(SUM(CASE WHEN has_warnings THEN 1 ELSE 0 END), 0) AS warned FROM contracts WHERE import_id = ?',
        [record.id],
      );
      const imported = Number(counts.imported);
      const layout = { ...opened.layout, mappingSource: usedSaved ? 'saved' : 'auto' };
      await writer.execute(
        `UPDATE imports SET status = 'completed', layout = ?, councils = ?, rows = ?, imported = ?, with_warnings = ?, rejected = ?,
           superseded = ?, issue_count = ?, finished_at = ?, error_code = NULL, error_message = NULL WHERE id = ?`,
        [JSON.stringify(layout), JSON.stringify(councils), imported + rejected, imported, Number(counts.warned), rejected, superseded, issueCount, this.clock(), record.id],
      );
      await writer.commit();
    } catch (e) {
      await writer.rollback();
      throw e;
    } finally {
      await writer.release();
    }
  }

  /** A reference used twice for one council in one register cannot be matched later: warn on each repeat. */
  private async markDuplicateReferences(writer: ImportWriter, importId: string): Promise<number> {
    const dups = await writer.query<{ id: number; row_number: number; reference: string; council_code: string; first_row: number }>(
      `SELECT c.id, c.row_number, c.reference, c.council_code, d.first_row FROM contracts c
         JOIN (SELECT council_code, reference, MIN(row_number) AS first_row FROM contracts WHERE import_id = ? AND reference IS NOT NULL
               GROUP BY council_code, reference HAVING COUNT(*) > 1) d
           ON d.council_code = c.council_code AND d.reference = c.reference
        WHERE c.import_id = ? AND c.row_number > d.first_row`,
      [importId, importId],
    );
    if (dups.length === 0) return 0;
    await writer.insertIssues(importId, dups.map((d) => ({
      row: d.row_number, column: null, value: d.reference, code: 'DUPLICATE_REFERENCE', severity: 'warning' as const,
      message: `reference ${d.reference} is also used on row ${d.first_row}; both kept, but a newer register cannot tell them apart`,
    })));
    for (const d of dups) await writer.execute('UPDATE contracts SET has_warnings = TRUE WHERE id = ?', [d.id]);
    return dups.length;
  }

  /** The councils in this import replace their previous registers: history kept, links made by reference. */
  private async supersede(writer: ImportWriter, importId: string): Promise<{ councils: string[]; superseded: number; noted: number }> {
    const councils = (await writer.query<{ council_code: string }>('SELECT DISTINCT council_code FROM contracts WHERE import_id = ? ORDER BY council_code', [importId])).map((r) => r.council_code);
    let superseded = 0;
    let noted = 0;
    for (const council of councils) {
      await writer.execute(
        `UPDATE contracts SET previous_contract_id = (
           SELECT MAX(o.id) FROM contracts o WHERE o.council_code = contracts.council_code AND o.reference = contracts.reference
             AND o.is_current = TRUE AND o.import_id <> contracts.import_id)
         WHERE import_id = ? AND council_code = ? AND reference IS NOT NULL`,
        [importId, council],
      );
      const absent = await writer.query<{ reference: string | null }>(
        `SELECT o.reference FROM contracts o WHERE o.council_code = ? AND o.is_current = TRUE AND o.import_id <> ?
           AND (o.reference IS NULL OR NOT EXISTS (SELECT 1 FROM contracts n WHERE n.import_id = ? AND n.council_code = o.council_code AND n.reference = o.reference))`,
        [council, importId, importId],
      );
      if (absent.length > 0) {
        const refs = absent.map((a) => a.reference ?? '(no reference)');
        await writer.insertIssues(importId, [{
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
    return { councils, superseded, noted };
  }
}
