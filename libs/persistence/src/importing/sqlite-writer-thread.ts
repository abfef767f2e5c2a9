import { parentPort, workerData } from 'node:worker_threads';
import { SqliteImportWriter } from './sqlite-import-writer';
import type { WriterCall, WriterReply } from './threaded-import-writer';

// The embedded default's import writer on a thread of its own: the statements of one import (its
// inserts, reconciliation and commit) run here, one call at a time as the import runner sends
// them, so the API's event loop stays free for other requests while a large register is written.
const { file, importId, busyTimeoutMs } = workerData as { file: string; importId: string; busyTimeoutMs?: number };
const writer = new SqliteImportWriter(file, importId, busyTimeoutMs);
const port = parentPort!;

port.on('message', (call: WriterCall) => {
  const method = writer[call.method] as (...args: unknown[]) => Promise<unknown>;
  // A statement that throws at once ends up here as a rejection too.
  void Promise.resolve()
    .then(() => method.apply(writer, call.args))
    .then(
      (result) => port.postMessage({ id: call.id, result } satisfies WriterReply),
      (e: Error & { code?: string }) => port.postMessage({ id: call.id, error: { message: e.message, code: e.code } } satisfies WriterReply),
    );
});
