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
    case 'CSV_MALFORMED':
    case 'VALIDATION':
      return HttpStatus.BAD_REQUEST;
    case 'REFERENCE_REQUIRED':
    case 'NO_REQUIRED_COLUMNS':
      return HttpStatus.UNPROCESSABLE_ENTITY;
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
