import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CouncilDirectory } from '@app/ingest';
import { openDatabase, PostgresImportWriter, readCouncilReference } from '@app/persistence';
import { parseInWorker } from '@app/importing';
import { writeSyntheticRegister } from './synthetic-register';
import { arg } from './args';

// npm run bench:ingest -- --rows 1000000 [--db sqlite|postgres|both]
// Imports a synthetic national register through the real CLI into a fresh SQLite file, at a
// quarter, half and all of --rows, beside the baseline: the sqlite3 shell's .import of the
// same file into an empty table (no parsing of values, no checks).
// --db postgres: into a fresh schema of PostgreSQL (BENCH_POSTGRES_URL, default the local
// server's `test` database), by COPY and by multi-row INSERT (DATABASE_BULK_LOAD), beside psql's
// \copy of the same file into an empty table as the baseline.
// --db postgres --load-only 1: the load alone (parse thread + writer, no classification or supplier passes), COPY against INSERT, twice each.
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'bench/out');


function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function ensureTable(db: string): void {
  execFileSync('sqlite3', [db, 'CREATE TABLE c (council, ref, title, supplier, start, "end", ext, annual, total, category, cpv, dept);']);
}

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function psql(sql: string): void {
  execFileSync('psql', [POSTGRES_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
}

export type Target = { kind: 'sqlite' } | { kind: 'postgres'; load: 'copy' | 'insert' };

/** A fresh, empty database for one run, as the environment the CLI reads. */
function freshDatabase(target: Target): Record<string, string> {
  if (target.kind === 'sqlite') {
    const db = path.join(OUT, 'ingest.sqlite');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    return { DATABASE_URL: `sqlite:${db}` };
  }
  psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE; CREATE SCHEMA bench_ingest');
  return { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: 'bench_ingest', DATABASE_BULK_LOAD: target.load };
}

export function ours(file: string, target: Target = { kind: 'sqlite' }): { seconds: number; peakMiB: number; rows: number; phases: [string, number][] } {
  const env = freshDatabase(target);
  const peakFile = path.join(OUT, 'peak-rss.txt');
  // The previous run's writes are still being flushed: let them land so they do not slow this one.
  execFileSync('sync');
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'dist/bench/report-peak-rss.js'), path.join(ROOT, 'dist/apps/cli/src/main.js'), 'import', file, '--no-analyse', '--json', '--timings'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PEAK_RSS_FILE: peakFile },
    maxBuffer: 1 << 30,
  });
  const elapsed = seconds(start);
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr.toString()}`);
  const report = JSON.parse(run.stdout.toString());
  const phases = [...run.stderr.toString().matchAll(/^timing (\w+): (\d+) ms$/gm)].map((m): [string, number] => [m[1], Number(m[2]) / 1000]);
  return { seconds: elapsed, peakMiB: Number(fs.readFileSync(peakFile, 'utf8')) / 1024, rows: report.files[0].imported, phases };
}

/** psql's \\copy of the file into an empty unindexed table: what PostgreSQL itself needs to take the bytes in. */
function postgresBaseline(file: string): number {
  psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE; CREATE SCHEMA bench_ingest; CREATE TABLE bench_ingest.c (council text, ref text, title text, supplier text, start text, "end" text, ext text, annual text, total text, category text, cpv text, dept text)');
  execFileSync('sync');
  const start = process.hrtime.bigint();
  psql(`\\copy bench_ingest.c FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  return seconds(start);
}

function postgres(rows: number): void {
  console.log(`\ningest into PostgreSQL (${POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@')}, a fresh schema each run, every index of the migrations in place)`);
  console.log('size       | file MB | psql \\copy (baseline) | ours, COPY | rows/s  | peak RSS | ours, multi-row INSERT | rows/s  | peak RSS | INSERT/COPY');
  const phaseLines: string[] = [];
  for (const n of [Math.round(rows / 4), Math.round(rows / 2), rows]) {
    const file = path.join(OUT, `national-${n}.csv`);
    if (!fs.existsSync(file)) writeSyntheticRegister(file, n);
    const mb = fs.statSync(file).size / 1e6;
    const base = postgresBaseline(file);
    const copy = ours(file, { kind: 'postgres', load: 'copy' });
    const insert = ours(file, { kind: 'postgres', load: 'insert' });
    for (const r of [copy, insert]) if (r.rows !== n) throw new Error(`expected ${n} rows imported, got ${r.rows}`);
    console.log(
      `${n.toLocaleString('en-GB').padEnd(10)} | ${mb.toFixed(0).padStart(7)} | ${base.toFixed(2).padStart(19)} s | ${copy.seconds.toFixed(2).padStart(8)} s | ${Math.round(n / copy.seconds).toLocaleString('en-GB').padStart(7)} | ${copy.peakMiB.toFixed(0).padStart(4)} MiB | ${insert.seconds.toFixed(2).padStart(20)} s | ${Math.round(n / insert.seconds).toLocaleString('en-GB').padStart(7)} | ${insert.peakMiB.toFixed(0).padStart(4)} MiB | ${(insert.seconds / copy.seconds).toFixed(2).padStart(10)}x`,
    );
    for (const [label, r] of [['COPY', copy], ['INSERT', insert]] as const) {
      phaseLines.push(`${n.toLocaleString('en-GB').padEnd(10)} ${label.padEnd(6)} | ${r.phases.map(([name, s]) => `${name} ${s.toFixed(2)}`).join(' | ')}`);
    }
  }
  psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE');
  console.log('\nwhere the time went (seconds, from import --timings):');
  for (const line of phaseLines) console.log(line);
}

/**
 * The load alone, COPY against multi-row INSERT: the register parsed in a worker thread and its
 * batches written in one transaction with every index in place, as ImportRunner does, but
 * without the reconciliation, classification and supplier passes that follow (the same for both).
 */
async function loadOnly(file: string, load: 'copy' | 'insert'): Promise<{ seconds: number; rows: number }> {
  psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE');
  const dataSource = await openDatabase({ type: 'postgres', url: POSTGRES_URL, schema: 'bench_ingest' });
  try {
    const councils = new CouncilDirectory(readCouncilReference(path.join(ROOT, 'data'))).all();
    const importId = randomUUID();
    const start = process.hrtime.bigint();
    const parsed = await parseInWorker({ importId, input: { name: path.basename(file), path: file }, councils, council: null });
    const writer = new PostgresImportWriter(dataSource, importId, load);
    await writer.begin();
    let rows = 0;
    for await (const batch of parsed.batches) {
      await writer.insertContractValues(batch.contracts);
      await writer.insertIssueValues(batch.issues);
      rows += batch.imported;
    }
    await writer.commit();
    await writer.release();
    return { seconds: seconds(start), rows };
  } finally {
    await dataSource.destroy();
    psql('DROP SCHEMA IF EXISTS bench_ingest CASCADE');
  }
}

async function loadComparison(rows: number): Promise<void> {
  const file = path.join(OUT, `national-${rows}.csv`);
  if (!fs.existsSync(file)) writeSyntheticRegister(file, rows);
  console.log(`\nPostgreSQL load alone (parse thread + writer, one transaction, indexes in place), ${rows.toLocaleString('en-GB')} rows; baseline psql \\copy ${postgresBaseline(file).toFixed(2)} s`);
  console.log('method                 | time      | rows/s');
  for (const load of ['copy', 'insert', 'copy', 'insert'] as const) {
    const r = await loadOnly(file, load);
    if (r.rows !== rows) throw new Error(`expected ${rows} rows, got ${r.rows}`);
    console.log(`${(load === 'copy' ? 'COPY FROM STDIN' : 'multi-row INSERT (500)').padEnd(22)} | ${r.seconds.toFixed(2).padStart(7)} s | ${Math.round(rows / r.seconds).toLocaleString('en-GB')}`);
  }
}

function main(): void {
  const rows = Number(arg('rows', '1000000'));
  const db = arg('db', 'sqlite');
  if (arg('load-only', '0') === '1') {
    fs.mkdirSync(OUT, { recursive: true });
    void loadComparison(rows).catch((e) => {
      console.error(e);
      process.exit(1);
    });
    return;
  }
  if (!['sqlite', 'postgres', 'both'].includes(db)) throw new Error('--db must be sqlite, postgres or both');
  if (db === 'postgres') {
    fs.mkdirSync(OUT, { recursive: true });
    console.log(`ingest benchmark: synthetic national register, ${rows.toLocaleString('en-GB')} rows at most; node ${process.version}`);
    postgres(rows);
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, 'dist/apps/cli/src/main.js'))) throw new Error('run npm run build first');
  console.log(`ingest benchmark: synthetic national register, ${rows.toLocaleString('en-GB')} rows at most; node ${process.version}`);
  console.log('size       | file MB | sqlite3 .import (baseline) | our import | ratio | rows/s  | peak RSS');
  const phaseLines: string[] = [];
  for (const n of [Math.round(rows / 4), Math.round(rows / 2), rows]) {
    const file = path.join(OUT, `national-${n}.csv`);
    if (!fs.existsSync(file)) writeSyntheticRegister(file, n);
    const mb = fs.statSync(file).size / 1e6;
    const db = path.join(OUT, 'baseline.sqlite');
    fs.rmSync(db, { force: true });
    ensureTable(db);
    execFileSync('sync');
    const start = process.hrtime.bigint();
    execFileSync('sqlite3', [db, '-cmd', '.mode csv', `.import --skip 1 ${file} c`], { stdio: 'ignore' });
    const base = seconds(start);
    const r = ours(file);
    if (r.rows !== n) throw new Error(`expected ${n} rows imported, got ${r.rows}`);
    console.log(
      `${n.toLocaleString('en-GB').padEnd(10)} | ${mb.toFixed(0).padStart(7)} | ${base.toFixed(2).padStart(24)} s | ${r.seconds.toFixed(2).padStart(8)} s | ${(r.seconds / base).toFixed(1).padStart(4)}x | ${Math.round(n / r.seconds).toLocaleString('en-GB').padStart(7)} | ${r.peakMiB.toFixed(0)} MiB`,
    );
    const accounted = r.phases.reduce((sum, [, s]) => sum + s, 0);
    phaseLines.push(`${n.toLocaleString('en-GB').padEnd(10)} | ${r.phases.map(([name, s]) => `${name} ${s.toFixed(2)}`).join(' | ')} | exit ${(r.seconds - accounted).toFixed(2)}`);
  }
  console.log('\nwhere our time went (seconds, from import --timings; exit = after the last phase until the process ended):');
  for (const line of phaseLines) console.log(line);
  if (db === 'both') postgres(rows);
}

if (require.main === module) main();
