import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { AnalysisReader, ReadThreadMessage, ReadThreadRequest } from './analysis-reader';
import { buffersOf, FactsColumnsWriter } from './facts-columns';

/**
 * One reading thread of the analysis (see AnalysisReader.readInThreads): opens the SQLite file read
 * only, reads its range of ids in one read transaction as the reader does on the main thread, and
 * sends the facts back as columns whose buffers are moved, not copied.
 */
async function main(request: ReadThreadRequest): Promise<void> {
  const db = new Database(request.file, { readonly: true, fileMustExist: true });
  try {
    // The reader's few queries outside the scan (supplier directory, corrections) go through this.
    const store = {
      options: { type: 'better-sqlite3', database: request.file },
      driver: { databaseConnection: db },
      query: async (sql: string, params: unknown[] = []) => db.prepare(sql).all(...params),
    } as unknown as DataSource;
    const catalogue = request.catalogue;
    const reader = new AnalysisReader(store, new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy), request.leadTimes, request.catalogueVersion);
    db.prepare('BEGIN').run();
    const count = db.prepare('SELECT COUNT(*) FROM contracts NOT INDEXED WHERE is_current = 1 AND id BETWEEN ? AND ?').pluck().get(request.fromId, request.toId) as number;
    const writer = new FactsColumnsWriter(count);
    let read = 0;
    await reader.readRange(request.today, { fromId: request.fromId, toId: request.toId }, (f) => {
      writer.add(f);
      read++;
    }, () => parentPort!.postMessage({ type: 'progress', read } satisfies ReadThreadMessage));
    db.prepare('COMMIT').run();
    const columns = writer.finish();
    parentPort!.postMessage({ type: 'done', columns } satisfies ReadThreadMessage, buffersOf(columns));
  } finally {
    db.close();
  }
}

main(workerData as ReadThreadRequest).catch((e: unknown) => {
  parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies ReadThreadMessage);
});
