/**
 * Serialises writes within one process. SQLite allows one writer at a time and
 * better-sqlite3 waits for a lock synchronously, which would freeze the event loop
 * (and so the import holding the lock); queueing writes here waits asynchronously instead.
 */
export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
