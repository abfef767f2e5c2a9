import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { seedCouncils } from './council-reference';
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

describe('seeding the councils on start', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-seed-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds new councils and refreshes changed ones, and writes nothing when all are as stored', async () => {
    const file = path.join(dir, 'seed.sqlite');
    const ds = await openDatabase({ type: 'sqlite', path: file });
    try {
      const fife = { code: 'S12000047', name: 'Fife Council', shortName: 'Fife', nation: 'Scotland', aliases: ['Fife'] };
      const angus = { code: 'S12000041', name: 'Angus Council', shortName: 'Angus', nation: 'Scotland', aliases: [] };
      await seedCouncils(ds, [fife]);
      const changes = () => (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection.prepare('SELECT total_changes() AS n').get() as { n: number };
      const before = changes().n;
      await seedCouncils(ds, [fife]);
      expect(changes().n).toBe(before); // nothing differed, nothing written
      await seedCouncils(ds, [{ ...fife, aliases: ['Fife', 'Kingdom of Fife'] }, angus]);
      expect(changes().n).toBe(before + 2);
      const rows = await ds.query('SELECT code, aliases FROM councils WHERE code IN (?, ?) ORDER BY code', [angus.code, fife.code]);
      expect(rows).toEqual([{ code: angus.code, aliases: '[]' }, { code: fife.code, aliases: '["Fife","Kingdom of Fife"]' }]);
    } finally {
      await ds.destroy();
    }
  });
});

(process.env.SKIP_POSTGRES === '1' ? describe.skip : describe)('several processes starting on a new PostgreSQL schema at once', () => {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `t_migrate_${process.pid}_${Date.now()}`;

  afterAll(async () => {
    const { DataSource } = await import('typeorm');
    const ds = new DataSource({ type: 'postgres', url });
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('all open it: one migrates, the others wait and find it done', async () => {
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDatabase({ type: 'postgres', url, schema })));
    const failures = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
    for (const o of opened) if (o.status === 'fulfilled') await o.value.destroy();
    expect(failures).toEqual([]);
  });
});
