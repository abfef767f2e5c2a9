import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';

/** PostgreSQL for tests: TEST_POSTGRES_URL, else the machine's own server (CI starts it). */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: string;
  config: () => DatabaseConfig;
  /** Removes what the test created (file or schema). */
  drop: (config: DatabaseConfig) => Promise<void>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  config: () => ({ type: 'sqlite', path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-')), 'test.sqlite') }),
  drop: async (config) => {
    if (config.type === 'sqlite') fs.rmSync(path.dirname(config.path), { recursive: true, force: true });
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  // A schema of its own per test keeps runs apart without creating databases.
  config: () => ({ type: 'postgres', url: POSTGRES_URL, schema: `t_${randomBytes(6).toString('hex')}` }),
  drop: async (config) => {
    if (config.type !== 'postgres') return;
    const ds = new DataSource({ type: 'postgres', url: config.url });
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
    await ds.destroy();
  },
};

/** Both engines; set SKIP_POSTGRES=1 only on a machine without PostgreSQL (CI never does). */
export const TEST_DATABASES: TestDatabase[] = process.env.SKIP_POSTGRES === '1' ? [sqlite] : [sqlite, postgres];

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DATA_DIR = path.join(REPO_ROOT, 'data');
/** Real public data copied into the repository for tests (see test/fixtures/SOURCES.md). */
export const SHARED_PUBLIC = path.resolve(REPO_ROOT, 'test/fixtures');
