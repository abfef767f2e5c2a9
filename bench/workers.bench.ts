import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { DatabaseConfig } from '@app/config';
import { ImportIntake, sha256 } from '@app/importing';
import { ImportsRepository, openDatabase, WriteGate } from '@app/persistence';
import { BullmqJobQueue } from '@app/queue';
import { ours } from './ingest.bench';
import { writeSyntheticRegister } from './synthetic-register';
import { arg } from './args';
import { dropQueuePrefix, peakRss, ROOT, startWorker, stopWorker, Worker, WORKER_MAIN } from './worker-processes';

// npm run bench:workers -- --rows 1000000 [--workers 1,2,4]
// The synthetic national register (bench:ingest's) split into one register per council (32), each
// uploaded the way the API stores an upload (ImportIntake: the bytes kept in the database) into a
// fresh PostgreSQL schema; then 1, 2 and 4 worker processes (node dist/apps/worker/src/main.js) on
// PostgreSQL and Redis take the 32 import jobs, queued as the API queues them (JobQueue.enqueue).
// Timed: from the first job queued until every import is completed (the analysis each import asks
// for is debounced past the end), then the one analysis run. Each process's peak RSS is its VmHWM.
// Baselines in the same run: the whole national file imported by one CLI process into SQLite and
// into PostgreSQL.

const OUT = path.join(ROOT, 'bench/out');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';


const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

/** One file per council, with the national file's header; kept in bench/out for the next run. */
async function splitByCouncil(national: string, dir: string): Promise<string[]> {
  const done = path.join(dir, '.complete');
  if (fs.existsSync(done)) return fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => path.join(dir, f)).sort();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let header: string | null = null;
  const parts = new Map<string, string[]>();
  const flush = (council: string, lines: string[]) => {
    const file = path.join(dir, `${council}.csv`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, header!);
    fs.appendFileSync(file, lines.join(''));
    lines.length = 0;
  };
  // The synthetic register has no line breaks inside cells, and the council is the first cell.
  for await (const line of readline.createInterface({ input: fs.createReadStream(national), crlfDelay: Infinity })) {
    if (header === null) {
      header = `${line}\n`;
      continue;
    }
    const council = line.slice(0, line.indexOf(','));
    let lines = parts.get(council);
    if (!lines) parts.set(council, (lines = []));
    lines.push(`${line}\n`);
    if (lines.length >= 20_000) flush(council, lines);
  }
  for (const [council, lines] of parts) flush(council, lines);
  fs.writeFileSync(done, '');
  return [...parts.keys()].sort().map((c) => path.join(dir, `${c}.csv`));
}

function psql(sql: string): void {
  execFileSync('psql', [POSTGRES_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `SET client_min_messages = warning; ${sql}`], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
}

interface PoolRun {
  workers: number;
  uploadSeconds: number;
  importSeconds: number;
  analysisSeconds: number | null;
  rows: number;
  peaks: { pid: number; kib: number; jobs: number }[];
  analysisPeakKiB: number | null;
  /** Each worker's peak RSS after the analysis, and how much it grew during it. */
  analysisPeaks: { pid: number; kib: number; grew: number }[];
  /** Imports running at the same time, at most (from the imports table). */
  overlap: number;
  /** Mean seconds an import spent inside its transaction; each import job's duration. */
  inTransaction: number;
  jobSeconds: number[];
}

async function poolRun(files: string[], workers: number, rows: number, analyse: boolean, spread: boolean, log: fs.WriteStream): Promise<PoolRun> {
  const schema = `bench_workers_${workers}`;
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const config: DatabaseConfig = { type: 'postgres', url: POSTGRES_URL, schema };
  const dataSource = await openDatabase(config);
  const prefix = `bench-workers-${randomBytes(4).toString('hex')}`;
  const queue = new BullmqJobQueue(REDIS_URL, prefix, 3_600_000);
  const pool: Worker[] = [];
  try {
    // Uploads stored as the API stores them (not timed with the imports: that is the API's work).
    const intake = new ImportIntake(new ImportsRepository(dataSource, new WriteGate()), () => new Date().toISOString());
    let start = process.hrtime.bigint();
    const ids: string[] = [];
    for (const file of files) {
      const content = fs.readFileSync(file);
      const council = path.basename(file, '.csv');
      const accepted = await intake.accept({ fileName: path.basename(file), content, sha256: sha256(content), size: content.length, councilCode: council, createdBy: null });
      ids.push(accepted.record.id);
    }
    const uploadSeconds = seconds(start);
    const env = {
      DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, REDIS_URL, QUEUE_PREFIX: prefix,
      // The analysis each import asks for waits (deduplicated) until the imports are timed; then it is promoted.
      ANALYSIS_DEBOUNCE_MS: '3600000', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info',
      // The analysis spread over the pool: at least one part per worker (1: the worker that takes it runs it all).
      ANALYSIS_WORKER_PARTS: String(spread ? workers : 1),
    };
    pool.push(...(await Promise.all(Array.from({ length: workers }, () => startWorker(env, log)))));
    const sample = () => {
      for (const w of pool) w.peakKiB = Math.max(w.peakKiB, peakRss(w.pid) ?? 0);
    };
    const sampler = setInterval(sample, 250);
    start = process.hrtime.bigint();
    for (const importId of ids) await queue.enqueue('import', { importId });
    // Done: every import stored, and every import job ended (each classifies its rows and
    // re-clusters suppliers after its commit).
    for (;;) {
      const [row] = await dataSource.query(`SELECT COUNT(*) FILTER (WHERE status IN ('completed', 'failed'))::int AS done, COUNT(*) FILTER (WHERE status = 'failed')::int AS failed FROM imports`);
      if (row.failed > 0) throw new Error(`${row.failed} import(s) failed: see ${log.path}`);
      // (Not delayed: the daily alert run waits there, scheduled by every worker.)
      const jobs = await queue.queue('imports').getJobCounts('waiting', 'active', 'failed');
      if (jobs.failed > 0) throw new Error(`${jobs.failed} import job(s) failed: see ${log.path}`);
      if (row.done === ids.length && jobs.waiting + jobs.active === 0) break;
      await sleep(200);
    }
    const importSeconds = seconds(start);
    const [{ imported }] = await dataSource.query('SELECT SUM(imported)::int AS imported FROM imports');
    if (imported !== rows) throw new Error(`expected ${rows} contracts imported, got ${imported}`);
    const [{ overlap }] = await dataSource.query(
      'SELECT MAX(n)::int AS overlap FROM (SELECT (SELECT COUNT(*) FROM imports b WHERE b.started_at <= a.started_at AND b.finished_at > a.started_at) AS n FROM imports a) x',
    );
    // Where an import job's time goes: inside its transaction (read, load, reconcile: imports.started_at
    // to finished_at) and after its commit (classifying its rows, re-clustering suppliers: to the job's end).
    const [{ inTransaction }] = await dataSource.query(
      "SELECT AVG(EXTRACT(EPOCH FROM (finished_at::timestamptz - started_at::timestamptz)))::float AS \"inTransaction\" FROM imports",
    );
    sample();
    const beforeAnalysis = pool.map((w) => w.peakKiB);
    let analysisSeconds: number | null = null;
    let analysisPeakKiB: number | null = null;
    let analysisPeaks: { pid: number; kib: number; grew: number }[] = [];
    if (analyse) {
      // The debounced run, not the nightly one the workers schedule.
      const delayed = (await queue.queue('analysis').getDelayed()).filter((j) => !j.id?.startsWith('repeat:'));
      if (delayed.length !== 1) throw new Error(`expected one debounced analysis, found ${delayed.length}`);
      start = process.hrtime.bigint();
      await delayed[0].promote();
      for (;;) {
        const [{ n }] = await dataSource.query('SELECT COUNT(*)::int AS n FROM analysis_runs');
        if (n > 0) break;
        await sleep(200);
      }
      analysisSeconds = seconds(start);
      sample();
      analysisPeaks = pool.map((w, i) => ({ pid: w.pid, kib: w.peakKiB, grew: w.peakKiB - beforeAnalysis[i] }));
      // The process whose peak grew while the analysis ran is the one that ran it.
      const grew = pool.map((w, i) => w.peakKiB - beforeAnalysis[i]);
      analysisPeakKiB = pool[grew.indexOf(Math.max(...grew))].peakKiB;
    }
    clearInterval(sampler);
    return {
      inTransaction, jobSeconds: pool.flatMap((w) => w.jobSeconds),
      workers, uploadSeconds, importSeconds, analysisSeconds, rows, overlap, analysisPeakKiB, analysisPeaks,
      peaks: pool.map((w) => ({ pid: w.pid, kib: w.peakKiB, jobs: w.jobs })),
    };
  } finally {
    await Promise.all(pool.map(stopWorker));
    await queue.close();
    await dropQueuePrefix(REDIS_URL, prefix);
    await dataSource.destroy();
    psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '1000000'));
  const counts = arg('workers', '1,2,4').split(',').map(Number);
  const analyse = arg('analyse', '1') !== '0';
  const baselines = arg('baselines', '1') !== '0';
  // The analysis spread over the workers in parts (ANALYSIS_WORKER_PARTS = workers); --spread 0 runs it in one worker.
  const spread = arg('spread', '1') !== '0';
  if (!fs.existsSync(WORKER_MAIN)) throw new Error('run npm run build first');
  fs.mkdirSync(OUT, { recursive: true });
  const national = path.join(OUT, `national-${rows}.csv`);
  if (!fs.existsSync(national)) writeSyntheticRegister(national, rows);
  const files = await splitByCouncil(national, path.join(OUT, `councils-${rows}`));
  const mb = files.reduce((sum, f) => sum + fs.statSync(f).size, 0) / 1e6;
  const logFile = path.join(OUT, 'workers.log');
  const log = fs.createWriteStream(logFile);
  console.log(`worker pool benchmark: ${rows.toLocaleString('en-GB')} rows in ${files.length} council registers (${mb.toFixed(0)} MB); node ${process.version}; ${require('node:os').cpus().length} cores; worker logs in ${path.relative(ROOT, logFile)}`);
  if (baselines) {
    console.log('\nbaseline: the national file imported by one CLI process (parser thread + writer thread)');
    console.log('database   | time     | rows/s  | peak RSS');
    for (const [label, target] of [['SQLite', { kind: 'sqlite' }], ['PostgreSQL', { kind: 'postgres', load: 'copy' }]] as const) {
      const r = ours(national, target);
      console.log(`${label.padEnd(10)} | ${r.seconds.toFixed(1).padStart(6)} s | ${Math.round(rows / r.seconds).toLocaleString('en-GB').padStart(7)} | ${r.peakMiB.toFixed(0)} MiB`);
    }
    psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE');
  }
  console.log(`\n${files.length} council imports queued at once on PostgreSQL + Redis (uploads stored first, not timed here)`);
  console.log('workers | imports: time | rows/s  | speed-up | most at once | analysis | peak RSS per worker process (imports done)            | upload store');
  let one: number | null = null;
  for (const n of counts) {
    const r = await poolRun(files, n, rows, analyse, spread, log);
    one ??= r.importSeconds;
    console.log(
      `${String(n).padStart(7)} | ${r.importSeconds.toFixed(1).padStart(11)} s | ${Math.round(rows / r.importSeconds).toLocaleString('en-GB').padStart(7)} | ${(one / r.importSeconds).toFixed(2).padStart(7)}x | ${String(r.overlap).padStart(12)} | ${r.analysisSeconds === null ? '       -' : `${r.analysisSeconds.toFixed(1).padStart(6)} s`} | `
        + `${r.peaks.map((p) => `${mib(p.kib)} (${p.jobs} jobs)`).join(', ').padEnd(55)} | ${r.uploadSeconds.toFixed(1)} s`,
    );
    const meanJob = r.jobSeconds.reduce((a, b) => a + b, 0) / r.jobSeconds.length;
    console.log(`        | an import job took ${meanJob.toFixed(1)} s on average: ${r.inTransaction.toFixed(1)} s in its transaction (read, load, reconcile), ${(meanJob - r.inTransaction).toFixed(1)} s after its commit (classification, supplier re-clustering)`);
    if (r.analysisPeakKiB !== null) {
      console.log(`        | the analysis${spread && n > 1 ? ` in at least ${n} parts spread over the workers` : ''}: peak RSS per worker after it ${r.analysisPeaks.map((p) => `${mib(p.kib)} (grew ${mib(p.grew)})`).join(', ')}`);
    }
  }
  log.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
