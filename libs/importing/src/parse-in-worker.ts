import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ColumnMapping, CouncilRecord, RegisterError, RegisterLayout } from '@app/ingest';
import { ReadLimits } from '@app/config';
import { RegisterInput } from './register-input';
import { RowBatch } from './row-batch';

export interface ParseRequest {
  importId: string;
  input: RegisterInput;
  councils: CouncilRecord[];
  council: string | null;
  savedMapping?: ColumnMapping;
  limits?: ReadLimits;
}

export type ParseMessage =
  | { type: 'layout'; layout: RegisterLayout }
  | { type: 'rows'; batch: RowBatch }
  | { type: 'done' }
  | { type: 'error'; error: { code: string | null; message: string; file: string; row: number | null } };

const SCRIPT = path.join(__dirname, 'parse-worker.js');
/** The parser's live data is a few batches; a small old generation keeps the process's memory flat. */
const PARSER_HEAP_MB = 64;

/** Whether the compiled worker script is there (it is not when tests run the TypeScript sources). */
export function canParseInWorker(): boolean {
  return fs.existsSync(SCRIPT);
}

export interface WorkerParse {
  layout: RegisterLayout;
  batches: AsyncGenerator<RowBatch>;
}

function toError(error: Extract<ParseMessage, { type: 'error' }>['error']): Error {
  if (!error.code) return new Error(error.message);
  const e = new RegisterError(error.code, '', error.file, error.row);
  e.message = error.message;
  return e;
}

/**
 * Reads a register on a second core: the worker parses and normalises while this thread
 * writes. Resolves once the layout is known; batches then arrive as the writer asks for them.
 */
export function parseInWorker(request: ParseRequest): Promise<WorkerParse> {
  const worker = new Worker(SCRIPT, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: PARSER_HEAP_MB } });
  const queue: ParseMessage[] = [];
  let notify: (() => void) | null = null;
  let exited: Error | null = null;
  worker.on('message', (m: ParseMessage) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (e: Error & { code?: string }) => {
    // A register that needs more memory than the parser may have fails with that reason (a retry would only fail again).
    exited = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new RegisterError('OVER_LIMIT', `needs more memory to read than the register parser may use (${PARSER_HEAP_MB} MB): a row or cell far larger than a register's; check the file, or split it`, request.input.name)
      : e;
    notify?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !exited) exited = new Error(`register parser stopped with code ${code}`);
    notify?.();
  });
  const next = async (): Promise<ParseMessage> => {
    for (;;) {
      const m = queue.shift();
      if (m) return m;
      if (exited) throw exited;
      await new Promise<void>((r) => (notify = r));
      notify = null;
    }
  };
  async function* batches(): AsyncGenerator<RowBatch> {
    try {
      for (;;) {
        const m = await next();
        if (m.type === 'rows') {
          worker.postMessage('more');
          yield m.batch;
        } else if (m.type === 'error') throw toError(m.error);
        else if (m.type === 'done') return;
      }
    } finally {
      await worker.terminate();
    }
  }
  return next().then(async (first) => {
    if (first.type === 'layout') return { layout: first.layout, batches: batches() };
    await worker.terminate();
    if (first.type === 'error') throw toError(first.error);
    throw new Error(`register parser sent ${first.type} before the layout`);
  });
}
