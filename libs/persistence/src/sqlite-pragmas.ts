/** Waits this long for another process's write lock before giving up (unless DATABASE_BUSY_TIMEOUT_MS says otherwise). */
export const SQLITE_BUSY_TIMEOUT_MS = 60_000;

/**
 * How long the API's (or a worker's) own connection waits for another process's write lock in one
 * go, once started: the event loop waits with it, so a moment only; the write gate tries again.
 */
export const SQLITE_EVENT_LOOP_WAIT_MS = 50;

/** Page size of a newly created SQLite database. */
export const SQLITE_PAGE_SIZE = 16384;

export function sqlitePragmas(db: { pragma(sql: string): unknown }, busyTimeoutMs = SQLITE_BUSY_TIMEOUT_MS): void {
  db.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  // A new database gets 16 KiB pages (a no-op once the database has any): a national register
  // then loads, indexes and checkpoints with a quarter of the page handling of the 4 KiB default.
  db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}
