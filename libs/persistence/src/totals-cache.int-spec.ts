import Database from 'better-sqlite3';
import { TEST_DATABASES } from '../../../test/support/databases';
import { Stack, stackForEachTest } from '../../../test/support/stack';
import { TotalsCache } from './totals-cache';

const sqlite = TEST_DATABASES.find((d) => d.name === 'sqlite')!;

describe('the totals cache (SQLite)', () => {
  let stack: Stack;
  stackForEachTest(sqlite, (s) => {
    stack = s;
  });

  const count = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM councils'))[0].n);

  it('counts once while nothing is written, and again after a write of its own or another connection\'s commit', async () => {
    const cache = new TotalsCache(stack.dataSource, stack.gate);
    let counted = 0;
    const total = () => cache.remember('councils', async () => {
      counted++;
      return count();
    });
    const first = await total();
    expect(first).toBeGreaterThan(30);
    expect(await total()).toBe(first);
    expect(counted).toBe(1);

    // A write of this connection, through the gate.
    await stack.gate.run(() => stack.dataSource.query("INSERT INTO councils (code, name, short_name, nation, aliases) VALUES ('S99999991', 'Test One', 'Test One', 'Scotland', '[]')"));
    expect(await total()).toBe(first + 1);
    expect(counted).toBe(2);

    // Another connection's commit (a CLI import, the import thread).
    const other = new Database((stack.dataSource.options as { database: string }).database);
    try {
      other.exec("INSERT INTO councils (code, name, short_name, nation, aliases) VALUES ('S99999992', 'Test Two', 'Test Two', 'Scotland', '[]')");
    } finally {
      other.close();
    }
    expect(await total()).toBe(first + 2);
    expect(counted).toBe(3);
    expect(await total()).toBe(first + 2);
    expect(counted).toBe(3);
  });
});
