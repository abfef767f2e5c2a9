import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RegisterError } from '@app/ingest';
import { RegisterInput } from './register-input';
import { DEFAULT_READ_LIMITS, ReadLimits } from '@app/config';
import { workbookToCsv, WorkbookRefused } from './workbook-to-csv';
import type { WorkbookJob, WorkbookResult } from './workbook-worker';

/** A zip archive's first bytes: an .xlsx workbook is one. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function firstBytes(input: RegisterInput): Uint8Array {
  if ('bytes' in input) return input.bytes.subarray(0, ZIP.length);
  const fd = fs.openSync(input.path, 'r');
  try {
    const head = Buffer.alloc(ZIP.length);
    const n = fs.readSync(fd, head, 0, ZIP.length, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The compiled reader thread (absent when tests run the TypeScript sources: then it runs in this thread). */
const WORKER = path.join(__dirname, 'workbook-worker.js');
/** The reader thread's heap: a workbook that needs more (shared strings by the million) is refused, not the process. */
const WORKER_HEAP_MB = 256;

function convertInThread(job: WorkbookJob): Promise<void> {
  return workbookToCsv(job.source, job.out, job.limits).then(() => undefined);
}

function convertInWorker(job: WorkbookJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    worker.on('message', (r: WorkbookResult) => {
      settled = true;
      if (r.ok) resolve();
      else reject(r.code ? new WorkbookRefused(r.code as WorkbookRefused['code'], r.message) : new Error(r.message));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new WorkbookRefused('OVER_LIMIT', `needs more than ${WORKER_HEAP_MB} MB of memory to read (millions of cells or shared strings): save the register as CSV, or split it, and upload that`)
        : e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the workbook reader stopped with code ${code}`));
    });
  });
}

/**
 * The register as the reader takes it, whichever door it came through (pages, API, CLI): an Excel
 * workbook (a zip, or a name ending .xlsx) becomes its first sheet's values as CSV in a temporary
 * file (\`temporary\`: the caller deletes it), read streaming on a thread of its own with a capped
 * heap, within \`limits\`; anything else is passed on as it is. A zip that is not a workbook is
 * NOT_CSV, saying so; a workbook over a limit is OVER_LIMIT, naming it.
 */
export async function readableInput(input: RegisterInput, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<RegisterInput> {
  const head = firstBytes(input);
  const zip = head.length === ZIP.length && ZIP.every((b, i) => head[i] === b);
  if (!zip && !/\.xlsx$/i.test(input.name)) return input;
  const out = path.join(os.tmpdir(), `ccr-workbook-${randomUUID()}.csv`);
  const job: WorkbookJob = { source: 'bytes' in input ? input.bytes : input.path, out, limits };
  try {
    await (fs.existsSync(WORKER) ? convertInWorker(job) : convertInThread(job));
    return { name: input.name, path: out, temporary: true };
  } catch (e) {
    fs.rmSync(out, { force: true });
    if (e instanceof WorkbookRefused && e.code === 'OVER_LIMIT') throw new RegisterError('OVER_LIMIT', e.message, input.name);
    throw new RegisterError('NOT_CSV', `could not be read as an Excel workbook (${(e as Error).message}): save it as CSV, or as .xlsx again from the spreadsheet program, and upload that`, input.name);
  }
}

/** Deletes the temporary CSV readableInput made of a workbook (nothing for any other input). */
export function releaseInput(input: RegisterInput | undefined): void {
  if (input && 'path' in input && input.temporary) fs.rmSync(input.path, { force: true });
}
