import * as path from 'node:path';
import { ConfigError, loadConfig, parseDatabaseUrl } from './app-config';

describe('configuration', () => {
  it('defaults to an SQLite file under the install, whatever the current directory', () => {
    const config = loadConfig({}, '/somewhere/else', '/opt/register');
    expect(config.database).toEqual({ type: 'sqlite', path: '/opt/register/var/register.sqlite' });
    expect(config.dataDir).toBe('/opt/register/data');
    expect(config).toMatchObject({ port: 3000, redisUrl: null, uploadLimitBytes: 50 * 1024 * 1024 });
  });

  it('holds a job for WORKER_LOCK_MS unrenewed, never less than the stalled interval', () => {
    expect(loadConfig({}, '/', '/')).toMatchObject({ stalledIntervalMs: 30_000, workerLockMs: 30_000 });
    expect(loadConfig({ WORKER_STALLED_INTERVAL_MS: '10000' }, '/', '/')).toMatchObject({ stalledIntervalMs: 10_000, workerLockMs: 10_000 });
    expect(loadConfig({ WORKER_STALLED_INTERVAL_MS: '10000', WORKER_LOCK_MS: '30000' }, '/', '/').workerLockMs).toBe(30_000);
    expect(loadConfig({ WORKER_STALLED_INTERVAL_MS: '10000', WORKER_LOCK_MS: '5000' }, '/', '/').workerLockMs).toBe(10_000);
    expect(() => loadConfig({ WORKER_LOCK_MS: 'soon' }, '/', '/')).toThrow(ConfigError);
  });

  it('loads PostgreSQL imports by COPY unless DATABASE_BULK_LOAD says insert, and refuses anything else', () => {
    const url = 'postgres://u@h/db';
    expect(loadConfig({ DATABASE_URL: url }, '/', '/').database).toEqual({ type: 'postgres', url, schema: 'public' });
    expect(loadConfig({ DATABASE_URL: url, DATABASE_BULK_LOAD: 'insert' }, '/', '/').database).toEqual({ type: 'postgres', url, schema: 'public', bulkLoad: 'insert' });
    expect(loadConfig({ DATABASE_BULK_LOAD: 'insert' }, '/', '/').database).toEqual({ type: 'sqlite', path: '/var/register.sqlite' });
    expect(() => loadConfig({ DATABASE_URL: url, DATABASE_BULK_LOAD: 'fast' }, '/', '/')).toThrow(ConfigError);
  });

  it.each([
    ['sqlite:/var/lib/r.sqlite', { type: 'sqlite', path: '/var/lib/r.sqlite' }],
    ['sqlite:rel/r.sqlite', { type: 'sqlite', path: path.resolve('/cwd', 'rel/r.sqlite') }],
    ['postgres://u@h:5432/db', { type: 'postgres', url: 'postgres://u@h:5432/db', schema: 'public' }],
    ['postgresql://u@h/db', { type: 'postgres', url: 'postgresql://u@h/db', schema: 'public' }],
  ])('reads DATABASE_URL=%s', (url, expected) => {
    expect(parseDatabaseUrl(url, undefined, '/cwd')).toEqual(expected);
  });

  it.each([['mysql://x'], ['sqlite:']])('refuses DATABASE_URL=%s with a clear error', (url) => {
    expect(() => parseDatabaseUrl(url, undefined, '/cwd')).toThrow(ConfigError);
  });

  it('reads the opportunity thresholds, refusing fewer than two councils or a negative value', () => {
    expect(loadConfig({}, '/', '/')).toMatchObject({ opportunityMinCouncils: 2, opportunityMinAnnualValue: 10_000 });
    expect(loadConfig({ OPPORTUNITY_MIN_COUNCILS: '3', OPPORTUNITY_MIN_ANNUAL_VALUE: '0' }, '/', '/')).toMatchObject({ opportunityMinCouncils: 3, opportunityMinAnnualValue: 0 });
    expect(() => loadConfig({ OPPORTUNITY_MIN_COUNCILS: '1' }, '/', '/')).toThrow('OPPORTUNITY_MIN_COUNCILS must be a number of at least 2');
    expect(() => loadConfig({ OPPORTUNITY_MIN_ANNUAL_VALUE: '-5' }, '/', '/')).toThrow(ConfigError);
  });

  it('refuses a nonsense upload limit', () => {
    expect(() => loadConfig({ UPLOAD_LIMIT_MB: 'lots' }, '/', '/')).toThrow('UPLOAD_LIMIT_MB must be a positive number');
  });
});
