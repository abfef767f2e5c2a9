// Runs in a worker thread: reads and normalises a register, posting rows in batches to the
// thread that writes them, never more than a few batches ahead of it (so memory stays flat).
import { parentPort, workerData } from 'node:worker_threads';
import { CouncilDirectory, openRegister, RegisterError } from '@app/ingest';
import { rowBatches } from './row-batch';
import { sourceOf } from './register-input';
import type { ParseRequest, ParseMessage } from './parse-in-worker';

// Small batches die young: a batch of 2,000 rows outlived two scavenges and cost the parser
// thread a third more time in garbage collection. Eight in flight keep the writer fed.
const AHEAD = 8;
const BATCH = 500;

async function main(request: ParseRequest): Promise<void> {
  const port = parentPort!;
  let credits = AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  const send = async (message: ParseMessage) => {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    credits--;
    port.postMessage(message);
  };
  let bytes = 0;
  try {
    const opened = await openRegister(sourceOf(request.input, (n) => (bytes = n)), {
      councils: new CouncilDirectory(request.councils),
      council: request.council,
      savedMapping: request.savedMapping,
      limits: request.limits,
    });
    port.postMessage({ type: 'layout', layout: opened.layout } satisfies ParseMessage);
    for await (const batch of rowBatches(opened.chunks, () => bytes, BATCH)) await send({ type: 'rows', batch });
    port.postMessage({ type: 'done' } satisfies ParseMessage);
  } catch (e) {
    const error = e instanceof RegisterError ? { code: e.code, message: e.message, file: e.file, row: e.row } : { code: null, message: (e as Error).message, file: request.input.name, row: null };
    port.postMessage({ type: 'error', error } satisfies ParseMessage);
  }
}

void main(workerData as ParseRequest);
