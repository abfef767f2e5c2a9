import { DataSource } from 'typeorm';
import { WriteGate } from './write-gate';

/**
 * The totals lists give ("39,929 contracts"), kept until the data changes. Counting a council's or a
 * supplier group's current contracts is the largest cost of a list page on a national register
 * (3-16 ms of the API's one thread, each request); the data changes only when something is written.
 *
 * SQLite only, where "something was written" is known for certain: `PRAGMA data_version` changes when
 * another connection commits (a CLI import, a worker, the import thread), and the write gate counts
 * this connection's own writes. PostgreSQL counts every time (its writers are other processes whose
 * commits this process is not told of cheaply).
 */
export class TotalsCache {
  private readonly entries = new Map<string, { version: string; value: unknown }>();
  private readonly sqlite: boolean;

  constructor(private readonly dataSource: DataSource, private readonly gate: WriteGate, private readonly max = 500) {
    this.sqlite = dataSource.options.type === 'better-sqlite3';
  }

  /** A total, or any small result read from the contracts (a supplier's contract counts by council). */
  async remember<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.sqlite) return read();
    // Read before counting: a commit during the count leaves an entry the next read will not trust.
    const version = await this.version();
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = await read();
    this.entries.set(key, { version, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  private async version(): Promise<string> {
    const [row] = (await this.dataSource.query('PRAGMA data_version')) as { data_version: number }[];
    return `${row.data_version}:${this.gate.generation}`;
  }
}
