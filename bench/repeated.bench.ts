import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { arg } from './args';

// npm run bench:repeated [-- --sizes 5000,10000,20000,40000]
// A council's register where every row has the same reference ("TBC"), then an ordinary register
// of 200 rows for the same council, once as an update and once as a full register: how long the
// second import takes as the repeated rows double. Linear work doubles with them (a ratio near 2
// from one size to the next, or less while fixed costs dominate); work that compares every stored
// row with every copy of a repeated reference quadruples (the baseline this measures against: the
// first import of the same size, which stores the same rows with nothing to compare).
const CLI = path.resolve(__dirname, '../apps/cli/src/main.js');


function register(rows: number, reference: (i: number) => string): string {
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
  for (let i = 0; i < rows; i++) lines.push(`${reference(i)},Service ${i},Supplier ${i % 97} Ltd,01/04/2024,31/03/2028,${1000 + i}`);
  return `${lines.join('\n')}\n`;
}

function timed(env: NodeJS.ProcessEnv, ...args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return seconds;
}

function main(): void {
  const sizes = arg('sizes', '5000,10000,20000,40000').split(',').map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-repeated-'));
  const ordinary = path.join(dir, 'fife-ordinary.csv');
  fs.writeFileSync(ordinary, register(200, (i) => `FC-${i}`));
  console.log('repeated references: a register of N rows all referenced "TBC", then 200 ordinary rows for the same council (SQLite, the CLI, no analysis)');
  console.log('N\tfirst import (baseline)\tthen update\tthen full register\tupdate ×\tfull ×');
  let previous: { update: number; full: number } | null = null;
  for (const n of sizes) {
    const repeated = path.join(dir, `fife-tbc-${n}.csv`);
    fs.writeFileSync(repeated, register(n, () => 'TBC'));
    const result: Record<string, number> = {};
    for (const mode of ['update', 'full'] as const) {
      const db = path.join(dir, `bench-${n}-${mode}.sqlite`);
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'silent' };
      delete env.REDIS_URL;
      result.first = timed(env, 'import', repeated, '--council', 'S12000047', '--mode', 'full', '--no-analyse', '--json');
      result[mode] = timed(env, 'import', ordinary, '--council', 'S12000047', '--mode', mode, '--no-analyse', '--json');
    }
    const ratio = (k: 'update' | 'full') => (previous ? (result[k] / previous[k]).toFixed(1) : '–');
    console.log(`${n}\t${result.first.toFixed(2)} s\t${result.update.toFixed(2)} s\t${result.full.toFixed(2)} s\t${ratio('update')}\t${ratio('full')}`);
    previous = { update: result.update, full: result.full };
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
