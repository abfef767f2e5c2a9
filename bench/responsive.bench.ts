import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { arg } from './args';
import { freePort } from '../test/support/ports';

// npm run bench:responsive [-- --repeated 40000 --rows 200000]
// How long /health takes to answer while the API (SQLite, jobs in-process: the embedded default)
// imports through its own upload route: a register of N rows all referenced "TBC", an ordinary
// full register for the same council after it, and a large ordinary register. /health is asked
// every 20 ms from this process; each answer's time is recorded. The baseline is the same probe
// with the API idle, measured first in the same run.
const API = path.resolve(__dirname, '../apps/api/src/main.js');
const CLI = path.resolve(__dirname, '../apps/cli/src/main.js');
const FIFE = 'S12000047';


function register(rows: number, reference: (i: number) => string): Buffer {
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
  for (let i = 0; i < rows; i++) lines.push(`${reference(i)},Service ${i},Supplier ${i % 97} Ltd,01/04/2024,31/03/2028,${1000 + i}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summary(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `${String(sorted.length).padStart(5)} probes   p50 ${at(0.5).toFixed(0).padStart(4)} ms   p99 ${at(0.99).toFixed(0).padStart(5)} ms   max ${(sorted.at(-1) ?? NaN).toFixed(0).padStart(5)} ms`;
}

/** Asks /health every 20 ms (one at a time) until `done` resolves; each answer's time in ms. */
async function probe(base: string, done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  while (!finished) {
    const start = performance.now();
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    times.push(performance.now() - start);
    await sleep(20);
  }
  return times;
}

async function main(): Promise<void> {
  const repeated = Number(arg('repeated', '40000'));
  const rows = Number(arg('rows', '200000'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-responsive-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'register.sqlite')}`, LOG_LEVEL: 'warn', ANALYSIS_DEBOUNCE_MS: '3600000', API_RATE_LIMIT_PER_MINUTE: '1000000', API_ADDRESS_LIMIT_PER_MINUTE: '1000000', UPLOAD_LIMIT_MB: '200', UPLOAD_STORE_MB_PER_COUNCIL: '100000' };
  delete env.REDIS_URL;
  const made = spawnSync(process.execPath, [CLI, 'tokens', 'create', '--role', 'admin', '--name', 'bench', '--json'], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const token = (JSON.parse(made.stdout) as { token: string }).token;
  const port = await freePort();
  const api: ChildProcess = spawn(process.execPath, [API], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (i > 600) throw new Error('the API did not start');
      }
      await sleep(100);
    }
    const auth = { Authorization: `Bearer ${token}` };
    const upload = async (name: string, content: Buffer, mode: string): Promise<{ seconds: number; status: string }> => {
      const start = performance.now();
      const form = new FormData();
      form.set('council', FIFE);
      form.set('mode', mode);
      form.set('file', new Blob([new Uint8Array(content)]), name);
      const res = await fetch(`${base}/api/imports`, { method: 'POST', headers: auth, body: form });
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        const record = (await (await fetch(`${base}/api/imports/${id}`, { headers: auth })).json()) as { status: string };
        if (record.status === 'completed' || record.status === 'failed') return { seconds: (performance.now() - start) / 1000, status: record.status };
        await sleep(100);
      }
    };

    console.log(`/health answer times while the API imports through POST /api/imports (SQLite, in-process jobs, ${os.cpus().length} cores)`);
    console.log(`idle (baseline)                       ${summary(await probe(base, sleep(3000)))}`);
    const steps: [string, string, Buffer, string][] = [
      [`${repeated.toLocaleString('en-GB')} rows all "TBC"`, 'fife-tbc.csv', register(repeated, () => 'TBC'), 'full'],
      ['200 ordinary rows, full, after them', 'fife-ordinary.csv', register(200, (i) => `FC-${i}`), 'full'],
      [`${rows.toLocaleString('en-GB')} ordinary rows, full`, 'fife-large.csv', register(rows, (i) => `FL-${i}`), 'full'],
    ];
    for (const [label, name, content, mode] of steps) {
      const run = upload(name, content, mode);
      const times = await probe(base, run);
      const { seconds, status } = await run;
      console.log(`${label.padEnd(37)} ${summary(times)}   import ${seconds.toFixed(1)} s ${status}`);
    }
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
