import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '@app/config';
import { flag, ParsedArgs, UsageError } from '../args';

const POSTGRES_HELP = 'on PostgreSQL use its own tools: pg_dump --format=custom --file=register.dump "$DATABASE_URL" to back up, pg_restore --clean --if-exists --dbname="$DATABASE_URL" register.dump to restore (see README.md)';

function sqlitePath(config: AppConfig): string {
  if (config.database.type !== 'sqlite') throw new UsageError(`backup and restore here are for the embedded SQLite database; ${POSTGRES_HELP}`);
  return config.database.path;
}

/** Whether a file is a SQLite database of this register (it has the register's migrations and contracts). */
function isRegisterDatabase(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
      return tables.has('migrations') && tables.has('contracts') && tables.has('imports');
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * `backup <file>`: a consistent copy of the SQLite database while the API and workers keep running
 * (SQLite's online backup: readers and writers are not stopped; the copy is the database as of one moment).
 */
export async function backupCommand(config: AppConfig, args: ParsedArgs): Promise<number> {
  const source = sqlitePath(config);
  const target = args.positional[1];
  if (!target) throw new UsageError('usage: npm run cli -- backup <file> [--json]');
  if (!fs.existsSync(source)) throw new UsageError(`there is no database at ${source} to back up`);
  if (fs.existsSync(target)) throw new UsageError(`${target} exists already: name a new file (a backup never overwrites one)`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const started = Date.now();
    await db.backup(target);
    const bytes = fs.statSync(target).size;
    const contracts = (new Database(target, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM contracts').get() as { n: number }).n;
    if (flag(args, 'json') === 'true') process.stdout.write(`${JSON.stringify({ file: path.resolve(target), bytes, contracts, seconds: (Date.now() - started) / 1000 })}\n`);
    else process.stdout.write(`backed up ${source} to ${path.resolve(target)}: ${(bytes / 1048576).toFixed(1)} MB, ${contracts} contracts\n`);
  } finally {
    db.close();
  }
  return 0;
}

/**
 * `restore <file>`: the database replaced by a backup. Stop the API and workers first (a running
 * process would keep writing to the database it opened). The database it replaces is kept beside
 * it as `<name>.before-restore-<time>`.
 */
export async function restoreCommand(config: AppConfig, args: ParsedArgs): Promise<number> {
  const target = sqlitePath(config);
  const backup = args.positional[1];
  if (!backup) throw new UsageError('usage: npm run cli -- restore <file> (stop the API and workers first)');
  if (!fs.existsSync(backup)) throw new UsageError(`${backup}: no such file`);
  if (!isRegisterDatabase(backup)) throw new UsageError(`${backup} is not a backup of this register (not a SQLite database with its tables)`);
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // A consistent copy of what is replaced (with its write-ahead log folded in), then the files go.
    const current = new Database(target, { fileMustExist: true });
    try {
      await current.backup(kept);
    } finally {
      current.close();
    }
    for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
  }
  const from = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await from.backup(target);
  } finally {
    from.close();
  }
  process.stdout.write(`restored ${path.resolve(target)} from ${path.resolve(backup)}${kept ? `; the database it replaced is kept as ${kept}` : ''}\n`);
  return 0;
}
