import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSyntheticRegister } from './synthetic-register';

/**
 * The SQLite file of a synthetic national register of `n` contracts (bench/synthetic-register.ts),
 * imported once through the real CLI and kept in bench/out (a million rows take a few minutes on a
 * busy machine). bench:analyse and bench:export share it.
 */
export function registerDatabase(root: string, n: number): string {
  const out = path.join(root, 'bench/out');
  const db = path.join(out, `analyse-${n}.sqlite`);
  if (fs.existsSync(db)) return db;
  fs.mkdirSync(out, { recursive: true });
  const csv = path.join(out, `national-${n}.csv`);
  if (!fs.existsSync(csv)) writeSyntheticRegister(csv, n);
  const run = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), 'import', csv, '--json'], { cwd: root, env: { ...process.env, DATABASE_URL: `sqlite:${db}.tmp` }, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`import failed: ${run.stderr.toString()}`);
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${db}.tmp${suffix}`)) fs.renameSync(`${db}.tmp${suffix}`, `${db}${suffix}`);
  return db;
}
