import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository } from '@app/persistence';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATA_DIR, REPO_ROOT } from './support/databases';

// Opportunity detection on a small hand-made register (golden), through the CLI and the API.
// Cases: alignment needing an extension (Mosaic), alignment as planned (Uniform), alignment
// impossible (Open Revenues, three years apart), a category across suppliers (telephony), and
// a contract already ended (Falkirk, 31/12/2025).
const CLI = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');
const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/opportunities/scottish-councils-ict-extract.csv');
const GOLDEN = `${FIXTURE}.expected.json`;

describe('opportunities (golden register, CLI and API)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-opps-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'opps.sqlite')}`, DATA_DIR, LOG_LEVEL: 'silent' };
    delete env.REDIS_URL;
    expect(cli('import', FIXTURE, '--json').code).toBe(0);
    const run = cli('analyse', '--today', '22/11/2026', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ today: '2026-11-22', contracts: 9 });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds what the hand-made register holds, and nothing it does not', () => {
    const list = JSON.parse(cli('opportunities', '--kind', 'collaborative', '--json').stdout) as Record<string, unknown>[];
    const stable = list.map(({ firstSeenAt, lastSeenAt, statusAt, ...rest }) => rest);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, `${JSON.stringify(stable, null, 2)}\n`);
    expect(stable).toEqual(JSON.parse(fs.readFileSync(GOLDEN, 'utf8')));
    const products = list.map((o) => o.product);
    expect(products).toEqual(expect.arrayContaining(['Mosaic', 'Uniform']));
    expect(products).not.toContain('Open Revenues');
  });

  it('says on the text list which decision dates have passed', () => {
    const text = cli('opportunities').stdout;
    const today = new Date().toISOString().slice(0, 10);
    const lines = text.split('\n').filter((l) => /decide by \d\d\/\d\d\/\d{4}/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const [d, m, y] = /decide by (\d\d)\/(\d\d)\/(\d{4})/.exec(line)!.slice(1);
      expect(line.includes('(overdue: that date has passed)')).toBe(`${y}-${m}-${d}` < today);
    }
  });

  it('prints the pinned fields', () => {
    const list = JSON.parse(cli('opportunities', '--json').stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(2);
    for (const o of list) {
      expect(Object.keys(o)).toEqual(expect.arrayContaining(['id', 'kind', 'product', 'supplier', 'category', 'councils', 'contracts', 'windowStart', 'windowEnd', 'annualValue', 'earliestDecisionDate', 'score', 'plan']));
    }
    const mosaic = list.find((o) => o.product === 'Mosaic' && o.kind === 'collaborative')!;
    expect(mosaic).toMatchObject({ councils: ['S12000041', 'S12000047'], contracts: [{ council: 'S12000041', reference: 'AC-201' }, { council: 'S12000047', reference: 'FC-101' }], windowStart: '2028-02-29', windowEnd: '2028-03-31' });
  });

  describe('through the API', () => {
    let app: INestApplication;
    const tokens: Record<string, string> = {};
    const saved = { ...process.env };

    beforeAll(async () => {
      Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, DATA_DIR, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50' });
      delete process.env.REDIS_URL;
      app = await createApiApp();
      await app.listen(0, '127.0.0.1');
      const repo = app.get(TokensRepository);
      const now = new Date().toISOString();
      tokens.analyst = (await repo.create('analyst', null, 'analyst@digitaloffice.test', now)).token;
      tokens.fife = (await repo.create('council', 'S12000047', 'fife', now)).token;
      tokens.dundee = (await repo.create('council', 'S12000042', 'dundee', now)).token;
    });

    afterAll(async () => {
      await app.close();
      process.env = saved;
    });

    const http = () => request(app.getHttpServer());
    const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

    it('lists by score with filters, and shows one with its contracts and plan', async () => {
      const all = (await http().get('/api/opportunities').set(as('analyst')).expect(200)).body;
      expect(all.map((o: { score: number | null }) => o.score ?? -1)).toEqual([...all.map((o: { score: number | null }) => o.score ?? -1)].sort((a, b) => b - a));
      const mosaic = (await http().get('/api/opportunities?kind=collaborative&product=Mosaic').set(as('analyst')).expect(200)).body;
      expect(mosaic).toHaveLength(1);
      expect((await http().get('/api/opportunities?decisionFrom=01/01/2030').set(as('analyst')).expect(200)).body.filter((o: { kind: string }) => o.kind === 'collaborative')).toEqual([]);
      const one = (await http().get(`/api/opportunities/${mosaic[0].id}`).set(as('analyst')).expect(200)).body;
      expect(one.contractDetails.map((c: { reference: string; decisionDate: string }) => [c.reference, c.decisionDate])).toEqual([['AC-201', '2027-03-01'], ['FC-101', '2025-10-01']]);
      expect(one.plan.map((p: { action: string }) => p.action)).toEqual(['S12000041 Angus: end as planned on 29/02/2028', 'S12000047 Fife: take the next extension option to 31/03/2028']);
    });

    it('pages with limit and cursor: the envelope with total, next and nextUrl, the same order as the bounded array', async () => {
      const array = await http().get('/api/opportunities').set(as('analyst')).expect(200);
      expect(array.headers['x-total-count']).toBe(String(array.body.length));
      const seen: string[] = [];
      let url: string | null = '/api/opportunities?limit=1';
      while (url) {
        const page: { items: { id: string }[]; total: number; next: string | null; nextUrl: string | null; limit: number } = (await http().get(url).set(as('analyst')).expect(200)).body;
        expect(page).toMatchObject({ limit: 1, total: array.body.length });
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((o) => o.id));
        url = page.nextUrl;
      }
      expect(seen).toEqual(array.body.map((o: { id: string }) => o.id));
      await http().get('/api/opportunities?cursor=bm90LW91cnM').set(as('analyst')).expect(400);
      await http().get('/api/opportunities?limit=501').set(as('analyst')).expect(400);
    });

    it('lets analysts triage, and councils see only their own', async () => {
      const [mosaic] = (await http().get('/api/opportunities?kind=collaborative&product=Mosaic').set(as('analyst')).expect(200)).body;
      await http().post(`/api/opportunities/${mosaic.id}/triage`).set(as('fife')).send({ status: 'accepted', reason: 'we want it' }).expect(403);
      await http().post(`/api/opportunities/${mosaic.id}/triage`).set(as('analyst')).send({ status: 'snoozed', reason: 'wait for budget' }).expect(400);
      const rejected = await http().post(`/api/opportunities/${mosaic.id}/triage`).set(as('analyst')).send({ status: 'rejected', reason: 'Angus is moving to a shared service' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'Angus is moving to a shared service', statusBy: 'analyst@digitaloffice.test' });
      expect(cli('analyse', '--today', '22/11/2026').code).toBe(0);
      const after = (await http().get(`/api/opportunities/${mosaic.id}`).set(as('analyst')).expect(200)).body;
      expect(after).toMatchObject({ status: 'rejected', current: true });

      expect((await http().get('/api/opportunities').set(as('fife')).expect(200)).body.every((o: { councils: string[] }) => o.councils.includes('S12000047'))).toBe(true);
      await http().get(`/api/opportunities/${mosaic.id}`).set(as('dundee')).expect(404);
      await http().post('/api/opportunities/run').set(as('fife')).expect(403);
      await http().post('/api/opportunities/run').set(as('analyst')).expect(202);
    });
  });
});

describe('opportunities before any analysis (CLI)', () => {
  it('says why there are none and what to run, on stderr when the output is JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-opps-none-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'none.sqlite')}`, DATA_DIR, LOG_LEVEL: 'silent' };
    delete env.REDIS_URL;
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    try {
      const text = cli('opportunities');
      expect(text.status).toBe(0);
      expect(text.stdout).toMatch(/^0 opportunities\n/);
      expect(text.stdout).toMatch(/no analysis has run on this register yet: run "council-register analyse"/i);
      const json = cli('opportunities', '--json');
      expect(JSON.parse(json.stdout)).toEqual([]);
      expect(json.stderr).toMatch(/no analysis has run on this register yet/i);
      expect(cli('analyse', '--today', '22/11/2026', '--json').status).toBe(0);
      const after = cli('opportunities');
      expect(after.stdout).toMatch(/^0 opportunities\n/);
      expect(after.stdout).toMatch(/the analysis of \d\d\/\d\d\/\d{4} \d\d:\d\d found none among 0 current contracts/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
