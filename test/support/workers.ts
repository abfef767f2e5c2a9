import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import IORedis from 'ioredis';
import { DatabaseConfig } from '@app/config';
import { REPO_ROOT } from './databases';

/**
 * Compiled apps the process tests start: the repository's `dist` (CI builds it before jest), or
 * TEST_DIST_DIR, so a build elsewhere can be tested without touching the tree's `dist`.
 */
export const DIST_DIR = process.env.TEST_DIST_DIR ? path.resolve(process.env.TEST_DIST_DIR) : path.join(REPO_ROOT, 'dist');
export const WORKER_MAIN = path.join(DIST_DIR, 'apps/worker/src/main.js');
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseEnv(config: DatabaseConfig): Record<string, string> {
  return config.type === 'sqlite' ? { DATABASE_URL: `sqlite:${config.path}` } : { DATABASE_URL: config.url, DATABASE_SCHEMA: config.schema };
}

/** One line of a worker's JSON log (Nest's ConsoleLogger with `json: true`). */
export interface LogLine {
  timestamp: number;
  context?: string;
  message: { msg?: string; jobId?: string; importId?: string; name?: string; [k: string]: unknown } | string;
}

export function msgOf(line: LogLine): string | undefined {
  return typeof line.message === 'string' ? line.message : line.message.msg;
}

/** A worker process whose log lines the test reads as they come. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  lines: LogLine[];
  /** Resolves with the first line (already seen or to come) that matches. */
  waitForLine(what: string, match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited(): boolean;
  /** SIGKILL, resolved once the process has gone. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
// Should jest's own process end abruptly (a crash, a timeout that kills it), take the workers with it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function startWorkerProcess(env: Record<string, string>, logFile?: string): WorkerProcess {
  if (!fs.existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build, or set TEST_DIST_DIR to a build`);
  const child = spawn(process.execPath, [WORKER_MAIN], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let gone = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    gone = true;
    live.delete(child);
    resolve();
  }));
  const lines: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  const log = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (text) => {
      log?.write(`${child.pid} ${text}\n`);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { timestamp: Date.now(), message: text };
      }
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.match(line)) w.resolve(line);
        else waiters.push(w);
      }
    });
  }
  child.once('exit', () => log?.end());
  return {
    child,
    pid: child.pid!,
    lines,
    waitForLine: (what, match, timeoutMs = 120_000) => {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for worker ${child.pid} to log ${what}`)), timeoutMs);
        const done = (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        };
        waiters.push({ match, resolve: done });
        void exit.then(() => {
          clearTimeout(timer);
          reject(new Error(`worker ${child.pid} exited before it logged ${what}`));
        });
      });
    },
    exited: () => gone,
    kill: async () => {
      if (!gone) child.kill('SIGKILL');
      await exit;
    },
  };
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Deletes every Redis key under a test's queue prefix (jobs, schedulers, locks). */
export async function dropQueuePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
