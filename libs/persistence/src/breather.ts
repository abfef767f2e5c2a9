import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * For loops of database work on the event loop's thread: better-sqlite3 answers synchronously, so
 * a loop of awaited statements never lets a waiting request in. The function returned yields one
 * turn of the event loop whenever `everyMs` have passed since it last did.
 */
export function breather(everyMs = 20): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await nextTurn();
    last = performance.now();
  };
}
