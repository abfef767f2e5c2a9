import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Classifier } from '@app/classification';
import { loadConfig } from '@app/config';
import {
  allCouncils, ClassificationRepository, ContractReadModel, ContractsRepository, oneCouncil, openDatabase, OpportunitiesRepository, readCatalogue,
  SuppliersRepository, TokensRepository, UsersRepository, WriteGate,
} from '@app/persistence';
import { analysedPostgresDatabase, analysedSqliteDatabase, ROOT } from './register-database';
import { freePort } from '../test/support/ports';
import { arg } from './args';

// npm run bench:api -- [--contracts 1000000] [--duration 30] [--connections 50] [--db sqlite|postgres|both]
// The built API (dist/apps/api) on a register of --contracts contracts (the synthetic national
// register imported and analysed through the real CLI, kept in bench/out or a PostgreSQL database
// bench_api_<n>), loaded by autocannon route by route: the JSON lists and the signed-in pages
// behind them. Per route: requests, p50/p95/p99 latency (every response's time, recorded here),
// errors and non-2xx, the largest response. Baseline in the same run: GET /health (one `SELECT 1`
// through the same stack: what the machine, Node, Express and Nest cost before any list query).
// Then EXPLAIN of each query those routes issue (captured from the repositories, not retyped).
// Targets (issue "national scale"): p95 ≤ 50 ms for the API, ≤ 200 ms for pages, no errors,
// every response under 1 MB.

// Loaded by require: it has no type declarations, and only this benchmark uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;

interface AutocannonInstance {
  on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', f: (result: AutocannonResult) => void): void;
}
interface AutocannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  throughput: { total: number };
}


const API_P95_MS = 50;
const PAGE_P95_MS = 200;
const MAX_BYTES = 1_000_000;
const TODAY = '2026-11-30';

interface Route {
  name: string;
  path: string;
  kind: 'baseline' | 'api' | 'page';
}

interface RouteResult {
  route: Route;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** The body of one response fetched alone, and the largest response autocannon saw (headers and body). */
  bodyBytes: number;
  wireBytesMax: number;
  status: number;
}

interface Parameters {
  council: string;
  councilContracts: number;
  supplierId: number;
  supplierName: string;
  supplierGroupId: string | null;
  supplierContracts: number;
  namePrefix: string;
  endsFrom: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Real values from the data: the council with most contracts, the supplier with most, a prefix of its name. */
async function pickParameters(ds: DataSource): Promise<Parameters> {
  const truth = ds.options.type === 'postgres' ? 'true' : '1';
  const [council] = (await ds.query(`SELECT council_code, COUNT(*) AS n FROM contracts WHERE is_current = ${truth} GROUP BY council_code ORDER BY n DESC, council_code LIMIT 1`)) as { council_code: string; n: string }[];
  const [supplier] = (await ds.query(
    `SELECT c.supplier_id, s.name, s.group_id, COUNT(*) AS n FROM contracts c JOIN suppliers s ON s.id = c.supplier_id WHERE c.is_current = ${truth} GROUP BY c.supplier_id, s.name, s.group_id ORDER BY n DESC, c.supplier_id LIMIT 1`,
  )) as { supplier_id: number; name: string; group_id: string | null; n: string }[];
  return {
    council: council.council_code, councilContracts: Number(council.n),
    supplierId: Number(supplier.supplier_id), supplierName: supplier.name, supplierGroupId: supplier.group_id, supplierContracts: Number(supplier.n),
    namePrefix: supplier.name.slice(0, 3), endsFrom: '2027-04-01',
  };
}

/** An analyst's API token and an analyst's signed-in session, made the way the CLI and the sign-in page make them. */
async function credentials(ds: DataSource): Promise<{ token: string; session: string }> {
  const gate = new WriteGate();
  const now = new Date().toISOString();
  const token = (await new TokensRepository(ds, gate).create('analyst', null, 'bench:api', now)).token;
  const users = new UsersRepository(ds, gate);
  const email = 'bench-analyst@register.test';
  const user = (await users.byEmail(email)) ?? (await users.invite(email, 'analyst', null, 'bench:api', now)).user;
  const session = await users.createSession(user.id, now, 24);
  return { token, session: session.token };
}

interface Captured {
  route: string;
  sql: string;
  params: unknown[];
}

/** Records every statement the data source runs while `during` runs (TypeORM's query builders and raw queries alike). */
async function capture(ds: DataSource, route: string, out: Captured[], during: () => Promise<unknown>): Promise<void> {
  const runners = new Set<unknown>();
  const original = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = ((mode?: 'master' | 'slave') => {
    const runner = original(mode);
    if (!runners.has(runner)) {
      runners.add(runner);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
        if (!/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|START TRANSACTION)/i.test(sql.trim())) out.push({ route, sql, params: params ?? [] });
        return (query as (...a: unknown[]) => Promise<unknown>)(sql, params, ...rest);
      }) as typeof runner.query;
    }
    return runner;
  }) as typeof ds.createQueryRunner;
  try {
    await during();
  } finally {
    ds.createQueryRunner = original;
    for (const r of runners) {
      const runner = r as { query: unknown; constructor: { prototype: { query: unknown } } };
      runner.query = runner.constructor.prototype.query;
    }
  }
}

/** The list queries behind the benchmarked routes, as the repositories issue them (the services call the same methods). */
async function listQueries(ds: DataSource, p: Parameters): Promise<Captured[]> {
  const gate = new WriteGate();
  const catalogue = readCatalogue(path.join(ROOT, 'data'));
  const suppliers = new SuppliersRepository(ds, gate);
  const readModel = new ContractReadModel(suppliers, new ClassificationRepository(ds, gate), new Classifier(catalogue.products, catalogue.cpv, catalogue.taxonomy));
  const contracts = new ContractsRepository(ds);
  const opportunities = new OpportunitiesRepository(ds, gate);
  const out: Captured[] = [];
  await capture(ds, '/api/contracts?council', out, async () => readModel.present((await contracts.page(oneCouncil(p.council), {}, { sort: 'council', limit: 50 })).items));
  await capture(ds, '/api/contracts?supplierGroupId&endsFrom', out, async () =>
    readModel.present((await contracts.page(allCouncils, { ...supplierFilter(p), endsFrom: p.endsFrom }, { sort: 'council', limit: 50 })).items));
  await capture(ds, '/api/opportunities', out, () => opportunities.page(allCouncils, {}, 50));
  await capture(ds, '/api/suppliers?name', out, () => suppliers.page(allCouncils, { name: p.namePrefix }, { limit: 50 }));
  await capture(ds, '/suppliers (page: review queue)', out, () => suppliers.suggestionsPage({ limit: 50 }));
  await capture(ds, '/opportunities (page: last run)', out, () => opportunities.lastRun());
  return out;
}

/** The supplier group of the supplier with most contracts (its own id where refresh left it without a group). */
function supplierFilter(p: Parameters): { supplierGroupId: string } | { supplierId: number } {
  return p.supplierGroupId ? { supplierGroupId: p.supplierGroupId } : { supplierId: p.supplierId };
}

/** An "EXPLAIN" statement's SQL: the dialects' plan forms, with the statement's own parameters. */
async function explain(ds: DataSource, q: Captured): Promise<{ plan: string; ms: number; scans: string[] }> {
  const postgres = ds.options.type === 'postgres';
  const start = process.hrtime.bigint();
  await ds.query(q.sql, q.params);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rows = (await ds.query(`${postgres ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN QUERY PLAN'} ${q.sql}`, q.params)) as Record<string, unknown>[];
  const plan = postgres
    ? rows.map((r) => String(r['QUERY PLAN'])).join('\n')
    : rows.map((r) => `${'  '.repeat(depth(rows, r))}${String(r.detail)}`).join('\n');
  const scans: string[] = [];
  for (const line of plan.split('\n')) {
    if (postgres ? /Seq Scan on contracts\b/.test(line) : /\bSCAN c(ontracts)?\b(?! USING)/.test(line) && !/USING (COVERING )?INDEX/.test(line)) scans.push(`full scan: ${line.trim()}`);
    if (!postgres && /TEMP B-TREE/.test(line)) scans.push(`sort: ${line.trim()}`);
    const sorted = postgres ? /Sort \(cost=[^)]*rows=(\d+)/.exec(line) : null;
    if (sorted && Number(sorted[1]) > 10_000) scans.push(`sort of ${sorted[1]} rows: ${line.trim()}`);
  }
  return { plan, ms, scans };
}

function depth(rows: Record<string, unknown>[], row: Record<string, unknown>): number {
  let d = 0;
  for (let parent = Number(row.parent); parent !== 0; d++) {
    const up = rows.find((r) => Number(r.id) === parent);
    if (!up) break;
    parent = Number(up.parent);
  }
  return d;
}

async function startApi(databaseUrl: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  // The load is the benchmark's own: rate limits set far above it (they are measured in the hardening tests).
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'production', API_RATE_LIMIT_PER_MINUTE: '100000000', API_ADDRESS_LIMIT_PER_MINUTE: '100000000' };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  // Migrations (index builds on a million rows) run on start: wait for them.
  for (const deadline = Date.now() + 15 * 60_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the API stopped: ${stderr}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('the API did not start within 15 minutes');
}

async function stopApi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function load(base: string, route: Route, headers: Record<string, string>, duration: number, connections: number): Promise<RouteResult> {
  // Fetched once alone first (its body's size); an idle keep-alive socket the API has closed is tried again.
  let once: Response | null = null;
  for (let attempt = 0; !once; attempt++) {
    try {
      once = await fetch(`${base}${route.path}`, { headers, redirect: 'manual' });
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
  const body = Buffer.from(await once.arrayBuffer());
  const times: number[] = [];
  let wireBytesMax = 0;
  const result = await new Promise<AutocannonResult>((resolve) => {
    const instance = autocannon({ url: `${base}${route.path}`, connections, duration, headers, timeout: 30 });
    instance.on('response', (_client, _status, bytes, ms) => {
      times.push(ms);
      if (bytes > wireBytesMax) wireBytesMax = bytes;
    });
    instance.on('done', resolve);
  });
  times.sort((a, b) => a - b);
  return {
    route, requests: result.requests.total, rps: result.requests.total / duration,
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] ?? NaN,
    errors: result.errors + result.timeouts, non2xx: result.non2xx, bodyBytes: body.length, wireBytesMax, status: once.status,
  };
}

function table(results: RouteResult[]): string {
  const lines = [
    '| route | kind | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx | body bytes (one fetch) | max bytes seen (with headers) | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const limit = r.route.kind === 'api' ? API_P95_MS : r.route.kind === 'page' ? PAGE_P95_MS : null;
    const met = limit === null ? 'baseline' : r.p95 <= limit && r.errors === 0 && r.non2xx === 0 && r.wireBytesMax < MAX_BYTES && r.status === 200
      ? `met (p95 ≤ ${limit} ms)` : `**not met** (p95 ≤ ${limit} ms${r.status !== 200 ? `; status ${r.status}` : ''})`;
    lines.push(`| \`${r.route.path.replace(/\|/g, '\\|')}\` | ${r.route.kind} | ${r.requests.toLocaleString('en-GB')} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(0)} | ${r.errors} | ${r.non2xx} | ${r.bodyBytes.toLocaleString('en-GB')} | ${r.wireBytesMax.toLocaleString('en-GB')} | ${met} |`);
  }
  return lines.join('\n');
}

async function benchDatabase(label: string, databaseUrl: string, n: number, duration: number, connections: number): Promise<void> {
  console.log(`\n## ${label}: ${n.toLocaleString('en-GB')} contracts, ${connections} connections, ${duration} s a route`);
  // The API runs the migrations first (new indexes are built here), as on any start.
  let started = process.hrtime.bigint();
  const { base, child } = await startApi(databaseUrl);
  console.log(`API started (migrations included) in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl }, ROOT, ROOT);
  const ds = await openDatabase(config.database);
  let p: Parameters;
  let auth: { token: string; session: string };
  try {
    p = await pickParameters(ds);
    auth = await credentials(ds);
    console.log(`parameters from the data: council ${p.council} (${p.councilContracts.toLocaleString('en-GB')} contracts), supplier ${p.supplierId} "${p.supplierName}" `
      + `(group ${p.supplierGroupId ?? 'none'}, ${p.supplierContracts.toLocaleString('en-GB')} contracts), name prefix "${p.namePrefix}", endsFrom ${p.endsFrom}`);
    console.log('\n### EXPLAIN of each list query behind the routes (captured from the repositories)\n');
    started = process.hrtime.bigint();
    const seen = new Set<string>();
    for (const q of await listQueries(ds, p)) {
      if (seen.has(q.sql)) continue;
      seen.add(q.sql);
      const e = await explain(ds, q);
      console.log(`#### ${q.route}: ${e.ms.toFixed(1)} ms alone${e.scans.length ? ` — **${e.scans.join('; ')}**` : ', index only (no full scan of contracts, no large sort)'}\n`);
      console.log('```sql');
      console.log(q.sql.replace(/\s+/g, ' ').trim());
      console.log(`-- parameters: ${JSON.stringify(q.params)}`);
      console.log('```\n```');
      console.log(e.plan);
      console.log('```\n');
    }
  } finally {
    await ds.destroy();
  }
  const bearer = { Authorization: `Bearer ${auth.token}` };
  const cookie = { Cookie: `ccr_session=${auth.session}` };
  const enc = encodeURIComponent;
  const bySupplier = Object.entries(supplierFilter(p)).map(([k, v]) => `${k}=${enc(String(v))}`).join('&');
  const routes: [Route, Record<string, string>][] = [
    [{ name: 'health', kind: 'baseline', path: '/health' }, {}],
    [{ name: 'contracts by council', kind: 'api', path: `/api/contracts?council=${p.council}` }, bearer],
    [{ name: 'contracts by supplier group, ending from', kind: 'api', path: `/api/contracts?${bySupplier}&endsFrom=${p.endsFrom}` }, bearer],
    [{ name: 'opportunities', kind: 'api', path: '/api/opportunities' }, bearer],
    [{ name: 'suppliers by name', kind: 'api', path: `/api/suppliers?name=${enc(p.namePrefix)}` }, bearer],
    [{ name: 'contracts page by council', kind: 'page', path: `/contracts?council=${p.council}` }, cookie],
    [{ name: 'contracts page by supplier group, ending from', kind: 'page', path: `/contracts?${bySupplier}&endsFrom=${p.endsFrom}` }, cookie],
    [{ name: 'opportunities page', kind: 'page', path: '/opportunities' }, cookie],
    [{ name: 'suppliers page by name', kind: 'page', path: `/suppliers?name=${enc(p.namePrefix)}` }, cookie],
  ];
  const results: RouteResult[] = [];
  try {
    for (const [route, headers] of routes) {
      const r = await load(base, route, headers, duration, connections);
      results.push(r);
      console.error(`${label} ${route.path}: p95 ${r.p95.toFixed(1)} ms, ${r.requests} requests, status ${r.status}`);
    }
  } finally {
    await stopApi(child);
  }
  console.log(`\n### Load (autocannon ${connections} connections × ${duration} s a route; baseline /health in the same run)\n`);
  console.log(table(results));
}

async function main(): Promise<void> {
  const n = Number(arg('contracts', '1000000'));
  const duration = Number(arg('duration', '30'));
  const connections = Number(arg('connections', '50'));
  const which = arg('db', 'both');
  const os = await import('node:os');
  console.log(`# bench:api — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`);
  if (which === 'sqlite' || which === 'both') {
    const db = analysedSqliteDatabase(n);
    await benchDatabase('SQLite', `sqlite:${db}`, n, duration, connections);
  }
  if (which === 'postgres' || which === 'both') {
    const url = await analysedPostgresDatabase(n);
    await benchDatabase('PostgreSQL', url, n, duration, connections);
  }
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
