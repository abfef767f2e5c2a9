import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { ChangeKind, CouncilsRepository, ImportEntity, ImportMode, ImportsRepository } from '@app/persistence';
import { ImportIntake, parseImportMode, sha256 } from '@app/importing';
import { JobQueue, QueueUnavailable } from '@app/queue';
import { DomainError } from '../errors/error-codes';
import { assertMayWriteFor, Principal, readScope } from '../auth/principal';
import { changeView, importView, issueView } from './import-view';

const ISSUES_IN_REPORT = 1000;
/** Added, changed and retired contracts listed in a report, each (all of them: GET /api/imports/:id/changes). */
export const CHANGES_IN_REPORT = 1000;

/** "full", "update" or nothing (the rule decides); anything else is a 400. */
export function requestedMode(raw: unknown): ImportMode | null {
  const mode = parseImportMode(raw);
  if (mode === undefined) throw new DomainError('VALIDATION', `mode must be "full" or "update", not "${String(raw)}"`, { field: 'mode', value: String(raw) });
  return mode;
}

@Injectable()
export class ImportsService {
  constructor(
    private readonly intake: ImportIntake,
    private readonly imports: ImportsRepository,
    private readonly councils: CouncilsRepository,
    private readonly queue: JobQueue,
  ) {}

  /** Which council an upload is for: the token's own, the form field, or the file name. */
  private async councilFor(principal: Principal, requested: string | undefined, fileName: string): Promise<string | null> {
    const directory = await this.councils.directory();
    if (requested) {
      const match = directory.resolve(requested);
      if (match.kind === 'none') throw new DomainError('COUNCIL_UNKNOWN', `council "${requested}" is not a GSS code or council name the register knows`, { value: requested });
      if (match.kind === 'ambiguous') throw new DomainError('COUNCIL_AMBIGUOUS', `"${requested}" names more than one council (${match.codes.join(', ')})`, { value: requested });
      if (principal.role === 'council' && match.code !== principal.councilCode) throw new ForbiddenException(`this token acts for ${principal.councilCode} only`);
      return match.code;
    }
    if (principal.role === 'council') return principal.councilCode;
    const fromName = directory.resolveFileName(fileName);
    return fromName.kind === 'found' ? fromName.code : null;
  }

  async upload(principal: Principal, file: Express.Multer.File | undefined, requestedCouncil: string | undefined, rawMode?: string) {
    if (!file) throw new DomainError('FILE_REQUIRED', 'send the register as a multipart form field named "file"');
    const mode = requestedMode(rawMode);
    if (principal.role === 'analyst') assertMayWriteFor(principal, null);
    const councilCode = await this.councilFor(principal, requestedCouncil, file.originalname);
    assertMayWriteFor(principal, councilCode);
    const result = await this.intake.accept({
      fileName: file.originalname, content: file.buffer, sha256: sha256(file.buffer), size: file.size, councilCode, createdBy: principal.tokenId, mode,
    });
    if (result.kind === 'unchanged') {
      return { id: result.record.id, status: 'unchanged' as const, message: 'these bytes are already the current register for this council; nothing was imported' };
    }
    return this.queued(result.record.id, result.record.status, mode);
  }

  /**
   * Hands a kept upload to the queue. With Redis unreachable the upload stays kept, 'queued', and is
   * queued when Redis is back (QueueModule retries): the answer says so at once instead of hanging.
   */
  private async queued(id: string, status: string, mode: ImportMode | null) {
    try {
      await this.queue.enqueue('import', mode ? { importId: id, mode } : { importId: id });
    } catch (e) {
      if (!(e instanceof QueueUnavailable)) throw e;
      return { id, status, message: 'the upload is kept, but the job queue is unreachable just now: it will be imported when the queue is back' };
    }
    return { id, status };
  }

  /** The same bytes imported again (after the council changed its column mapping), in the mode their upload asked for. */
  async reimport(principal: Principal, councilCode: string, fileName: string, content: Buffer, mode: ImportMode | null = null) {
    assertMayWriteFor(principal, councilCode);
    const result = await this.intake.accept({ fileName, content, sha256: sha256(content), size: content.length, councilCode, createdBy: principal.tokenId, force: true, mode });
    return this.queued(result.record.id, result.record.status, mode);
  }

  async report(principal: Principal, id: string) {
    const record = await this.imports.findInScope(readScope(principal), id);
    if (!record) throw new NotFoundException(`no import ${id} that this token may see`);
    return importView(record, await this.imports.issues(id, 0, ISSUES_IN_REPORT), await this.changeLists(record, CHANGES_IN_REPORT));
  }

  private async changeLists(record: ImportEntity, limit: number) {
    return {
      added: await this.imports.changes(record, 'added', 0, limit),
      changed: await this.imports.changes(record, 'changed', 0, limit),
      retired: await this.imports.changes(record, 'retired', 0, limit),
    };
  }

  /** Every contract the import added, changed or retired, a page at a time. */
  async changes(principal: Principal, id: string, kind: ChangeKind, offset: number, limit: number) {
    const record = await this.imports.findInScope(readScope(principal), id);
    if (!record) throw new NotFoundException(`no import ${id} that this token may see`);
    const total = kind === 'added' ? record.added : kind === 'changed' ? record.changed : record.retired;
    return { kind, total, offset, limit, items: (await this.imports.changes(record, kind, offset, limit)).map(changeView) };
  }

  async issues(principal: Principal, id: string, offset: number, limit: number) {
    const record = await this.imports.findInScope(readScope(principal), id);
    if (!record) throw new NotFoundException(`no import ${id} that this token may see`);
    return { total: record.issueCount, offset, limit, items: (await this.imports.issues(id, offset, limit)).map(issueView) };
  }
}
