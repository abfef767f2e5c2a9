import { Logger } from '@nestjs/common';
import { JobDispatcher } from './job-dispatcher';
import { InProcessJobQueue } from './job-queue';

/** A dispatcher that records jobs and holds an import until told to finish. */
function recordingDispatcher() {
  const done: string[] = [];
  let finishImport: () => void = () => undefined;
  const importHeld = new Promise<void>((r) => (finishImport = r));
  let importStarted: () => void = () => undefined;
  const started = new Promise<void>((r) => (importStarted = r));
  const dispatcher = {
    onFollowUp: () => undefined,
    dispatch: async (name: string) => {
      if (name === 'import') {
        importStarted();
        await importHeld;
      }
      done.push(name);
    },
  } as unknown as JobDispatcher;
  return { dispatcher, done, finishImport, started };
}

describe('in-process queue shutdown', () => {
  let logs: string[];
  beforeEach(() => {
    logs = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void logs.push(typeof m === 'object' ? (m as { msg: string }).msg : String(m)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('drops an analysis still waiting out its debounce instead of waiting for it, and says so', async () => {
    const { dispatcher, done } = recordingDispatcher();
    // Ten minutes of debounce: if close() waited for it, this test would time out.
    const queue = new InProcessJobQueue(dispatcher, 1, 600_000);
    await queue.enqueue('analysis', { trigger: 'upload' });
    await queue.close();
    expect(done).toEqual([]);
    expect(queue.analysisRuns).toBe(0);
    expect(logs.join('\n')).toContain('not started (the analysis runs at the next start)');
    // Nothing new starts once closing.
    await queue.enqueue('analysis', { trigger: 'late' });
    await queue.idle();
    expect(done).toEqual([]);
  });

  it('finishes the job in hand, naming it, before it closes', async () => {
    const { dispatcher, done, finishImport, started } = recordingDispatcher();
    const queue = new InProcessJobQueue(dispatcher, 1, 600_000);
    await queue.enqueue('import', { importId: 'imp-1' });
    await started;
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    expect(logs.join('\n')).toContain('shutting down: waiting for the import imp-1 to finish');
    finishImport();
    await closing;
    expect(done).toEqual(['import']);
  });
});
