import { HttpStatus } from '@nestjs/common';

/** Domain error codes → HTTP status, in one place. */
export function statusForCode(code: string): HttpStatus {
  switch (code) {
    case 'COUNCIL_UNKNOWN':
    case 'COUNCIL_AMBIGUOUS':
    case 'COUNCIL_REQUIRED':
    case 'FILE_REQUIRED':
    case 'MAPPING_INVALID':
    case 'DATE_INVALID':
    case 'DATE_IMPLAUSIBLE':
    case 'NOT_CSV':
    case 'EMPTY_FILE':
    case 'NO_HEADER_ROW':
    case 'NO_ROWS':
    case 'CSV_MALFORMED':
    case 'VALIDATION':
      return HttpStatus.BAD_REQUEST;
    case 'REFERENCE_REQUIRED':
    case 'NO_REQUIRED_COLUMNS':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'STORAGE_FULL':
      return HttpStatus.INSUFFICIENT_STORAGE;
    case 'IMPORT_NOT_FOUND':
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    default:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

export class DomainError extends Error {
  constructor(readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * A client error raised below Nest (the body parser's "request entity too large", malformed JSON):
 * its status and a message safe to show, or null for anything else (then it is a 500).
 */
export function clientErrorOf(exception: unknown): { status: number; message: string } | null {
  const e = exception as { status?: unknown; expose?: unknown; type?: unknown } | null;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) return null;
  if (e.status === 413) return { status: 413, message: 'the request is larger than this server accepts (REQUEST_BODY_LIMIT_KB; files: UPLOAD_LIMIT_MB)' };
  if (e.type === 'entity.parse.failed') return { status: 400, message: 'the request body could not be read as JSON' };
  return { status: e.status, message: 'the request could not be read' };
}
