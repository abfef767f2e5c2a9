/**
 * What a database error means for the person who met it, in plain words, or null for errors that
 * are not about the database being unavailable (a bug, a constraint). Covers the faults an operator
 * can do something about: another process holding SQLite's write lock, a full disk, a database
 * that cannot be reached.
 */
export function databaseTrouble(e: unknown): string | null {
  const { code, message } = codeAndMessage(e);
  if (isBusy(e) || code.startsWith('SQLITE_LOCKED')) {
    return 'the database is busy with another process\'s write (an import or a backup) that did not finish within DATABASE_BUSY_TIMEOUT_MS: try again when it has finished';
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || /disk (I\/O error|is full)|ENOSPC|EFBIG/.test(message) || code === '53100') {
    return 'the database could not be written: its disk is full or not writable: free space (or check the disk) and try again';
  }
  if (code === 'ECONNREFUSED' || code === '57P01' || code === '57P03') return 'the database could not be reached: try again when it is back';
  return null;
}

/** True for SQLite's "another connection holds the write lock" (after the connection's own busy timeout). */
export function isBusy(e: unknown): boolean {
  const { code, message } = codeAndMessage(e);
  return code.startsWith('SQLITE_BUSY') || /database is locked/.test(message);
}

function codeAndMessage(e: unknown): { code: string; message: string } {
  const error = e as { code?: unknown; message?: unknown };
  return { code: typeof error?.code === 'string' ? error.code : '', message: typeof error?.message === 'string' ? error.message : '' };
}
