import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import * as path from 'node:path';
import * as os from 'node:os';
import { DatabaseConfig } from '@app/config';
import { ImportEntity, ImportMode } from '@app/persistence';
import { sha256 } from '@app/importing';
import { BullmqJobQueue } from '@app/queue';
import { DATA_DIR, TEST_DATABASES } from '../support/databases';
import { importBytes, openStack, Stack } from '../support/stack';
import { databaseEnv, dropQueuePrefix, LogLine, msgOf, REDIS_URL, startWorkerProcess, until, WorkerProcess } from '../support/workers';

// Several worker processes on one PostgreSQL database and one Redis: the distributed path.
// (SQLite admits one writer at a time, so several workers there gain nothing; see the README.)
const postgres = TEST_DATABASES.find((d) => d.name === 'postgres');
const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const DUNDEE = 'S12000042';

/** A full register of `count` contracts with references `<prefix>-<i>`. */
function register(prefix: string, count: number): Buffer {
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
  for (let i = 0; i < count; i++) lines.push(`${prefix}-${i},Licence ${i},Supplier ${i % 997} Ltd,01/04/2024,31/03/2027,"£${(i % 50) * 1000 + 5000}"`);
  return Buffer.from(lines.join('\r\n'));
}

/** A council's register of `count` contracts naming the catalogue's products and vendors: three such councils make about 200 findings. */
function productRegister(prefix: string, count: number): Buffer {
  const products = (parse(fs.readFileSync(path.join(DATA_DIR, 'catalogue/products.csv')), { columns: true }) as { vendor: string; product: string }[]).slice(0, 200);
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
  for (let i = 0; i < count; i++) {
    const p = products[i % products.length];
    lines.push(`${prefix}-${i},"${p.product} licence ${i}","${p.vendor}",01/04/2024,31/03/2027,"£${(i % 50) * 1000 + 5000}"`);
  }
  return Buffer.from(lines.join('\r\n'));
}

const started = (jobId: string) => (l: LogLine) => msgOf(l) === 'job started' && typeof l.message === 'object' && l.message.jobId === jobId;
const finished = (jobId: string) => (l: LogLine) => msgOf(l) === 'job finished' && typeof l.message === 'object' && l.message.jobId === jobId;

(postgres ? describe : describe.skip)('several worker processes on PostgreSQL and Redis', () => {
  let config: DatabaseConfig;
  let stack: Stack;
  let queue: BullmqJobQueue;
  let prefix: string;
  let workers: WorkerProcess[] = [];

  beforeEach(async () => {
    config = postgres!.config();
    stack = await openStack(config);
    prefix = `test-${randomBytes(4).toString('hex')}`;
    queue = new BullmqJobQueue(REDIS_URL, prefix);
  }, 120_000);

  afterEach(async () => {
    // Whatever happened, no worker outlives its test.
    await Promise.all(workers.map((w) => w.kill()));
    workers = [];
    await queue.close();
    await dropQueuePrefix(REDIS_URL, prefix);
    await stack.close();
    await postgres!.drop(config);
  }, 120_000);

  /** Starts `n` workers and waits until each is taking jobs off the imports queue. */
  async function startWorkers(n: number, extra: Record<string, string> = {}): Promise<WorkerProcess[]> {
    const env = {
      ...databaseEnv(config), REDIS_URL, QUEUE_PREFIX: prefix,
      // A dead worker's job is handed on within about 20 s rather than a minute. Not less: the
      // lock is renewed on the event loop, which the supplier re-clustering after an import holds
      // for seconds on a busy machine, and a job whose lock lapses is handed on while it runs.
      // Stalled jobs are looked for every 10 s, but a job's lock lasts 30 s unrenewed: on a loaded machine a
      // worker's event loop can pause for over 10 s (supplier re-clustering), and a live job must not be handed on.
      WORKER_STALLED_INTERVAL_MS: '10000', WORKER_LOCK_MS: '30000',
      // The analysis an import asks for waits past the end of the test: not what is tested here.
      ANALYSIS_DEBOUNCE_MS: '3600000',
      // Jest's workers are not the workers under test: no stray TEST_* switches.
      TEST_LOGS: '',
      ...extra,
    };
    const logFile = process.env.KEEP_WORKER_LOGS ? path.join(os.tmpdir(), `workers-${prefix}.log`) : undefined;
    const started = Array.from({ length: n }, () => startWorkerProcess(env, logFile));
    workers.push(...started);
    await Promise.all(started.map((w) => w.waitForLine('worker listening', (l) => msgOf(l) === 'worker listening')));
    await until('every worker to be connected to the imports queue', async () => (await queue.queue('imports').getWorkersCount()) >= n);
    return started;
  }

  async function upload(name: string, content: Buffer, council: string, mode: ImportMode = 'full'): Promise<string> {
    const accepted = await stack.intake.accept({ fileName: name, content, sha256: sha256(content), size: content.length, councilCode: council, createdBy: null, mode });
    if (accepted.kind !== 'queued') throw new Error('expected a new import');
    return accepted.record.id;
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [{ n }] = await stack.dataSource.query(sql, params);
    return Number(n);
  }

  /** Three councils' product registers of `count` contracts imported, two workers started, and an analysis queued for them. */
  async function analysisOnWorkers(count: number, trigger: string, today: string, env: Record<string, string> = {}): Promise<WorkerProcess[]> {
    for (const [council, letter] of [[FIFE, 'F'], [ANGUS, 'G'], [DUNDEE, 'D']]) {
      const { record } = await importBytes(stack, `${letter}.csv`, productRegister(letter, count), council);
      expect(record.status).toBe('completed');
    }
    await stack.refresh.run();
    const pair = await startWorkers(2, env);
    const analyses = new BullmqJobQueue(REDIS_URL, prefix, 0);
    try {
      await analyses.enqueue('analysis', { trigger, today });
    } finally {
      await analyses.close();
    }
    return pair;
  }

  const completed = (id: string) => async () => {
    const r = await stack.imports.findForProcessing(id);
    return r?.status === 'completed' && r;
  };

  it('hands on an import whose worker is killed mid-way: the other worker stores it exactly once', async () => {
    const rows = 200_000;
    const id = await upload('fife-big.csv', register('K', rows), FIFE);
    const jobId = `import-${id}`;
    const pair = await startWorkers(2);
    await queue.enqueue('import', { importId: id });

    // Whichever worker took it, it is mid-transaction once it reports rows loaded.
    const taker = await Promise.any(pair.map((w) => w.waitForLine(`${jobId} started`, started(jobId)).then(() => w)));
    const other = pair.find((w) => w !== taker)!;
    await taker.waitForLine('import progress', (l) => msgOf(l) === 'import progress' && typeof l.message === 'object' && l.message.importId === id);
    await taker.kill();

    // Nothing of it was committed: it really was killed mid-import.
    expect(taker.lines.some(finished(jobId))).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM contracts WHERE import_id = $1', [id])).toBe(0);
    expect((await stack.imports.findForProcessing(id))!.status).toBe('processing');

    // The survivor finds the job stalled (its lock no longer renewed) and completes it.
    await other.waitForLine(`${jobId} finished`, finished(jobId), 300_000);
    const done = await until('the import to be completed', completed(id));
    expect(done).toMatchObject({ rows, imported: rows, rejected: 0, mode: 'full' });
    const job = await queue.queue('imports').getJob(jobId);
    expect(await job!.getState()).toBe('completed');
    expect(job!.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(other.lines.filter(finished(jobId))).toHaveLength(1);

    // Exactly once: one import, its rows once, every reference once, all current.
    expect(await count('SELECT COUNT(*) AS n FROM imports')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM contracts')).toBe(rows);
    expect(await count('SELECT COUNT(DISTINCT reference) AS n FROM contracts')).toBe(rows);
    expect(await count('SELECT COUNT(*) AS n FROM contracts WHERE is_current AND council_code = $1', [FIFE])).toBe(rows);
    expect(await count("SELECT COUNT(*) AS n FROM import_issues WHERE code = 'DUPLICATE_REFERENCE'")).toBe(0);
  }, 600_000);

  it('loads two imports of one council side by side but reconciles them one after the other: the later commit retires the earlier', async () => {
    const rows = 60_000;
    const first = await upload('fife-a.csv', register('A', rows), FIFE);
    const second = await upload('fife-b.csv', register('B', rows), FIFE);
    const pair = await startWorkers(2);
    await queue.enqueue('import', { importId: first });
    await queue.enqueue('import', { importId: second });
    const a = await until('both imports to be completed', async () => {
      const x = await completed(first)();
      const y = await completed(second)();
      return x && y ? ([x, y] as [ImportEntity, ImportEntity]) : null;
    }, 300_000);

    // They ran at once, in two processes: each started before the other finished.
    for (const id of [first, second]) await Promise.any(pair.map((w) => w.waitForLine(`import-${id} finished`, finished(`import-${id}`))));
    const startedAt = (jobId: string) => pair.flatMap((w) => w.lines.filter(started(jobId)).map((l) => ({ pid: w.pid, at: l.timestamp })));
    const finishedAt = (jobId: string) => Math.max(...pair.flatMap((w) => w.lines.filter(finished(jobId)).map((l) => l.timestamp)));
    const [s1, s2] = [startedAt(`import-${first}`), startedAt(`import-${second}`)];
    expect(s1).toHaveLength(1);
    expect(s2).toHaveLength(1);
    expect(s1[0].pid).not.toBe(s2[0].pid);
    expect(s1[0].at).toBeLessThanOrEqual(finishedAt(`import-${second}`));
    expect(s2[0].at).toBeLessThanOrEqual(finishedAt(`import-${first}`));

    // Whichever committed last saw the other's contracts and retired them: one register is current.
    const [earlier, later] = a[0].retired ? [a[1], a[0]] : a;
    const current: { import_id: string; n: string }[] = await stack.dataSource.query('SELECT import_id, COUNT(*) AS n FROM contracts WHERE council_code = $1 AND is_current GROUP BY import_id', [FIFE]);
    expect(current.map((c) => ({ importId: c.import_id, n: Number(c.n) }))).toEqual([{ importId: later.id, n: rows }]);
    expect(later).toMatchObject({ mode: 'full', added: rows, retired: rows });
    expect(earlier).toMatchObject({ mode: 'full', added: rows, retired: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM contracts WHERE import_id = $1 AND superseded_by_import_id = $2', [earlier.id, later.id])).toBe(rows);
  }, 600_000);

  it('runs imports of different councils at the same time, one per worker', async () => {
    const rows = 60_000;
    const fife = await upload('fife.csv', register('F', rows), FIFE);
    const angus = await upload('angus.csv', register('G', rows), ANGUS);
    const pair = await startWorkers(2);
    await queue.enqueue('import', { importId: fife });
    await queue.enqueue('import', { importId: angus });
    await until('both imports to be completed', async () => (await completed(fife)()) && (await completed(angus)()), 300_000);
    const starts = pair.map((w) => w.lines.filter((l) => msgOf(l) === 'job started').length);
    expect(starts).toEqual([1, 1]);
    for (const [council, id] of [[FIFE, fife], [ANGUS, angus]]) {
      expect(await count('SELECT COUNT(*) AS n FROM contracts WHERE council_code = $1 AND is_current AND import_id = $2', [council, id])).toBe(rows);
    }
  }, 600_000);

  it('hands on an analysis whose worker is killed mid-way: the other worker stores one run, the same a clean run stores', async () => {
    // Three councils buying from the same suppliers at the same time: many findings to load, compute and store.
    const today = '2026-12-01';
    const pair = await analysisOnWorkers(30_000, 'killed mid-way', today);
    const analysisJob = (w: WorkerProcess) => w.lines.find((l) => msgOf(l) === 'job started' && typeof l.message === 'object' && l.message.name === 'analysis');
    const taker = await Promise.any(pair.map((w) => w.waitForLine('the analysis to start', (l) => msgOf(l) === 'analysis progress' && typeof l.message === 'object' && l.message.stage === 'load').then(() => w)));
    const other = pair.find((w) => w !== taker)!;
    const jobId = String((analysisJob(taker)!.message as Record<string, unknown>).jobId);
    await taker.kill();

    // Killed while it read the contracts: nothing of this run was stored.
    expect(taker.lines.some(finished(jobId))).toBe(false);
    expect(taker.lines.some((l) => msgOf(l) === 'opportunity analysis finished')).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM analysis_runs')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM opportunities')).toBe(0);

    // The survivor finds it stalled and runs it once.
    await other.waitForLine(`${jobId} finished`, finished(jobId), 300_000);
    expect(other.lines.filter((l) => msgOf(l) === 'opportunity analysis finished')).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS n FROM analysis_runs')).toBe(1);
    const stored = await count('SELECT COUNT(*) AS n FROM opportunities WHERE is_current');
    expect(stored).toBeGreaterThan(50);
    expect(await count('SELECT COUNT(DISTINCT id) AS n FROM opportunities')).toBe(await count('SELECT COUNT(*) AS n FROM opportunities'));

    // What it stored is what a run nobody interrupted computes: a forced run here writes and retires nothing.
    const again = await stack.analysis.run('a clean run to compare', today, undefined, true);
    expect(again.stored).toEqual({ written: 0, unchanged: stored, retired: 0 });
  }, 600_000);

  it('spreads an analysis over the workers in parts: every part staged once, the findings those of a run at once', async () => {
    const today = '2026-12-01';
    const pair = await analysisOnWorkers(3_000, 'spread', today, { ANALYSIS_WORKER_PARTS: '4' });
    const done = (l: LogLine) => msgOf(l) === 'opportunity analysis finished';
    const coordinator = await Promise.any(pair.map((w) => w.waitForLine('the analysis to finish', done, 300_000).then(() => w)));
    const summary = coordinator.lines.find(done)!.message as Record<string, unknown>;
    expect(summary.parts).toBeGreaterThanOrEqual(4);
    const staged = pair.flatMap((w) => w.lines.filter((l) => msgOf(l) === 'analysis part staged').map((l) => l.message as Record<string, unknown>));
    expect(new Set(staged.map((m) => m.part)).size).toBe(summary.parts);
    expect(staged.reduce((n, m) => n + Number(m.contracts), 0)).toBeLessThanOrEqual(9_000);
    // Which worker took which part (either may take any), for the record.
    console.log(`analysis parts by worker: ${pair.map((w) => `${w.lines.filter((l) => msgOf(l) === 'analysis part staged').length}`).join(' and ')}`);
    expect(await count('SELECT COUNT(*) AS n FROM analysis_runs')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM analysis_staged_findings')).toBe(0);
    const stored = await count('SELECT COUNT(*) AS n FROM opportunities WHERE is_current');
    expect(stored).toBeGreaterThan(20);
    const again = await stack.analysis.run('a run at once to compare', today, undefined, true);
    expect(again.parts).toBe(1);
    expect(again.stored).toEqual({ written: 0, unchanged: stored, retired: 0 });
  }, 600_000);
});
