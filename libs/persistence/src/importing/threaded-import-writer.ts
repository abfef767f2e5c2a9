import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RowIssue } from '@app/ingest';
import type { ImportWriter } from './import-writer';

/** The writer methods a thread runs on the import runner's behalf. */
type Method = 'begin' | 'beginBulkLoad' | 'endBulkLoad' | 'insertContractValues' | 'insertIssueValues' | 'insertIssues' | 'lockCouncils' | 'query' | 'execute' | 'commit' | 'rollback' | 'release';

export interface WriterCall {
  id: number;
  method: Method;
  args: unknown[];
}

export type WriterReply = { id: number; result: unknown; error?: undefined } | { id: number; error: { message: string; code?: string } };

const SCRIPT = path.join(__dirname, 'sqlite-writer-thread.js');
/** The thread holds prepared statements and one batch at a time; SQLite's page cache is outside the heap. */
const WRITER_HEAP_MB = 128;

/** Whether the compiled thread script is there (it is not when tests run the TypeScript sources). */
export function canWriteInThread(): boolean {
  return fs.existsSync(SCRIPT);
}

/**
 * SqliteImportWriter on a worker thread: same statements, same single transaction, but run off
 * the event loop, so a long statement (superseding a 100,000-row register, rebuilding its indexes)
 * does not hold up /health or the next request. Calls go one at a time, in order.
 */
export class ThreadedSqliteImportWriter implements ImportWriter {
  readonly dialect = 'sqlite' as const;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private gone: Error | null = null;

  constructor(file: string, importId: string, busyTimeoutMs?: number) {
    this.worker = new Worker(SCRIPT, { workerData: { file, importId, busyTimeoutMs }, resourceLimits: { maxOldGenerationSizeMb: WRITER_HEAP_MB } });
    this.worker.on('message', (reply: WriterReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.error) waiter.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
      else waiter.resolve(reply.result);
    });
    const end = (e: Error) => {
      this.gone ??= e;
      for (const waiter of this.pending.values()) waiter.reject(this.gone);
      this.pending.clear();
    };
    this.worker.on('error', end);
    this.worker.on('exit', (code) => end(new Error(`the import writer thread stopped (code ${code})`)));
  }

  private call<T>(method: Method, ...args: unknown[]): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies WriterCall);
    });
  }

  begin(): Promise<void> { return this.call('begin'); }
  beginBulkLoad(): Promise<void> { return this.call('beginBulkLoad'); }
  endBulkLoad(): Promise<void> { return this.call('endBulkLoad'); }
  insertContractValues(values: unknown[]): Promise<void> { return this.call('insertContractValues', values); }
  insertIssueValues(values: unknown[]): Promise<void> { return this.call('insertIssueValues', values); }
  insertIssues(issues: RowIssue[]): Promise<void> { return this.call('insertIssues', issues); }
  lockCouncils(councils: readonly string[]): Promise<void> { return this.call('lockCouncils', councils); }
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> { return this.call('query', sql, params); }
  execute(sql: string, params: unknown[] = []): Promise<number> { return this.call('execute', sql, params); }
  commit(): Promise<void> { return this.call('commit'); }
  rollback(): Promise<void> { return this.gone ? Promise.resolve() : this.call('rollback'); }

  async release(): Promise<void> {
    // The thread's own connection closes with it; a thread already gone has nothing to close.
    if (!this.gone) await this.call('release').catch(() => undefined);
    await this.worker.terminate();
  }
}
