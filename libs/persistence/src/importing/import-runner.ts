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

/** A 53-bit hash of a string (two mixed 32-bit lanes), for spotting repeats without keeping the strings. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
/** Uploads at least this large load without secondary indexes, which are rebuilt at the end. */
export const BULK_LOAD_BYTES = 16 * 1024 * 1024;

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
      // A large register loads faster with the indexes built afterwards, in the same transaction.
      if (record.fileSize >= BULK_LOAD_BYTES) await writer.beginBulkLoad();
      let contracts: NormalisedContract[] = [];
      let issues: RowIssue[] = [];
      let rejected = 0;
      let imported = 0;
      let warned = 0;
      let issueCount = 0;
      const councils = new Set<string>();
      // References seen so far, by hash: a repeat is only a candidate, checked exactly in SQL.
      const seenReferences = new Set<number>();
      const repeated = new Map<string, [string, string]>();
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
        if (outcome.contract) {
          contracts.push(outcome.contract);
          imported++;
          if (outcome.contract.hasWarnings) warned++;
          const { councilCode, reference } = outcome.contract;
          councils.add(councilCode);
          if (reference !== null) {
            const key = `${councilCode}\u0000${reference}`;
            const h = hash53(key);
            if (seenReferences.has(h)) repeated.set(key, [councilCode, reference]);
            else seenReferences.add(h);
          }
        } else rejected++;
        for (const issue of outcome.issues) issues.push(issue);
        if (contracts.length >= BATCH_ROWS || issues.length >= BATCH_ROWS) await flush();
        if (seen % 5000 === 0) options.onProgress?.(seen);
      }
      await flush();
      options.onProgress?.(seen);
      await writer.endBulkLoad();
      seenReferences.clear();
      const duplicates = await this.markDuplicateReferences(writer, record.id, [...repeated.values()]);
      issueCount += duplicates.issues;
      warned += duplicates.newlyWarned;
      const { superseded, noted } = await this.supersede(writer, record.id, [...councils].sort());
      issueCount += noted;
      const layout = { ...opened.layout, mappingSource: usedSaved ? 'saved' : 'auto' };
      await writer.execute(
        `UPDATE imports SET status = 'completed', layout = ?, councils = ?, rows = ?, imported = ?, with_warnings = ?, rejected = ?,
           superseded = ?, issue_count = ?, finished_at = ?, error_code = NULL, error_message = NULL WHERE id = ?`,
        [JSON.stringify(layout), JSON.stringify([...councils].sort()), imported + rejected, imported, warned, rejected, superseded, issueCount, this.clock(), record.id],
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
      await writer.insertIssues(importId, repeats.map((d) => ({
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
    for (const council of councils) {
      const [{ n }] = await writer.query<{ n: number }>('SELECT COUNT(*) AS n FROM contracts WHERE council_code = ? AND is_current = TRUE AND import_id <> ?', [council, importId]);
      if (Number(n) === 0) continue;
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
    return { superseded, noted };
  }
}
