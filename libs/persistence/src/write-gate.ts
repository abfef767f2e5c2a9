import { isBusy } from './database-trouble';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serialises writes within one process. SQLite allows one writer at a time and
 * better-sqlite3 waits for a lock synchronously, which would freeze the event loop
 * (and so the import holding the lock); queueing writes here waits asynchronously instead.
 *
 * Another process's lock (a CLI import, a worker) cannot be queued for here. Once `retryBusyFor`
 * is set, the connection waits only a moment for it (its busy timeout is made short) and a write
 * that finds the lock taken is tried again after a pause, without holding the event loop, until
 * the patience given has run out; then the busy error is thrown as before. A write that found the
 * lock taken wrote nothing (a statement, or a transaction rolled back), so trying it again is safe.
 */
export class WriteGate {
  private tail: Promise<unknown> = Promise.resolve();
  private patienceMs = 0;
  private writes = 0;

  /** Changes after every write through the gate (done or failed): what was read before may be out of date. */
  get generation(): number {
    return this.writes;
  }

  retryBusyFor(ms: number): void {
    this.patienceMs = ms;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const attempt = () => this.attempt(work).finally(() => {
      this.writes++;
    });
    const result = this.tail.then(attempt, attempt);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async attempt<T>(work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    let pause = 20;
    for (;;) {
      try {
        return await work();
      } catch (e) {
        if (!isBusy(e) || Date.now() - started + pause > this.patienceMs) throw e;
        await sleep(pause);
        pause = Math.min(pause * 2, 500);
      }
    }
  }
}
