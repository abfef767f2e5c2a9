import { createHash, randomUUID } from 'node:crypto';
import { RegisterError } from '@app/ingest';
import { Clock, ImportEntity, ImportMode, ImportsRepository } from '@app/persistence';

export interface IntakeRequest {
  fileName: string;
  /** Bytes to keep for a worker; the CLI passes null and streams from disk. */
  content: Buffer | null;
  sha256: string;
  size: number;
  councilCode: string | null;
  createdBy: string | null;
  /** Import even when the bytes are the current register (the council changed its column mapping). */
  force?: boolean;
  /** Full register or update, as the upload said; absent or null: the rule decides when it runs (see chooseImportMode). */
  mode?: ImportMode | null;
}

export type IntakeResult = { kind: 'queued'; record: ImportEntity } | { kind: 'unchanged'; record: ImportEntity };

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Records an upload, unless it is the same bytes as the council's latest import: importing them
 * again would change nothing. Except when the upload now says `full` and that import did not run
 * as one (it was an update, so a full import of the same bytes retires what the file lacks).
 */
export class ImportIntake {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly clock: Clock,
    /** Bytes of uploaded files kept per council (UPLOAD_STORE_MB_PER_COUNCIL), and days they are kept after their import (UPLOAD_RETENTION_DAYS). */
    private readonly storage: { perCouncilBytes: number; retentionDays: number } = { perCouncilBytes: 500 * 1024 * 1024, retentionDays: 30 },
  ) {}

  /** Deletes stored files older than the retention (the import records stay); run at start-up and with each upload. */
  async pruneStoredFiles(): Promise<number> {
    return this.imports.pruneFiles(new Date(Date.parse(this.clock()) - this.storage.retentionDays * 86_400_000).toISOString());
  }

  async accept(request: IntakeRequest): Promise<IntakeResult> {
    const latest = await this.imports.findLatestCompleted(request.councilCode);
    const mode = request.mode ?? null;
    const again = latest && latest.fileSha256 === request.sha256 && !(mode === 'full' && latest.mode !== 'full');
    if (!request.force && latest && again) return { kind: 'unchanged', record: latest };
    const record = Object.assign(new ImportEntity(), {
      id: randomUUID(), councilCode: request.councilCode, fileName: request.fileName, fileSha256: request.sha256, fileSize: request.size,
      status: 'queued', layout: null, councils: null, rows: 0, imported: 0, withWarnings: 0, rejected: 0, superseded: 0, issueCount: 0,
      modeRequested: mode, mode: null, modeRule: null, modeReason: null, added: null, changed: null, unchanged: null, retired: null,
      errorCode: null, errorMessage: null, createdBy: request.createdBy, createdAt: this.clock(), startedAt: null, finishedAt: null,
    } satisfies ImportEntity);
    if (request.content) {
      await this.pruneStoredFiles();
      if (!(await this.imports.makeRoom(request.councilCode, request.content.length, this.storage.perCouncilBytes))) {
        const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
        throw new RegisterError('STORAGE_FULL', `there is no room to keep this upload: ${request.councilCode ?? 'this uploader'}'s files waiting to be imported already use up to ${mb(this.storage.perCouncilBytes)} (UPLOAD_STORE_MB_PER_COUNCIL); wait for them to finish and try again`, request.fileName);
      }
    }
    await this.imports.create(record, request.content);
    return { kind: 'queued', record };
  }
}
