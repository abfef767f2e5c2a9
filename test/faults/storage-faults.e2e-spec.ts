import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { DATA_DIR, REPO_ROOT } from '../support/databases';
import { DIST_DIR } from '../support/workers';
import { apiProcess } from '../support/api-process';

const CLI = path.join(DIST_DIR, 'apps/cli/src/main.js');

jest.setTimeout(180_000);

function register(prefix: string, rows: number): string {
  const lines = ['Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}-${i},Service ${i} with a title long enough to take some room,Supplier ${i % 400} Ltd,01/04/2024,31/03/2028,${1000 + i}`);
  return `${lines.join('\n')}\n`;
}

// The disk filling up, or another process holding SQLite's write lock, in the middle of an import
// from the command line: a clear failure naming the file, the register as it was, the database
// sound and usable after.
describe('storage faults during an import (SQLite, the CLI)', () => {
  let dir: string;
  let database: string;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[], shell?: string) => {
    const run = shell
      ? spawnSync('bash', ['-c', `${shell}; exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    return { code: run.status, signal: run.signal, out: `${run.stdout}${run.stderr}` };
  };
  /** Every contract as stored, in order: what must not change when an import fails. */
  const snapshot = () => {
    const db = new Database(database, { readonly: true });
    try {
      return {
        contracts: db.prepare('SELECT id, reference, title, is_current, import_id FROM contracts ORDER BY id').all(),
        imports: db.prepare("SELECT id, status FROM imports WHERE status = 'completed' ORDER BY id").all(),
      };
    } finally {
      db.close();
    }
  };
  const importRecord = (file: string) => {
    const db = new Database(database, { readonly: true });
    try {
      return db.prepare('SELECT status, error_code, error_message FROM imports WHERE file_name = ? ORDER BY created_at DESC LIMIT 1').get(file) as { status: string; error_code: string | null; error_message: string | null } | undefined;
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-storage-faults-'));
    database = path.join(dir, 'register.sqlite');
    env = { ...process.env, DATABASE_URL: `sqlite:${database}`, DATA_DIR, LOG_LEVEL: 'silent' };
    delete env.REDIS_URL;
    fs.writeFileSync(path.join(dir, 'fife-current.csv'), register('FC', 300));
    fs.writeFileSync(path.join(dir, 'fife-next.csv'), register('FN', 40_000));
    const first = cli(['import', path.join(dir, 'fife-current.csv'), '--council', 'S12000047', '--mode', 'full', '--no-analyse']);
    expect(first).toMatchObject({ code: 0 });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails an import cleanly when the disk fills mid-way: reason given, previous register intact, the database sound', () => {
    const before = snapshot();
    // The database may grow by 1 MiB and no more (RLIMIT_FSIZE on the importing process, its
    // signal ignored so a write past it fails as on a full disk); the register needs several.
    const files = ['', '-wal', '-shm'].map((s) => `${database}${s}`).filter((f) => fs.existsSync(f));
    const largest = Math.max(...files.map((f) => fs.statSync(f).size));
    const limitKb = Math.ceil(largest / 1024) + 1024;
    const full = cli(['import', path.join(dir, 'fife-next.csv'), '--council', 'S12000047', '--mode', 'full', '--no-analyse'], `trap '' XFSZ; ulimit -f ${limitKb}`);
    expect(full.code).toBe(1);
    expect(full.out).toMatch(/fife-next\.csv: FAILED IMPORT_FAILED: fife-next\.csv: the database could not be written: its disk is full or not writable/);
    expect(full.out).toMatch(/nothing of this file was stored and the register is as it was/);
    expect(full.out).not.toMatch(/\n\s+at |node_modules/);

    expect(snapshot()).toEqual(before);
    expect(importRecord('fife-next.csv')).toMatchObject({ status: 'failed', error_code: 'IMPORT_FAILED' });
    const db = new Database(database, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    // With room again, the same file imports and replaces the register.
    const again = cli(['import', path.join(dir, 'fife-next.csv'), '--council', 'S12000047', '--mode', 'full', '--no-analyse']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/40000 rows, 40000 imported .*\n\s+full register: 40000 added, 0 changed, 0 unchanged, 300 retired/);
    expect(importRecord('fife-next.csv')).toMatchObject({ status: 'completed' });
  });

  it('gives up with a clear message when another process holds the write lock, and changes nothing', () => {
    const before = snapshot();
    const holder = new Database(database);
    holder.exec('BEGIN IMMEDIATE');
    let locked: ReturnType<typeof cli>;
    try {
      env.DATABASE_BUSY_TIMEOUT_MS = '1000';
      fs.writeFileSync(path.join(dir, 'fife-locked.csv'), register('FL', 50));
      locked = cli(['import', path.join(dir, 'fife-locked.csv'), '--council', 'S12000047', '--mode', 'full', '--no-analyse']);
    } finally {
      delete env.DATABASE_BUSY_TIMEOUT_MS;
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(locked.code).toBe(1);
    expect(locked.out).toMatch(/the database is busy with another process's write .* DATABASE_BUSY_TIMEOUT_MS: try again when it has finished/);
    expect(locked.out).toMatch(/fife-locked\.csv: (SqliteError: )?database is locked/);
    expect(locked.out).not.toMatch(/\n\s+at |node_modules/);
    expect(snapshot()).toEqual(before);
    expect(importRecord('fife-locked.csv')?.status ?? 'none').not.toMatch(/processing|queued/);
  });
});

// Another process (a CLI import, a backup) holding SQLite's write lock while the API runs: the API's
// own writes wait for it between short tries, not on the event loop, so /health and every read go on
// answering; the write is made once the lock is free.
describe('the API while another process holds the write lock (SQLite)', () => {
  const api = apiProcess('ccr-api-locked-', { DATABASE_BUSY_TIMEOUT_MS: '30000' });

  it('answers /health throughout and makes its write once the lock is free', async () => {
    const token = api().token('admin');
    const auth = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // The token's first use is written now, so the request below writes only what it asks for.
    expect((await fetch(`${api().base}/api/councils`, { headers: auth })).status).toBe(200);
    const holdMs = 3_000;
    const holder = new Database(api().database);
    holder.exec('BEGIN IMMEDIATE');
    const heldFrom = Date.now();
    const released = new Promise<void>((resolve) => setTimeout(() => {
      holder.exec('COMMIT');
      holder.close();
      resolve();
    }, holdMs));
    // A write (a column mapping saved) sent while the lock is held.
    const write = fetch(`${api().base}/api/councils/S12000047/column-mapping`, { method: 'PUT', headers: auth, body: JSON.stringify({ mapping: { Lot: 'category' } }) })
      .then(async (r) => ({ status: r.status, at: Date.now() - heldFrom }));
    const waits: number[] = [];
    while (Date.now() - heldFrom < holdMs) {
      const asked = Date.now();
      expect((await fetch(`${api().base}/health`)).status).toBe(200);
      waits.push(Date.now() - asked);
      await new Promise((r) => setTimeout(r, 20));
    }
    await released;
    const done = await write;
    expect(done.status).toBe(200);
    // It waited for the lock: answered after it was released, not refused before.
    expect(done.at).toBeGreaterThanOrEqual(holdMs);
    // Before, the API's connection waited for the lock on the event loop: /health was not answered
    // for the whole hold. No figure in milliseconds (CI shares its cores): a small part of the hold.
    expect(waits.length).toBeGreaterThan(5);
    expect(Math.max(...waits)).toBeLessThan(holdMs / 3);
    const saved = await (await fetch(`${api().base}/api/councils/S12000047/column-mapping`, { headers: auth })).json();
    expect(JSON.stringify(saved)).toContain('category');
  });
});
