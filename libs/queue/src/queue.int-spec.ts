import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseConfig } from '@app/config';
import { allCouncils } from '@app/persistence';
import { sha256 } from '@app/importing';
import { REPO_ROOT, TEST_DATABASES } from '../../../test/support/databases';
import { openStack, sample, Stack } from '../../../test/support/stack';
import { WORKER_MAIN } from '../../../test/support/workers';
import { BullmqJobQueue, InProcessJobQueue } from './job-queue';
import { JobWorkers, startJobWorker } from './job-worker';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function databaseUrl(config: DatabaseConfig): Record<string, string> {
  return config.type === 'sqlite' ? { DATABASE_URL: `sqlite:${config.path}` } : { DATABASE_URL: config.url, DATABASE_SCHEMA: config.schema };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function comparable(rows: Record<string, unknown>[]) {
  return rows
    // classified_at is when the row was classified (the test clock moves on every call).
    .map(({ id, importId, previousContractId, classified_at, ...rest }) => rest)
    .sort((a, b) => String(a.reference).localeCompare(String(b.reference)));
}

describe.each(TEST_DATABASES)('jobs on real Redis with $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;
  let prefix: string;
  let queue: BullmqJobQueue;
  const workers: JobWorkers[] = [];
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    prefix = `test-${randomBytes(4).toString('hex')}`;
    queue = new BullmqJobQueue(REDIS_URL, prefix);
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const worker of workers.splice(0)) await worker.close();
    await queue.close();
    await stack.close();
    await db.drop(config);
  });

  async function upload(name: string, content: Buffer, council: string | null) {
    const accepted = await stack.intake.accept({ fileName: name, content, sha256: sha256(content), size: content.length, councilCode: council, createdBy: null });
    if (accepted.kind !== 'queued') throw new Error('expected a new import');
    return accepted.record.id;
  }

  it('imports once however often the same job is enqueued', async () => {
    const id = await upload('fife.csv', sample('fife-council-contracts-register.csv'), 'S12000047');
    await queue.enqueue('import', { importId: id });
    await queue.enqueue('import', { importId: id });
    workers.push(startJobWorker(stack.dispatcher(), { redisUrl: REDIS_URL, prefix, concurrency: 2, stalledIntervalMs: 1000, debounceMs: 200 }));
    const done = await until('import to complete', async () => {
      const r = await stack.imports.findForProcessing(id);
      return r?.status === 'completed' && r;
    });
    await queue.idle();
    expect(done.imported).toBe(8);
    expect(await stack.contracts.countForImport(id)).toBe(8);
  });

  it('gives the same contracts through the worker as in-process', async () => {
    const file = sample('digital-office-multi-council-extract.csv');
    const viaWorker = await upload('multi.csv', file, null);
    workers.push(startJobWorker(stack.dispatcher(), { redisUrl: REDIS_URL, prefix, concurrency: 1, stalledIntervalMs: 1000, debounceMs: 200 }));
    await queue.enqueue('import', { importId: viaWorker });
    await until('worker import', async () => (await stack.imports.findForProcessing(viaWorker))?.status === 'completed');

    const other = db.config();
    const local = await openStack(other);
    try {
      const inProcess = new InProcessJobQueue(local.dispatcher(), undefined, 50);
      const accepted = await local.intake.accept({ fileName: 'multi.csv', content: file, sha256: sha256(file), size: file.length, councilCode: null, createdBy: null });
      await inProcess.enqueue('import', { importId: accepted.record.id });
      await inProcess.idle();
      const a = await stack.imports.findForProcessing(viaWorker);
      const b = await local.imports.findForProcessing(accepted.record.id);
      expect({ ...b, id: 0, createdAt: 0, startedAt: 0, finishedAt: 0 }).toEqual({ ...a, id: 0, createdAt: 0, startedAt: 0, finishedAt: 0 });
      const viaWorkerRows = await stack.dataSource.query('SELECT * FROM contracts ORDER BY id');
      const inProcessRows = await local.dataSource.query('SELECT * FROM contracts ORDER BY id');
      // The multi-council sample: six rows plus a joint buyer and a misspelt council name now read (issue 12).
      expect(inProcessRows.length).toBe(8);
      expect(comparable(inProcessRows.map((r: Record<string, unknown>) => ({ ...r, import_id: 0, id: 0 })))).toEqual(comparable(viaWorkerRows.map((r: Record<string, unknown>) => ({ ...r, import_id: 0, id: 0 }))));
    } finally {
      await local.close();
      await db.drop(other);
    }
  });

  it('finds the same opportunities through the worker as in-process', async () => {
    const file = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/opportunities/scottish-councils-ict-extract.csv'));
    const viaWorker = await upload('extract.csv', file, null);
    workers.push(startJobWorker(stack.dispatcher(), { redisUrl: REDIS_URL, prefix, concurrency: 1, stalledIntervalMs: 1000, debounceMs: 200 }));
    await queue.enqueue('import', { importId: viaWorker });
    await until('the worker import and its analysis', async () => (await stack.imports.findForProcessing(viaWorker))?.status === 'completed' && (await stack.opportunities.lastRun()));
    await queue.idle();

    const other = db.config();
    const local = await openStack(other);
    try {
      const inProcess = new InProcessJobQueue(local.dispatcher(), undefined, 50);
      const accepted = await local.intake.accept({ fileName: 'extract.csv', content: file, sha256: sha256(file), size: file.length, councilCode: null, createdBy: null });
      await inProcess.enqueue('import', { importId: accepted.record.id });
      await inProcess.idle();
      const strip = (list: Awaited<ReturnType<Stack['opportunities']['list']>>) => list.map(({ firstSeenAt, lastSeenAt, ...rest }) => rest);
      const a = strip(await stack.opportunities.list(allCouncils, { includeStale: true }));
      const b = strip(await local.opportunities.list(allCouncils, { includeStale: true }));
      expect(a.filter((o) => o.kind === 'collaborative').length).toBeGreaterThanOrEqual(3);
      expect(b).toEqual(a);
    } finally {
      await local.close();
      await db.drop(other);
    }
  });

  it('debounces the analysis: a burst of ten requests runs it once', async () => {
    const bursty = new BullmqJobQueue(REDIS_URL, prefix, 300);
    try {
      for (let i = 0; i < 10; i++) await bursty.enqueue('analysis', { trigger: `upload ${i}` });
      expect(await bursty.counts()).toMatchObject({ delayed: 1, waiting: 0 });
      workers.push(startJobWorker(stack.dispatcher(), { redisUrl: REDIS_URL, prefix, concurrency: 2, stalledIntervalMs: 1000, debounceMs: 300 }));
      await until('the analysis to run', async () => (await bursty.counts()).delayed + (await bursty.counts()).active + (await bursty.counts()).waiting === 0 && (await stack.opportunities.lastRun()));
      const [{ n }] = await stack.dataSource.query('SELECT COUNT(*) AS n FROM analysis_runs');
      expect(Number(n)).toBe(1);
      // Once it has run, the next request queues the next run.
      await bursty.enqueue('analysis', { trigger: 'later' });
      expect((await bursty.counts()).delayed).toBe(1);
      await bursty.idle();
      const [{ m }] = await stack.dataSource.query('SELECT COUNT(*) AS m FROM analysis_runs');
      expect(Number(m)).toBe(2);
    } finally {
      await bursty.close();
    }
  });

  it('debounces in-process too', async () => {
    const local = new InProcessJobQueue(stack.dispatcher(), undefined, 100);
    for (let i = 0; i < 10; i++) await local.enqueue('analysis', { trigger: `upload ${i}` });
    await local.idle();
    expect(local.analysisRuns).toBe(1);
    const [{ n }] = await stack.dataSource.query('SELECT COUNT(*) AS n FROM analysis_runs');
    expect(Number(n)).toBe(1);
  });

  it('leaves nothing half-written when the worker is killed mid-import, and completes it exactly once after a restart', async () => {
    const rows = 300_000;
    const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
    for (let i = 0; i < rows; i++) lines.push(`K-${i},Licence ${i},Supplier ${i % 997} Ltd,01/04/2024,31/03/2027,"£${(i % 50) * 1000 + 5000}"`);
    const id = await upload('angus-big.csv', Buffer.from(lines.join('\r\n')), 'S12000041');
    const log = fs.openSync(path.join(REPO_ROOT, `var-worker-${prefix}.log`), 'w');
    const startWorker = () => {
      const child = spawn(process.execPath, [WORKER_MAIN], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...databaseUrl(config), REDIS_URL, QUEUE_PREFIX: prefix, WORKER_STALLED_INTERVAL_MS: '1000' },
        stdio: ['ignore', log, log],
      });
      children.push(child);
      return child;
    };
    try {
      const first = startWorker();
      await queue.enqueue('import', { importId: id });
      await until('the first worker to start the import', async () => (await stack.imports.findForProcessing(id))?.status === 'processing');
      await new Promise((r) => setTimeout(r, 400));
      expect((await stack.imports.findForProcessing(id))!.status).toBe('processing');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(await stack.contracts.countForImport(id)).toBe(0);

      startWorker();
      const done = await until('the restarted worker to finish', async () => {
        const r = await stack.imports.findForProcessing(id);
        return r?.status === 'completed' && r;
      }, 120_000);
      expect(done).toMatchObject({ rows, imported: rows, rejected: 0 });
      expect(await stack.contracts.countForImport(id)).toBe(rows);
      const [{ n }] = await stack.dataSource.query('SELECT COUNT(*) AS n FROM contracts');
      expect(Number(n)).toBe(rows);
    } finally {
      fs.closeSync(log);
      if (!process.env.KEEP_WORKER_LOGS) fs.rmSync(path.join(REPO_ROOT, `var-worker-${prefix}.log`), { force: true });
    }
  }, 180_000);
});
