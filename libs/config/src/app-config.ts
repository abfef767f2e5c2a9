import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_READ_LIMITS, ReadLimits } from './read-limits';

export type DatabaseConfig =
  | {
      type: 'sqlite';
      path: string;
      /** How long a write waits for another process's lock before failing (DATABASE_BUSY_TIMEOUT_MS; default 60 s). */
      busyTimeoutMs?: number;
    }
  | {
      type: 'postgres';
      url: string;
      schema: string;
      /**
       * How imports load rows: COPY FROM STDIN (the default: 2.7-4x faster than INSERT at 1M rows,
       * see bench:ingest --db postgres --load-only 1) or
       * multi-row INSERTs (DATABASE_BULK_LOAD=insert, kept to measure against and as a fallback
       * for a proxy that does not pass COPY through).
       */
      bulkLoad?: 'copy' | 'insert';
    };

export interface AppConfig {
  port: number;
  database: DatabaseConfig;
  /** BullMQ on Redis when set; otherwise jobs run in-process. */
  redisUrl: string | null;
  queuePrefix: string;
  uploadLimitBytes: number;
  /** Bytes of uploaded files kept per council (the oldest finished ones go first to make room). */
  uploadStorePerCouncilBytes: number;
  /** Days an uploaded file is kept after its import finished (for importing it again with a new mapping). */
  uploadRetentionDays: number;
  /** Requests a minute one API token (or, without one, one network address) may make (429 with Retry-After beyond). */
  rateLimitPerMinute: number;
  /** Requests a minute from one network address, whatever tokens it sends (a flood of guessed tokens). */
  addressLimitPerMinute: number;
  /** How often uploads kept while Redis was unreachable are offered to the queue again. */
  queueRetryMs: number;
  /** Largest JSON or form body accepted, in KiB (413 above it). */
  requestBodyLimitKb: number;
  /** How much of an uploaded file is read: rows, columns, characters, a workbook's unpacked size (IMPORT_MAX_*). */
  readLimits: ReadLimits;
  workerConcurrency: number;
  /** How soon a killed worker's job is picked up again (BullMQ stalled check). */
  stalledIntervalMs: number;
  /** How long a worker's hold on a job lasts without being renewed (renewed at half of it); at least the stalled interval. */
  workerLockMs: number;
  logLevel: string;
  dataDir: string;
  /** Months within which councils' contract ends must be brought for a collaborative opportunity. */
  alignmentWindowMonths: number;
  /** How long after an import the analysis waits, so a burst of uploads causes one run. */
  analysisDebounceMs: number;
  /** Councils a collaborative opportunity must name to be shown (at least 2). */
  opportunityMinCouncils: number;
  /** Combined annual value (£) a collaborative opportunity must reach to be shown; one with no value known is kept. */
  opportunityMinAnnualValue: number;
  /** Procurement lead times by value band (see libs/renewals DEFAULT_LEAD_TIMES for the sources). */
  /** Where people reach the app: the base of links in alerts and of the calendar feed. */
  publicUrl: string;
  /** smtp://user:pass@host:port (or smtps://); unset, alerts are planned and shown but not e-mailed. */
  smtpUrl: string | null;
  alertsFrom: string;
  /** Attempts per e-mail or webhook delivery before it is marked failed. */
  alertMaxAttempts: number;
  /** How long a delivery claimed by a worker is left alone before another may take it over (the first died mid-send). */
  alertClaimLeaseMs: number;
  /** First retry delay of a council's alert run when a delivery failed (doubling, 8 attempts). */
  alertRetryBackoffMs: number;
  /** Rows a CSV or Excel download reads from the database at a time (memory holds about one such page). */
  exportPageRows: number;
  /** A decision this many months ahead or nearer is tagged "due soon" on the pages. */
  dueSoonMonths: number;
  /** Threads the analysis reads a SQLite file's contracts with (1: the main thread alone). */
  analysisReadThreads: number;
  /** Contracts the analysis holds in memory at once at most; a larger register is analysed in parts (ANALYSIS_PART_CONTRACTS). */
  analysisPartContracts: number;
  /** With BullMQ workers: split each analysis into at least this many parts, run as jobs by any worker (1: the worker that takes the analysis runs every part). */
  analysisWorkerParts: number;
  leadTimes: { largeMonths: number; largeFrom: number; regulatedMonths: number; regulatedFrom: number; smallMonths: number; unknownMonths: number };
}

export class ConfigError extends Error {}

const DEFAULT_SQLITE = 'var/register.sqlite';

/**
 * The folder the app is installed in (where package.json and data/ are), found from this
 * file's own location so the CLI and the API agree whatever the current directory is.
 */
export function appRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'data'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number, got "${raw}"`);
  return n;
}

function atLeast(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new ConfigError(`${name} must be a number of at least ${min}, got "${raw}"`);
  return n;
}

export function parseDatabaseUrl(url: string | undefined, schema: string | undefined, cwd: string, root: string = cwd): DatabaseConfig {
  if (!url) return { type: 'sqlite', path: path.join(root, DEFAULT_SQLITE) };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('DATABASE_URL=sqlite: needs a file path, e.g. sqlite:/var/lib/register.sqlite');
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { type: 'postgres', url, schema: schema || 'public' };
  throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres://, got "${url.replace(/\/\/[^@]*@/, '//…@')}"`);
}

function withBusyTimeout(database: DatabaseConfig, env: NodeJS.ProcessEnv): DatabaseConfig {
  if (database.type !== 'sqlite' || !env.DATABASE_BUSY_TIMEOUT_MS) return database;
  return { ...database, busyTimeoutMs: positiveNumber(env, 'DATABASE_BUSY_TIMEOUT_MS', 60_000) };
}

function withBulkLoad(database: DatabaseConfig, raw: string | undefined): DatabaseConfig {
  if (!raw) return database;
  if (raw !== 'copy' && raw !== 'insert') throw new ConfigError(`DATABASE_BULK_LOAD must be "copy" or "insert", got "${raw}"`);
  if (database.type !== 'postgres') return database;
  return { ...database, bulkLoad: raw };
}

/** Reads settings from the environment once, at start-up; everything else takes them as arguments. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), root = appRoot()): AppConfig {
  const stalledIntervalMs = positiveNumber(env, 'WORKER_STALLED_INTERVAL_MS', 30000);
  return {
    port: positiveNumber(env, 'PORT', 3000),
    database: withBusyTimeout(withBulkLoad(parseDatabaseUrl(env.DATABASE_URL, env.DATABASE_SCHEMA, cwd, root), env.DATABASE_BULK_LOAD), env),
    redisUrl: env.REDIS_URL || null,
    queuePrefix: env.QUEUE_PREFIX || 'register',
    uploadLimitBytes: Math.round(positiveNumber(env, 'UPLOAD_LIMIT_MB', 50) * 1024 * 1024),
    requestBodyLimitKb: Math.round(positiveNumber(env, 'REQUEST_BODY_LIMIT_KB', 1024)),
    queueRetryMs: positiveNumber(env, 'QUEUE_RETRY_MS', 30_000),
    rateLimitPerMinute: Math.round(positiveNumber(env, 'API_RATE_LIMIT_PER_MINUTE', 600)),
    addressLimitPerMinute: Math.round(positiveNumber(env, 'API_ADDRESS_LIMIT_PER_MINUTE', 3000)),
    uploadStorePerCouncilBytes: Math.round(positiveNumber(env, 'UPLOAD_STORE_MB_PER_COUNCIL', 500) * 1024 * 1024),
    uploadRetentionDays: positiveNumber(env, 'UPLOAD_RETENTION_DAYS', 30),
    readLimits: {
      unpackedBytes: Math.round(positiveNumber(env, 'IMPORT_MAX_UNPACKED_MB', DEFAULT_READ_LIMITS.unpackedBytes / 1024 / 1024) * 1024 * 1024),
      rows: Math.round(positiveNumber(env, 'IMPORT_MAX_ROWS', DEFAULT_READ_LIMITS.rows)),
      columns: Math.round(positiveNumber(env, 'IMPORT_MAX_COLUMNS', DEFAULT_READ_LIMITS.columns)),
      cellChars: Math.round(positiveNumber(env, 'IMPORT_MAX_CELL_CHARS', DEFAULT_READ_LIMITS.cellChars)),
      rowChars: Math.round(positiveNumber(env, 'IMPORT_MAX_ROW_CHARS', DEFAULT_READ_LIMITS.rowChars)),
    },
    workerConcurrency: positiveNumber(env, 'WORKER_CONCURRENCY', 1),
    stalledIntervalMs,
    workerLockMs: Math.max(positiveNumber(env, 'WORKER_LOCK_MS', stalledIntervalMs), stalledIntervalMs),
    logLevel: env.LOG_LEVEL || 'info',
    dataDir: env.DATA_DIR ? path.resolve(cwd, env.DATA_DIR) : path.join(root, 'data'),
    alignmentWindowMonths: positiveNumber(env, 'ALIGNMENT_WINDOW_MONTHS', 12),
    analysisDebounceMs: positiveNumber(env, 'ANALYSIS_DEBOUNCE_MS', 60_000),
    opportunityMinCouncils: Math.round(atLeast(env, 'OPPORTUNITY_MIN_COUNCILS', 2, 2)),
    // £10,000 a year: below the smallest planted group of the evaluation set (about £27,000) and far
    // below the regulated threshold, so only findings too small to convene councils over are cut.
    opportunityMinAnnualValue: atLeast(env, 'OPPORTUNITY_MIN_ANNUAL_VALUE', 10_000, 0),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${positiveNumber(env, 'PORT', 3000)}`).replace(/\/+$/, ''),
    smtpUrl: env.SMTP_URL || null,
    alertsFrom: env.ALERTS_FROM || 'Contract register <alerts@localhost>',
    alertMaxAttempts: Math.round(positiveNumber(env, 'ALERT_MAX_ATTEMPTS', 5)),
    alertClaimLeaseMs: positiveNumber(env, 'ALERT_CLAIM_LEASE_MS', 5 * 60_000),
    alertRetryBackoffMs: positiveNumber(env, 'ALERT_RETRY_BACKOFF_MS', 15_000),
    exportPageRows: Math.max(1, Math.round(positiveNumber(env, 'EXPORT_PAGE_ROWS', 1000))),
    dueSoonMonths: Math.round(positiveNumber(env, 'DUE_SOON_MONTHS', 3)),
    analysisReadThreads: Math.max(1, Math.round(positiveNumber(env, 'ANALYSIS_READ_THREADS', Math.min(4, os.availableParallelism())))),
    analysisPartContracts: Math.max(1, Math.round(positiveNumber(env, 'ANALYSIS_PART_CONTRACTS', 1_000_000))),
    analysisWorkerParts: Math.max(1, Math.round(positiveNumber(env, 'ANALYSIS_WORKER_PARTS', 1))),
    leadTimes: {
      largeMonths: positiveNumber(env, 'LEAD_MONTHS_LARGE', 18),
      largeFrom: positiveNumber(env, 'LARGE_CONTRACT_FROM', 1_000_000),
      regulatedMonths: positiveNumber(env, 'LEAD_MONTHS_REGULATED', 12),
      regulatedFrom: positiveNumber(env, 'REGULATED_FROM', 50_000),
      smallMonths: positiveNumber(env, 'LEAD_MONTHS_SMALL', 6),
      unknownMonths: positiveNumber(env, 'LEAD_MONTHS_UNKNOWN_VALUE', 12),
    },
  };
}
