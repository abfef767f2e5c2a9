import { parentPort, workerData } from 'node:worker_threads';
import { ReadLimits } from '@app/config';
import { workbookToCsv, WorkbookRefused } from './workbook-to-csv';

/** The workbook reader on its own thread, with a capped heap: see readableInput. */
export interface WorkbookJob {
  source: Uint8Array | string;
  out: string;
  limits: ReadLimits;
}

export type WorkbookResult = { ok: true; rows: number } | { ok: false; code: string | null; message: string };

const job = workerData as WorkbookJob;
workbookToCsv(job.source, job.out, job.limits).then(
  (r) => parentPort!.postMessage({ ok: true, rows: r.rows } satisfies WorkbookResult),
  (e: Error) => parentPort!.postMessage({ ok: false, code: e instanceof WorkbookRefused ? e.code : null, message: e.message } satisfies WorkbookResult),
);
