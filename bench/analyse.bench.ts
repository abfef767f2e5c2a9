import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addMonths, toDayNumber } from '@app/ingest';
import { categoryLandscapes, collaborativeOpportunities, ContractFacts, platformCommunities } from '@app/opportunities';
import { analysisDates } from '@app/renewals';
import { runAnalysisChild } from './analyse-from-database';
import { randomBytes } from 'node:crypto';
import { BullmqJobQueue } from '@app/queue';
import { dropPostgres, OUT, pgQuery, postgresCopy, registerDatabase, registerPostgresDatabase, replicatedDatabase, replicatedPostgresDatabase, ROOT } from './register-database';
import { arg } from './args';
import { dropQueuePrefix, peakRss, startWorker, stopWorker, Worker } from './worker-processes';

// npm run bench:analyse -- --contracts 1000000 [--replicate 5] [--engine 0] [--db postgres [--workers 1,2,4]]
// Part 1, end to end from the database: a SQLite file holding --contracts contracts (the
// bench:ingest register, imported through the real CLI once and kept in bench/out), analysed
// the way `npm run cli -- analyse` does (load, compute, store), each run in a process of its
// own so its peak RSS is its own. Baseline in the same run: the path as it was before issue 13
// (contracts read through the ORM and the read model, every finding kept), then ours twice (a
// first run writing every finding, then a run finding them all unchanged). --replicate K analyses
// the register K times over (built by SQL, see replicatedDatabase), without the old path's baseline.
// --db postgres --workers 1,2,4: the same register on PostgreSQL analysed by N worker processes on
// Redis with ANALYSIS_WORKER_PARTS=N (1: one worker runs it all), each N on a fresh copy.
// Part 2, the engine alone in memory (skip with --engine 0): synthetic contracts across 32
// councils and 40 products: renewal dates, then collaborative opportunities, common platforms
// and category landscapes, at a quarter, half and all of --contracts. Baseline: comparing every
// contract with every other (what a SQL self-join does), timed on a sample and scaled by n².

const CATEGORIES = ['Revenues & Benefits', 'Social care case management', 'Education MIS', 'HR & Payroll', 'Finance & ERP', 'Planning & Building Standards', 'Housing', 'CRM', 'Productivity licensing', 'Network & WAN', 'Telephony', 'Hosting'];
const EXTENSIONS = ['None', '1+1', '2 x 12 months', 'up to 24 months', '', 'rolling annual', '2+1+1', 'by agreement'];

interface Terms {
  id: number;
  council: string;
  product: string | null;
  category: string;
  supplierId: number;
  startDate: string;
  endDate: string;
  extensionText: string;
  annualValue: number;
}

function synthetic(n: number): Terms[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: Terms[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(random() * 48);
    const start = addMonths('2021-01-01', Math.floor(random() * 60));
    const term = [24, 36, 48, 60][Math.floor(random() * 4)];
    out.push({
      id: i + 1, council: `S12${String(Math.floor(random() * 32)).padStart(6, '0')}`, product: p < 40 ? `Product ${p}` : null, category: CATEGORIES[p % CATEGORIES.length],
      supplierId: 1 + (p % 25), startDate: start, endDate: addMonths(start, term), extensionText: EXTENSIONS[Math.floor(random() * EXTENSIONS.length)],
      annualValue: 5_000 + Math.floor(random() * 500_000),
    });
  }
  return out;
}

const stages: Record<string, number> = {};
function timed<T>(stage: string, f: () => T): T {
  const t = process.hrtime.bigint();
  const r = f();
  stages[stage] = Number(process.hrtime.bigint() - t) / 1e9;
  return r;
}

function analyse(contracts: Terms[]): { facts: number; collaborative: number; platforms: number; categories: number } {
  const facts: ContractFacts[] = timed('renewal dates', () =>
    contracts.map((c) => {
      const r = analysisDates({ startDate: c.startDate, endDate: c.endDate, durationMonths: null, extensionText: c.extensionText, noticePeriod: null, annualValue: c.annualValue, totalValue: null });
      return {
        id: c.id, council: c.council, reference: `R-${c.id}`, title: null, product: c.product, serviceCategory: c.category, supplierId: c.supplierId, supplier: `Supplier ${c.supplierId}`,
        annualValue: c.annualValue, currentEndDate: r.currentEndDate, possibleEndDates: r.possibleEndDates, leadMonths: r.leadMonths,
      };
    }),
  );
  const collaborative = timed('collaborative', () => collaborativeOpportunities(facts, { today: '2026-11-22' }));
  const platforms = timed('platforms', () => platformCommunities(facts));
  const categories = timed('categories', () => categoryLandscapes(facts));
  return { facts: facts.length, collaborative: collaborative.length, platforms: platforms.length, categories: categories.length };
}

/** Every pair compared once (same product or category, ends within a year): the approach that cannot scale. */
function pairwise(contracts: Terms[]): number {
  let pairs = 0;
  const ends = contracts.map((c) => toDayNumber(c.endDate));
  for (let i = 0; i < contracts.length; i++) {
    for (let j = i + 1; j < contracts.length; j++) {
      if ((contracts[i].product === contracts[j].product || contracts[i].category === contracts[j].category) && Math.abs(ends[i] - ends[j]) <= 365) pairs++;
    }
  }
  return pairs;
}

interface ChildResult {
  seconds: number;
  peakMiB: number;
  contracts: number;
  opportunities: number;
  readsFor80: number;
  stages: Record<string, number>;
  stored: { written: number; unchanged: number; retired: number } | null;
  recomputed: boolean;
  changedCouncils: number | null;
  /** Absent from builds before the analysis in parts. */
  parts?: number;
}

function child(mode: 'old' | 'new', db: string): ChildResult {
  const run = spawnSync(process.execPath, ['--max-old-space-size=4096', __filename, '--child', mode, '--db', db], { cwd: ROOT, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${mode} analysis failed: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString().trim().split('\n').at(-1)!) as ChildResult;
}

function fromDatabase(n: number, times: number): void {
  const source = times > 1 ? replicatedDatabase(n, times) : registerDatabase(n);
  const total = n * times;
  console.log(`end to end from SQLite (${total.toLocaleString('en-GB')} contracts${times > 1 ? `: the ${n.toLocaleString('en-GB')}-row register ${times} times over` : ''}, `
    + `${(fs.statSync(source).size / 2 ** 20).toFixed(0)} MiB file): load, compute, store; today 30/11/2026`);
  console.log('path                                  |   time | peak RSS | opportunities | read to cover 80% of aligned value | stages (s)');
  const work = path.join(OUT, 'analyse-work.sqlite');
  const fresh = () => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${work}${suffix}`, { force: true });
    fs.copyFileSync(source, work);
  };
  const line = (label: string, r: ChildResult) => console.log(
    `${label.padEnd(37)} | ${r.seconds.toFixed(1).padStart(4)} s | ${r.peakMiB.toFixed(0).padStart(4)} MiB | ${String(r.opportunities).padStart(13)} | ${String(r.readsFor80).padStart(34)} | `
      + `${Object.entries(r.stages).filter(([k]) => k !== 'start').map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}${r.stored ? `; written ${r.stored.written}, unchanged ${r.stored.unchanged}` : ''}`
      + `${r.recomputed ? '' : ' (nothing changed: not recomputed)'}${(r.parts ?? 1) > 1 ? ` (in ${r.parts} parts)` : ''}`,
  );
  fresh();
  // The path before (every contract through the ORM) needs more than the 4 GB heap it is given at several million: measured at one replica only.
  if (times === 1) line('baseline: before (ORM read, no cut)', child('old', work));
  else console.log('baseline: before (ORM read, no cut)    | not run: beyond its 4 GB heap at this size (see the single-register run)');
  fresh();
  line('ours, first run (writes every finding)', child('new', work));
  line('ours, again (nothing changed)', child('new', work));
  // One council's register changed (a fiftieth of Fife's contracts retired, as a re-import without them would): its fingerprint changes.
  const db = new Database(work);
  db.prepare("UPDATE contracts SET is_current = 0 WHERE council_code = 'S12000047' AND is_current = 1 AND id % 50 = 0").run();
  db.close();
  line('ours, one council changed', child('new', work));
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${work}${suffix}`, { force: true });
}

/** The same runs against PostgreSQL: each on a fresh copy of the imported (not analysed) database. */
async function fromPostgres(n: number, times: number): Promise<void> {
  const template = times > 1 ? await replicatedPostgresDatabase(n, times) : await registerPostgresDatabase(n);
  console.log(`end to end from PostgreSQL (${(n * times).toLocaleString('en-GB')} contracts, database ${template}): load, compute, store; today 30/11/2026`);
  const line = (label: string, r: ChildResult) => console.log(`${label.padEnd(37)} | ${r.seconds.toFixed(1).padStart(5)} s | ${r.peakMiB.toFixed(0).padStart(4)} MiB | ${r.opportunities} | ${r.readsFor80} | `
    + `${Object.entries(r.stages).filter(([k]) => k !== 'start').map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}${r.stored ? `; written ${r.stored.written}, unchanged ${r.stored.unchanged}` : ''}`
    + `${r.recomputed ? '' : ' (nothing changed: not recomputed)'}`);
  const work = `${template}_work`;
  // The path before (every contract through the ORM) needs more than its 4 GB heap at several million: measured at one replica only.
  if (times === 1) line('baseline: before (ORM read, no cut)', child('old', await postgresCopy(template, work)));
  const url = await postgresCopy(template, work);
  line('ours, first run (writes every finding)', child('new', url));
  line('ours, again (nothing changed)', child('new', url));
  await dropPostgres(work);
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The PostgreSQL register analysed by `n` worker processes, its parts spread over them when n > 1. */
async function onWorkers(template: string, workers: number, log: fs.WriteStream): Promise<{ seconds: number; peaks: Worker[] }> {
  const work = `${template}_workers`;
  const url = await postgresCopy(template, work);
  const prefix = `bench-analyse-${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, ANALYSIS_WORKER_PARTS: String(workers), WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' };
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker(env, log)));
  const sampler = setInterval(() => { for (const w of pool) w.peakKiB = Math.max(w.peakKiB, peakRss(w.pid) ?? 0); }, 250);
  const queue = new BullmqJobQueue(REDIS_URL, prefix, 0);
  try {
    const start = process.hrtime.bigint();
    await queue.enqueue('analysis', { trigger: 'bench', today: '2026-11-30' });
    for (;;) {
      const [row] = await pgQuery<{ n: string }>(work, 'SELECT COUNT(*) AS n FROM analysis_runs');
      if (Number(row.n) > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    for (const w of pool) w.peakKiB = Math.max(w.peakKiB, peakRss(w.pid) ?? 0);
    return { seconds, peaks: pool };
  } finally {
    clearInterval(sampler);
    await queue.close();
    await Promise.all(pool.map(stopWorker));
    await dropQueuePrefix(REDIS_URL, prefix);
    await dropPostgres(work);
  }
}

async function workersOnPostgres(n: number, times: number, counts: number[]): Promise<void> {
  const template = times > 1 ? await replicatedPostgresDatabase(n, times) : await registerPostgresDatabase(n);
  const logFile = path.join(OUT, 'analyse-workers.log');
  const log = fs.createWriteStream(logFile);
  console.log(`\nthe analysis by worker processes on PostgreSQL + Redis (${(n * times).toLocaleString('en-GB')} contracts; ANALYSIS_WORKER_PARTS = workers; logs in ${path.relative(ROOT, logFile)})`);
  console.log('workers | time    | peak RSS per worker (analysis parts it ran; 0 with one worker: it ran the analysis whole)');
  for (const count of counts) {
    const r = await onWorkers(template, count, log);
    console.log(`${String(count).padStart(7)} | ${r.seconds.toFixed(1).padStart(5)} s | ${r.peaks.map((w) => `${(w.peakKiB / 1024).toFixed(0)} MiB (${w.jobs})`).join(', ')}`);
  }
  log.end();
}

function main(): void {
  const childMode = arg('child', '');
  if (childMode === 'old' || childMode === 'new') {
    void runAnalysisChild(childMode, arg('db', ''), ROOT).then((r) => console.log(JSON.stringify(r)));
    return;
  }
  const n = Number(arg('contracts', '1000000'));
  if (arg('db', 'sqlite') === 'postgres') {
    const workers = arg('workers', '');
    const times = Math.max(1, Math.round(Number(arg('replicate', '1'))));
    void (workers ? workersOnPostgres(n, times, workers.split(',').map(Number)) : fromPostgres(n, times)).then(() => process.exit(0), (e: unknown) => {
      console.error(e);
      process.exit(1);
    });
    return;
  }
  fromDatabase(n, Math.max(1, Math.round(Number(arg('replicate', '1')))));
  if (arg('engine', '1') === '0') return;
  console.log('');
  console.log(`opportunity analysis benchmark: ${n.toLocaleString('en-GB')} contracts at most, 32 councils, 40 products; node ${process.version}`);
  const sampleSize = 20_000;
  const sample = synthetic(sampleSize);
  let t = process.hrtime.bigint();
  pairwise(sample);
  const sampleSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  console.log(`baseline: every pair compared, ${sampleSize.toLocaleString('en-GB')} contracts in ${sampleSeconds.toFixed(2)} s; scaled by n² below`);
  console.log('contracts  | analysis | per contract | µs/(n log2 n) | pairwise (n², scaled) | opportunities | platforms | categories | heap');
  for (const size of [Math.round(n / 4), Math.round(n / 2), n]) {
    const contracts = synthetic(size);
    if (global.gc) global.gc();
    t = process.hrtime.bigint();
    const r = analyse(contracts);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const baseline = sampleSeconds * (size / sampleSize) ** 2;
    console.log(
      `${size.toLocaleString('en-GB').padEnd(10)} | ${s.toFixed(2).padStart(6)} s | ${((s / size) * 1e6).toFixed(2).padStart(9)} µs | ${((s * 1e6) / (size * Math.log2(size))).toFixed(3).padStart(13)} | ${(baseline / 3600).toFixed(1).padStart(17)} h | ${String(r.collaborative).padStart(13)} | ${String(r.platforms).padStart(9)} | ${String(r.categories).padStart(10)} | ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
    );
    console.log(`           stages: ${Object.entries(stages).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}`);
  }
}

main();
