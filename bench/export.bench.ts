import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { loadConfig } from '@app/config';
import { openDatabase, UsersRepository, WriteGate } from '@app/persistence';
import { registerDatabase } from './register-database';
import { freePort } from '../test/support/ports';
import { arg } from './args';

// npm run bench:export -- --contracts 1000000 [--formats csv,xlsx] [--baseline auto|<commit>|none] [--baseline-timeout 1200]
// The contracts download (/contracts.csv and /contracts.xlsx, every current contract, default
// sort) from the built API started on its own, against the bench:analyse register database
// (imported once through the CLI into bench/out). Each download gets a fresh API process, so the
// peak RSS printed (the kernel's VmHWM for that process) is the download's own. Baseline in the
// same run: the commit before the downloads streamed (the whole export built in memory, then
// sent), checked out with `git archive` into var/ and built there, downloading the same
// routes from the same database.
const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'bench/out');
const EMAIL = 'bench-export@register.test';


const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** A line of /proc/<pid>/status in MiB (VmHWM: peak resident set; VmRSS: now); 0 once the process is gone. */
function procMiB(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A session cookie for an analyst (every council), made in the database as the pages' sign-in would. */
async function sessionCookie(db: string): Promise<string> {
  const config = loadConfig({ ...process.env, DATABASE_URL: `sqlite:${db}` }, ROOT, ROOT);
  const dataSource = await openDatabase(config.database);
  try {
    const users = new UsersRepository(dataSource, new WriteGate());
    const now = new Date().toISOString();
    const user = (await users.byEmail(EMAIL)) ?? (await users.invite(EMAIL, 'analyst', null, 'bench', now)).user;
    return `ccr_session=${(await users.createSession(user.id, now, 8)).token}`;
  } finally {
    await dataSource.destroy();
  }
}

/** The commit before this branch's first streaming commit, checked out and built under var/ (kept for later runs). */
function baselineBuild(which: string): { dir: string; commit: string } | null {
  if (which === 'none') return null;
  let commit = which;
  if (which === 'auto') {
    const log = execFileSync('git', ['-C', ROOT, 'log', '--format=%H %s'], { encoding: 'utf8' }).split('\n');
    const first = log.filter((l) => / Downloads stream: /.test(l)).at(-1);
    if (!first) throw new Error('--baseline auto: no "Downloads stream:" commit in this history; give --baseline <commit>');
    commit = `${first.split(' ')[0]}^`;
  }
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', commit], { encoding: 'utf8' }).trim();
  // Under var/ (ignored by git, outside what tsc and jest read); only its build, data and package.json are kept.
  const dir = path.join(ROOT, 'var', `bench-baseline-${sha.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'dist/apps/api/src/main.js'))) {
    console.log(`building the baseline ${sha.slice(0, 12)} in ${path.relative(ROOT, dir)} …`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${sha} | tar -x -C "${dir}"`]);
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
    for (const source of ['apps', 'libs', 'bench', 'eval', 'test']) fs.rmSync(path.join(dir, source), { recursive: true, force: true });
    // The app finds its root by a package.json beside data/; a name of its own keeps jest's module map free of a second copy.
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "export-bench-baseline", "private": true }\n');
  }
  return { dir, commit: sha };
}

interface Api {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  stderr: () => string;
}

async function startApi(appDir: string, db: string): Promise<Api> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(appDir, 'dist/apps/api/src/main.js')], {
    cwd: appDir,
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, PORT: String(port), LOG_LEVEL: 'warn', REDIS_URL: '', DATA_DIR: path.join(appDir, 'data') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  for (const start = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`the API did not start: ${err}`);
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return { child, port, exited, stderr: () => err };
    if (Date.now() - start > 300_000) throw new Error('the API did not answer /health within 5 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Download {
  status: number | string;
  seconds: number;
  firstByte: number;
  bytes: number;
  chunked: boolean;
  peakMiB: number;
  startMiB: number;
  rows: number | null;
}

/** GET `url` into `file`, watching the API's peak RSS; ends with the response, the API's death or the timeout. */
async function download(api: Api, url: string, cookie: string, file: string, timeoutS: number): Promise<Download> {
  const pid = api.child.pid!;
  const startMiB = procMiB(pid, 'VmRSS');
  let peak = procMiB(pid, 'VmHWM');
  const sampler = setInterval(() => (peak = Math.max(peak, procMiB(pid, 'VmHWM'))), 200);
  const start = process.hrtime.bigint();
  let firstByte = 0;
  let bytes = 0;
  let chunked = false;
  const sink = fs.createWriteStream(file);
  const status = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve(`did not finish in ${timeoutS} s`);
    }, timeoutS * 1000);
    const req = http.get({ host: '127.0.0.1', port: api.port, path: url, headers: { cookie } }, (res) => {
      chunked = res.headers['transfer-encoding'] === 'chunked';
      res.on('data', (c: Buffer) => {
        if (!firstByte) firstByte = seconds(start);
        bytes += c.length;
      });
      res.pipe(sink);
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.complete ? res.statusCode ?? 0 : 'cut off');
      });
      res.on('error', () => {
        clearTimeout(timer);
        resolve('cut off');
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      resolve(`failed: ${e.message}`);
    });
    void api.exited.then((code) => {
      clearTimeout(timer);
      resolve(`API died (exit ${code}): ${/heap out of memory|Allocation failed/i.test(api.stderr()) ? 'out of memory' : api.stderr().split('\n').filter(Boolean).at(-1) ?? ''}`);
    });
  });
  const elapsed = seconds(start);
  peak = Math.max(peak, procMiB(pid, 'VmHWM'));
  clearInterval(sampler);
  await new Promise((r) => sink.end(r));
  return { status, seconds: elapsed, firstByte, bytes, chunked, peakMiB: peak, startMiB, rows: null };
}

/** Rows in a downloaded file (header not counted), read back as a spreadsheet program would. */
async function countRows(file: string, format: 'csv' | 'xlsx'): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    for await (const record of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) if (record) n++;
  } else {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) for await (const row of sheet) if (row) n++;
  }
  return n - 1;
}

async function stop(api: Api): Promise<void> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
  await api.exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const n = Number(arg('contracts', '1000000'));
  const formats = arg('formats', 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
  const timeoutS = Number(arg('baseline-timeout', '1200'));
  if (!fs.existsSync(path.join(ROOT, 'dist/apps/api/src/main.js'))) throw new Error('run npm run build first');
  const db = registerDatabase(n);
  const baseline = baselineBuild(arg('baseline', 'auto'));
  const cookie = await sessionCookie(db);
  console.log(`export benchmark: /contracts.csv and /contracts.xlsx, all ${n.toLocaleString('en-GB')} contracts (${(fs.statSync(db).size / 2 ** 20).toFixed(0)} MiB SQLite), default sort; node ${process.version}; a fresh API process per download`);
  console.log('path                               | format |   rows    |  MiB   | seconds | first byte | API RSS at start | API peak RSS | chunked | result');
  const runs: [string, string, 'csv' | 'xlsx', number][] = [];
  for (const f of formats) runs.push(['streamed (this build)', ROOT, f, 24 * 3600]);
  if (baseline) for (const f of formats) runs.push([`baseline ${baseline.commit.slice(0, 12)} (in memory)`, baseline.dir, f, timeoutS]);
  const files: Record<string, string> = {};
  for (const [label, dir, format, timeout] of runs) {
    const api = await startApi(dir, db);
    const file = path.join(OUT, `export-${label.startsWith('streamed') ? 'streamed' : 'baseline'}.${format}`);
    let r: Download;
    try {
      r = await download(api, `/contracts.${format}`, cookie, file, timeout);
    } finally {
      await stop(api);
    }
    if (r.status === 200) r.rows = await countRows(file, format);
    if (r.status === 200) files[`${label.startsWith('streamed') ? 'streamed' : 'baseline'}.${format}`] = file;
    console.log(
      `${label.padEnd(34)} | ${format.padEnd(6)} | ${(r.rows === null ? '–' : r.rows.toLocaleString('en-GB')).padStart(9)} | ${(r.bytes / 2 ** 20).toFixed(1).padStart(6)} | ${r.seconds.toFixed(1).padStart(7)} | ${r.firstByte.toFixed(2).padStart(8)} s | ${r.startMiB.toFixed(0).padStart(12)} MiB | ${r.peakMiB.toFixed(0).padStart(8)} MiB | ${String(r.chunked).padEnd(7)} | ${r.status}`,
    );
  }
  // The CSV is deterministic: the streamed one should be the baseline's byte for byte.
  if (files['streamed.csv'] && files['baseline.csv']) {
    let same = true;
    try {
      execFileSync('cmp', ['-s', files['streamed.csv'], files['baseline.csv']]);
    } catch {
      same = false;
    }
    console.log(`streamed CSV identical to the baseline's: ${same ? 'yes' : 'no'}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
