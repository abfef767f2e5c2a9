import { DataSource, IsNull } from 'typeorm';
import { CouncilScope } from '../council-scope';
import { ImportIssueEntity } from '../entities/import-issue.entity';
import { ImportEntity } from '../entities/import.entity';
import { placeholders, Dialect } from '../sql-dialect';
import { WriteGate } from '../write-gate';
import { ChangeKind, ImportChange, listChanges } from '../importing/import-changes';

export class ImportsRepository {
  private readonly dialect: Dialect;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate) {
    this.dialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /** Stores a new import record, and the uploaded bytes when a worker is to read them later. */
  async create(record: ImportEntity, content: Buffer | null): Promise<void> {
    await this.gate.run(() =>
      this.dataSource.transaction(async (m) => {
        await m.getRepository(ImportEntity).insert(record);
        if (content) await m.query(placeholders(this.dialect, 'INSERT INTO import_files (import_id, content) VALUES (?, ?)'), [record.id, content]);
      }),
    );
  }

  /** An import, if the scope may see it: a council sees its own uploads only. */
  async findInScope(scope: CouncilScope, id: string): Promise<ImportEntity | null> {
    const found = await this.findForProcessing(id);
    if (!found) return null;
    if (scope.kind === 'council' && found.councilCode !== scope.code) return null;
    return found;
  }

  /** Imports by id (a contract's history names the imports that stored each version), without their files. */
  async findManyByIds(ids: string[]): Promise<ImportEntity[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.dataSource.getRepository(ImportEntity).createQueryBuilder('i').where('i.id IN (:...ids)', { ids: unique }).getMany();
  }

  /** Imports not finished ('queued' or 'processing'), oldest first, and whether their file is stored (an upload) or was read from disk (the CLI). */
  async unfinished(): Promise<{ id: string; status: string; createdAt: string; startedAt: string | null; stored: boolean }[]> {
    const rows = (await this.dataSource.query(
      `SELECT i.id, i.status, i.created_at, i.started_at, CASE WHEN EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id) THEN 1 ELSE 0 END AS stored
         FROM imports i WHERE i.status IN ('queued', 'processing') ORDER BY i.created_at, i.id`,
    )) as Record<string, unknown>[];
    return rows.map((r) => ({ id: String(r.id), status: String(r.status), createdAt: String(r.created_at), startedAt: (r.started_at as string) ?? null, stored: Number(r.stored) === 1 }));
  }

  /** An import that can never finish (its process stopped and its file is not stored) is failed with why, if still unfinished. */
  async failUnfinished(id: string, code: string, message: string, at: string): Promise<boolean> {
    const result = await this.gate.run(() => this.dataSource.createQueryBuilder().update(ImportEntity)
      .set({ status: 'failed', errorCode: code, errorMessage: message, finishedAt: at })
      .where('id = :id', { id }).andWhere('status IN (:...open)', { open: ['queued', 'processing'] }).execute());
    return (result.affected ?? 0) > 0;
  }

  /**
   * Makes room for a new upload of `size` bytes in a council's stored files (uploads are kept so a
   * worker can read them and a council can import one again with a new column mapping): the files
   * of its finished imports go, oldest first, until the new one fits within `limit`. False when it
   * cannot fit even then (the council's unfinished uploads fill the room).
   */
  async makeRoom(councilCode: string | null, size: number, limit: number): Promise<boolean> {
    if (size > limit) return false;
    const rows = (await this.dataSource.query(placeholders(this.dialect,
      `SELECT i.id, i.file_size, i.status FROM imports i JOIN import_files f ON f.import_id = i.id
        WHERE ${councilCode === null ? 'i.council_code IS NULL' : 'i.council_code = ?'} ORDER BY i.created_at, i.id`),
    councilCode === null ? [] : [councilCode])) as { id: string; file_size: number | string; status: string }[];
    let used = rows.reduce((n, r) => n + Number(r.file_size), 0);
    const drop: string[] = [];
    for (const r of rows) {
      if (used + size <= limit) break;
      if (r.status !== 'completed' && r.status !== 'failed') continue;
      drop.push(r.id);
      used -= Number(r.file_size);
    }
    if (drop.length > 0) await this.dropFiles(drop);
    return used + size <= limit;
  }

  /** Deletes the stored files of imports that finished before `before` (UPLOAD_RETENTION_DAYS); the import records stay. */
  async pruneFiles(before: string): Promise<number> {
    const rows = (await this.dataSource.query(placeholders(this.dialect,
      `SELECT f.import_id FROM import_files f JOIN imports i ON i.id = f.import_id WHERE i.status IN ('completed', 'failed') AND i.finished_at < ?`), [before])) as { import_id: string }[];
    await this.dropFiles(rows.map((r) => r.import_id));
    return rows.length;
  }

  private async dropFiles(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const some = ids.slice(i, i + 500);
      await this.gate.run(() => this.dataSource.query(placeholders(this.dialect, `DELETE FROM import_files WHERE import_id IN (${some.map(() => '?').join(', ')})`), some));
    }
  }

  /** For the job runner, which acts for whoever uploaded the file. */
  async findForProcessing(id: string): Promise<ImportEntity | null> {
    return this.dataSource.getRepository(ImportEntity).findOne({ where: { id } });
  }

  async readContent(id: string): Promise<Buffer | null> {
    const rows: { content: Buffer | Uint8Array }[] = await this.dataSource.query(placeholders(this.dialect, 'SELECT content FROM import_files WHERE import_id = ?'), [id]);
    return rows[0] ? Buffer.from(rows[0].content) : null;
  }

  /** The council's newest completed import, to tell a re-upload of the same bytes. */
  /** When the latest completed import finished (ISO), or null before the first. */
  async lastCompletedAt(): Promise<string | null> {
    const rows = (await this.dataSource.query("SELECT MAX(finished_at) AS at FROM imports WHERE status = 'completed'")) as { at: string | null }[];
    return rows[0]?.at ?? null;
  }

  async findLatestCompleted(councilCode: string | null): Promise<ImportEntity | null> {
    return this.dataSource.getRepository(ImportEntity).findOne({
      where: { councilCode: councilCode ?? IsNull(), status: 'completed' },
      order: { finishedAt: 'DESC' },
    });
  }

  async update(id: string, changes: Partial<ImportEntity>): Promise<void> {
    await this.gate.run(() => this.dataSource.getRepository(ImportEntity).update({ id }, changes));
  }

  async issues(importId: string, offset: number, limit: number): Promise<ImportIssueEntity[]> {
    return this.dataSource.getRepository(ImportIssueEntity).find({ where: { importId }, order: { row: 'ASC', id: 'ASC' }, skip: offset, take: limit });
  }

  /** What a completed import added, changed or retired, a page at a time (by council, then reference). */
  async changes(record: ImportEntity, kind: ChangeKind, offset: number, limit: number): Promise<ImportChange[]> {
    return listChanges((sql, params) => this.dataSource.query(sql, params), this.dialect, record, kind, offset, limit);
  }
}
