import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSyntheticRegister } from './synthetic-register';

// The benchmarks' national registers, made once and kept in bench/out: the synthetic register
// (synthetic-register.ts) imported through the real CLI, and analysed through it when asked.

export const ROOT = path.resolve(__dirname, '..', '..');
export const OUT = path.join(ROOT, 'bench/out');
const CLI = path.join(ROOT, 'dist/apps/cli/src/main.js');

/** The synthetic national register of `n` rows as a CSV file (written once). */
export function registerCsv(n: number): string {
  fs.mkdirSync(OUT, { recursive: true });
  const csv = path.join(OUT, `national-${n}.csv`);
  if (!fs.existsSync(csv)) writeSyntheticRegister(csv, n);
  return csv;
}

/** Runs the CLI against `databaseUrl`; throws with its stderr when it fails. */
export function cli(databaseUrl: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(process.execPath, ['--max-old-space-size=4096', CLI, ...args], {
    cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`cli ${args[0]} failed: ${run.stderr.toString()}`);
  return run.stdout.toString();
}

/** The register's SQLite file, imported once through the CLI and kept (a million rows take a quarter of a minute). */
export function registerDatabase(n: number): string {
  const db = path.join(OUT, `analyse-${n}.sqlite`);
  if (fs.existsSync(db)) return db;
  const csv = registerCsv(n);
  cli(`sqlite:${db}.tmp`, ['import', csv, '--no-analyse', '--json']);
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${db}.tmp${suffix}`)) fs.renameSync(`${db}.tmp${suffix}`, `${db}${suffix}`);
  // Everything into the file itself: runs copy the file alone, and a write-ahead log left beside it would not come along.
  const written = new Database(db);
  written.pragma('wal_checkpoint(TRUNCATE)');
  written.close();
  return db;
}

/**
 * The imported register of `n` repeated `times` times (references suffixed "/1", "/2" …), by SQL
 * rather than through the importer: at five million rows the import's per-row classification
 * pass alone takes most of an hour. Every copy keeps its stored classification, so the analysis
 * reads it as it would after a real import. Kept as analyse-<n>x<times>.sqlite.
 */
export function replicatedDatabase(n: number, times: number): string {
  const db = path.join(OUT, `analyse-${n}x${times}.sqlite`);
  if (fs.existsSync(db)) return db;
  const tmp = `${db}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  fs.copyFileSync(registerDatabase(n), tmp);
  const w = new Database(tmp);
  w.pragma('journal_mode = OFF');
  w.pragma('synchronous = OFF');
  // Indexes dropped while rows go in, made again after: one sort each instead of millions of random inserts.
  const indexes = w.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contracts' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  for (const ix of indexes) w.exec(`DROP INDEX "${ix.name}"`);
  const columns = (w.prepare('PRAGMA table_info(contracts)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const maxId = w.prepare('SELECT MAX(id) FROM contracts').pluck().get() as number;
  for (let k = 1; k < times; k++) {
    const select = columns.map((c) => (c === 'reference' ? `reference || '/${k}'` : `"${c}"`)).join(', ');
    w.exec(`INSERT INTO contracts (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM contracts WHERE id <= ${maxId} ORDER BY id`);
  }
  for (const ix of indexes) w.exec(ix.sql);
  w.exec('ANALYZE');
  w.close();
  fs.renameSync(tmp, db);
  return db;
}

/** A copy of the imported register, analysed through the CLI (`analyse`), kept as `name`. */
export function analysedSqliteDatabase(n: number, name = `api-${n}.sqlite`): string {
  const db = path.join(OUT, name);
  if (fs.existsSync(db)) return db;
  const source = registerDatabase(n);
  const tmp = `${db}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  fs.copyFileSync(source, tmp);
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(`${source}${suffix}`)) fs.copyFileSync(`${source}${suffix}`, `${tmp}${suffix}`);
  cli(`sqlite:${tmp}`, ['analyse', '--today', '30/11/2026', '--json']);
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${tmp}${suffix}`)) fs.renameSync(`${tmp}${suffix}`, `${db}${suffix}`);
  return db;
}

const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export async function pgQuery<T>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  // Required here, not imported: only the PostgreSQL runs need the driver loaded.
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: `${PG_SERVER}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL database `name` holding the register of `n` rows, imported and analysed through the
 * CLI once; kept while it holds `n` current contracts and a finished analysis, made again otherwise.
 */
export async function analysedPostgresDatabase(n: number, name = `bench_api_${n}`): Promise<string> {
  const url = `${PG_SERVER}/${name}`;
  const exists = (await pgQuery<{ n: number }>('postgres', 'SELECT 1 AS n FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (exists) {
    const ready = await pgQuery<{ contracts: string; runs: string }>(name,
      "SELECT (SELECT COUNT(*) FROM contracts WHERE is_current = true) AS contracts, (SELECT COUNT(*) FROM analysis_runs) AS runs").catch(() => []);
    if (ready.length && Number(ready[0].contracts) === n && Number(ready[0].runs) > 0) {
      // As autovacuum leaves the tables some minutes after a load: planner statistics (a fresh bulk load has
      // none) and the visibility map (without it an index-only count visits the heap for every row).
      await pgQuery(name, 'VACUUM (ANALYZE)');
      return url;
    }
    await pgQuery('postgres', `DROP DATABASE "${name}"`);
  }
  await pgQuery('postgres', `CREATE DATABASE "${name}"`);
  cli(url, ['import', registerCsv(n), '--no-analyse', '--json']);
  cli(url, ['analyse', '--today', '30/11/2026', '--json']);
  await pgQuery(name, 'VACUUM (ANALYZE)');
  return url;
}

/**
 * A PostgreSQL database holding the register of `n` rows imported through the CLI and not analysed
 * (bench_analyse_<n>), kept while it holds `n` current contracts; runs analyse copies of it.
 */
export async function registerPostgresDatabase(n: number): Promise<string> {
  const name = `bench_analyse_${n}`;
  const exists = (await pgQuery<{ n: number }>('postgres', 'SELECT 1 AS n FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (exists) {
    const ready = await pgQuery<{ contracts: string; runs: string }>(name,
      'SELECT (SELECT COUNT(*) FROM contracts WHERE is_current = true) AS contracts, (SELECT COUNT(*) FROM analysis_runs) AS runs').catch(() => []);
    if (ready.length && Number(ready[0].contracts) === n && Number(ready[0].runs) === 0) return name;
    await pgQuery('postgres', `DROP DATABASE "${name}"`);
  }
  await pgQuery('postgres', `CREATE DATABASE "${name}"`);
  cli(`${PG_SERVER}/${name}`, ['import', registerCsv(n), '--no-analyse', '--json']);
  await pgQuery(name, 'VACUUM (ANALYZE)');
  return name;
}

/**
 * The PostgreSQL register of `n` repeated `times` times (bench_analyse_<n>x<times>), by SQL as
 * replicatedDatabase does for SQLite: a copy of the imported register, its contract indexes
 * dropped while the copies go in and made again after. Kept while it holds n × times contracts.
 */
export async function replicatedPostgresDatabase(n: number, times: number): Promise<string> {
  const name = `bench_analyse_${n}x${times}`;
  const exists = (await pgQuery<{ n: number }>('postgres', 'SELECT 1 AS n FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (exists) {
    const [ready] = await pgQuery<{ contracts: string; runs: string }>(name,
      'SELECT (SELECT COUNT(*) FROM contracts WHERE is_current = true) AS contracts, (SELECT COUNT(*) FROM analysis_runs) AS runs');
    if (Number(ready.contracts) === n * times && Number(ready.runs) === 0) return name;
    await pgQuery('postgres', `DROP DATABASE "${name}"`);
  }
  await postgresCopy(await registerPostgresDatabase(n), name);
  const indexes = await pgQuery<{ name: string; sql: string }>(name,
    "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'contracts' AND indexname NOT IN (SELECT conname FROM pg_constraint)");
  for (const ix of indexes) await pgQuery(name, `DROP INDEX "${ix.name}"`);
  const columns = (await pgQuery<{ column_name: string }>(name, "SELECT column_name FROM information_schema.columns WHERE table_name = 'contracts' AND column_name <> 'id' ORDER BY ordinal_position"))
    .map((c) => c.column_name);
  const [{ max }] = await pgQuery<{ max: string }>(name, 'SELECT MAX(id) AS max FROM contracts');
  for (let k = 1; k < times; k++) {
    const select = columns.map((c) => (c === 'reference' ? `reference || '/${k}'` : `"${c}"`)).join(', ');
    await pgQuery(name, `INSERT INTO contracts (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM contracts WHERE id <= ${Number(max)} ORDER BY id`);
  }
  for (const ix of indexes) await pgQuery(name, ix.sql);
  await pgQuery(name, 'VACUUM (ANALYZE)');
  return name;
}

/** A fresh copy of the database `template` as `name` (PostgreSQL copies the files: seconds, not an import). */
export async function postgresCopy(template: string, name: string): Promise<string> {
  await pgQuery('postgres', `DROP DATABASE IF EXISTS "${name}"`);
  await pgQuery('postgres', `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return `${PG_SERVER}/${name}`;
}

export async function dropPostgres(name: string): Promise<void> {
  await pgQuery('postgres', `DROP DATABASE IF EXISTS "${name}"`);
}
