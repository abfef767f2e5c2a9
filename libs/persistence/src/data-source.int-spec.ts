import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, SQLITE_PAGE_SIZE } from './data-source';

describe('SQLite database files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-pages-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function pragma(file: string, name: string): unknown {
    const db = new Database(file, { readonly: true });
    try {
      return db.pragma(name, { simple: true });
    } finally {
      db.close();
    }
  }

  it('are created with 16 KiB pages, in WAL mode, with the schema in place', async () => {
    const file = path.join(dir, 'new.sqlite');
    const ds = await openDatabase({ type: 'sqlite', path: file });
    await ds.destroy();
    expect(pragma(file, 'page_size')).toBe(SQLITE_PAGE_SIZE);
    expect(pragma(file, 'journal_mode')).toBe('wal');
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'contracts'").get()).toEqual({ n: 1 });
    db.close();
  });

  it('keep the page size they already have (an existing register is never rewritten)', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE kept (x INTEGER)');
    old.exec('INSERT INTO kept VALUES (42)');
    old.close();
    const ds = await openDatabase({ type: 'sqlite', path: file });
    await ds.destroy();
    expect(pragma(file, 'page_size')).toBe(4096);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT x FROM kept').get()).toEqual({ x: 42 });
    db.close();
  });
});
