import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DATA_DIR, REPO_ROOT } from './databases';
import { freePort } from './ports';
import { DIST_DIR, until } from './workers';

/** The built API as users run it, on a SQLite file of its own, jobs in-process (the embedded default). */
export interface ApiProcess {
  base: string;
  dir: string;
  database: string;
  pid: number;
  /** The built CLI on the same database, as a council lead at the server would run it. */
  cli(...args: string[]): { code: number | null; stdout: string; stderr: string };
  /** An API token made through the CLI. */
  token(role: 'admin' | 'analyst' | 'council', council?: string): string;
  /** The process's resident memory now and at its peak since the last resetPeak, in MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number };
  resetPeak(): void;
  /** What it wrote to stdout (its JSON log) and to stderr (start-up failures, crashes). */
  stdout(): string;
  stderr(): string;
}

function procStatus(pid: number, field: string): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number(/(\d+)/.exec(line)![1]) / 1024 : NaN;
}

/**
 * Starts the built API before the describe block's tests (on a free port, in a temporary folder,
 * with `env` added) and stops it, removing the folder, after them.
 */
export function apiProcess(prefix: string, env: Record<string, string> = {}): () => ApiProcess {
  let child: ChildProcess | undefined;
  let dir = '';
  let handle: ApiProcess | undefined;
  let out = '';
  let errors = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const port = await freePort();
    const database = path.join(dir, 'register.sqlite');
    const processEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${database}`, DATA_DIR, PORT: String(port), LOG_LEVEL: 'warn', TEST_LOGS: '', ...env };
    // The embedded default unless the test asks for Redis.
    if (!env.REDIS_URL) delete processEnv.REDIS_URL;
    const cli = (...args: string[]) => {
      const run = spawnSync(process.execPath, [path.join(DIST_DIR, 'apps/cli/src/main.js'), ...args], { cwd: REPO_ROOT, env: processEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    // Migrations run once, here, rather than in the API and the first CLI call at the same time.
    const first = cli('tokens', '--json');
    if (first.code !== 0) throw new Error(`the CLI could not open ${database}: ${first.stderr}`);
    child = spawn(process.execPath, [path.join(DIST_DIR, 'apps/api/src/main.js')], { cwd: REPO_ROOT, env: processEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (errors += d));
    const base = `http://127.0.0.1:${port}`;
    await until('the API to answer /health', async () => (await fetch(`${base}/health`).catch(() => null))?.ok);
    const pid = child.pid!;
    handle = {
      base, dir, database, pid, cli,
      token: (role, council) => {
        const made = cli('tokens', 'create', '--role', role, ...(council ? ['--council', council] : []), '--name', `${role} test`, '--json');
        if (made.code !== 0) throw new Error(made.stderr);
        return JSON.parse(made.stdout).token as string;
      },
      memory: () => ({ rssMiB: procStatus(pid, 'VmRSS'), peakMiB: procStatus(pid, 'VmHWM') }),
      // "5" resets the peak resident size the kernel keeps for the process (proc(5), clear_refs).
      resetPeak: () => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'),
      stdout: () => out,
      stderr: () => errors,
    };
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => handle!;
}
