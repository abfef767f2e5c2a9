import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

// Worker processes as the benchmarks start them (node dist/apps/worker/src/main.js), with their
// logs in one file, the jobs each finished, and each one's peak resident memory. Their queue keys
// are removed as the tests remove theirs.
export { dropQueuePrefix } from '../test/support/workers';

export const ROOT = path.resolve(__dirname, '../..');
export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');

/** Peak resident set (VmHWM, KiB) of a live process; null once it has gone. */
export function peakRss(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface Worker {
  child: ChildProcess;
  pid: number;
  /** Last peak RSS read while it ran. */
  peakKiB: number;
  jobs: number;
  jobSeconds: number[];
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

export function startWorker(env: Record<string, string>, log: fs.WriteStream): Promise<Worker> {
  const child = spawn(process.execPath, [WORKER_MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker: Worker = { child, pid: child.pid!, peakKiB: 0, jobs: 0, jobSeconds: [] };
  const started = new Map<string, number>();
  live.add(child);
  child.once('exit', () => live.delete(child));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${child.pid} exited with ${code} before it listened (see ${log.path})`)));
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        log.write(`${child.pid} ${line}\n`);
        if (line.includes('"worker listening"')) resolve(worker);
        const job = /"jobId":"((?:import|analysis-part)-[^"]+)"/.exec(line)?.[1];
        if (job && line.includes('"job started"')) started.set(job, Date.now());
        if (job && line.includes('"job finished"')) {
          worker.jobs++;
          worker.jobSeconds.push((Date.now() - (started.get(job) ?? Date.now())) / 1000);
        }
      });
    }
  });
}

export async function stopWorker(w: Worker): Promise<void> {
  if (w.child.exitCode !== null) return;
  const exited = new Promise((r) => w.child.once('exit', r));
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
