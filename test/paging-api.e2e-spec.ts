import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FindingsStore, OpportunitiesRepository, TokensRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATA_DIR } from './support/databases';

const FIFE = 'S12000047';
const HEADER = 'Contract Reference,Contract Title,Supplier Name,End Date,Annual Value';

/** Contracts P-from … with names that differ by a slip, so the review queue has pairs in it. */
function register(from: number, n: number): string {
  const suppliers = ['Civica UK Ltd', 'North Consulting Ltd', 'Forth Consulting Ltd', 'Capita Software Ltd', 'Capital Software Ltd', 'Idverde Ltd'];
  const titles = ['Spydus library management system', 'Open Revenues support', 'Grounds maintenance'];
  return [HEADER, ...Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return `P-${i},${titles[i % titles.length]},${suppliers[i % suppliers.length]},${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2027,${1000 * (i % 11)}`;
  })].join('\n');
}

// Paging of the lists through the HTTP API: the pinned shapes kept, the bounded default, cursors.
describe('paged lists API', () => {
  let app: INestApplication;
  let dir: string;
  const tokens: Record<string, string> = {};
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-paging-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR: DATA_DIR });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    const repo = app.get(TokensRepository);
    const now = new Date().toISOString();
    tokens.analyst = (await repo.create('analyst', null, 'analyst@digitaloffice.test', now)).token;
    tokens.fife = (await repo.create('council', FIFE, 'fife', now)).token;
    await upload(register(0, 120));
  }, 180_000);

  afterAll(async () => {
    await app.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function upload(text: string, mode = 'full') {
    const res = await http().post('/api/imports').set(as('fife')).field('mode', mode).attach('file', Buffer.from(text), 'fife.csv').expect(202);
    await app.get(JobQueue).idle();
    expect((await http().get(`/api/imports/${res.body.id}`).set(as('fife')).expect(200)).body.status).toBe('completed');
  }

  it('bounds GET /api/contracts with no limit, keeps page/pageSize/total/items and adds next and nextUrl', async () => {
    const res = await http().get('/api/contracts').set(as('analyst')).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 120, limit: 50, totalIsEstimate: false, sort: 'council' });
    expect(res.body.items).toHaveLength(50);
    expect(typeof res.body.next).toBe('string');
    expect(res.body.nextUrl).toBe(`/api/contracts?limit=50&cursor=${res.body.next}`);
    // A client counting in pages still gets its page 3 (the last 20).
    const third = await http().get('/api/contracts?page=3&pageSize=50').set(as('analyst')).expect(200);
    expect(third.body).toMatchObject({ page: 3, pageSize: 50, total: 120, next: null, nextUrl: null });
    expect(third.body.items).toHaveLength(20);
  });

  it('follows nextUrl through every contract once, in the stated order, while another upload adds contracts', async () => {
    const seen: number[] = [];
    const ends: string[] = [];
    let url: string | null = '/api/contracts?sort=endDate&limit=25';
    for (let n = 0; url; n++) {
      const res: request.Response = await http().get(url).set(as('analyst')).expect(200);
      seen.push(...res.body.items.map((c: { id: number }) => c.id));
      ends.push(...res.body.items.map((c: { currentEndDate: string }) => c.currentEndDate));
      if (n === 1) await upload(register(500, 30), 'update');
      url = res.body.nextUrl;
      if (url) expect(url).toContain('sort=endDate');
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(120);
    expect(ends).toEqual([...ends].sort());
  }, 120_000);

  it('filters by stored category, and refuses a cursor it did not give', async () => {
    const libraries = await http().get('/api/contracts?serviceCategory=libraries&limit=500').set(as('analyst')).expect(200);
    expect(libraries.body.total).toBeGreaterThan(0);
    expect(libraries.body.items.every((c: { serviceCategory: string }) => c.serviceCategory === 'Libraries')).toBe(true);
    await http().get('/api/contracts?cursor=not-a-cursor').set(as('analyst')).expect(400);
    const first = await http().get('/api/contracts?limit=5').set(as('analyst')).expect(200);
    await http().get(`/api/contracts?sort=annualValue&cursor=${first.body.next}`).set(as('analyst')).expect(400);
    await http().get('/api/contracts?limit=501').set(as('analyst')).expect(400);
  });

  it('filters by supplier group and end date (every contract of the group, ending from the date)', async () => {
    const all = await http().get('/api/contracts?limit=500').set(as('analyst')).expect(200);
    const group = (all.body.items as { supplierGroupId: string | null }[]).find((c) => c.supplierGroupId)!.supplierGroupId!;
    const want = (all.body.items as { id: number; supplierGroupId: string; endDate: string | null }[]).filter((c) => c.supplierGroupId === group && c.endDate !== null && c.endDate >= '2027-01-01');
    expect(all.body.total).toBeLessThanOrEqual(500);
    expect(want.length).toBeGreaterThan(0);
    const res = await http().get(`/api/contracts?supplierGroupId=${encodeURIComponent(group)}&endsFrom=01/01/2027&limit=500`).set(as('analyst')).expect(200);
    expect(res.body.total).toBe(want.length);
    expect(res.body.items.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b)).toEqual(want.map((c) => c.id).sort((a, b) => a - b));
  });

  it('keeps plain arrays for suppliers, suggestions, decisions and alerts, bounded, with the next page in headers; the envelope with limit', async () => {
    for (const url of ['/api/suppliers', '/api/suppliers/suggestions', '/api/suppliers/decisions', '/api/alerts']) {
      const res = await http().get(url).set(as('analyst')).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body.length).toBeLessThanOrEqual(50);
      expect(Number(res.headers['x-total-count'])).toBeGreaterThanOrEqual(res.body.length);
    }
    const suppliers = (await http().get('/api/suppliers?limit=2').set(as('analyst')).expect(200)).body;
    expect(suppliers).toMatchObject({ limit: 2, totalIsEstimate: false });
    expect(suppliers.items).toHaveLength(2);
    expect(suppliers.total).toBeGreaterThan(2);
    const all: string[] = [];
    for (let url: string | null = '/api/suppliers?limit=2'; url;) {
      const page: { items: { name: string }[]; nextUrl: string | null } = (await http().get(url).set(as('analyst')).expect(200)).body;
      all.push(...page.items.map((s) => s.name));
      url = page.nextUrl;
    }
    expect(all).toHaveLength(suppliers.total);
    const arrayFirst = await http().get('/api/suppliers').set(as('analyst')).expect(200);
    expect(arrayFirst.body.map((s: { name: string }) => s.name)).toEqual(all.slice(0, 50));

    const queue = (await http().get('/api/suppliers/suggestions?limit=1').set(as('analyst')).expect(200)).body;
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items[0].annualValueAffected).toBeGreaterThanOrEqual(0);
    const whole = (await http().get('/api/suppliers/suggestions?limit=500').set(as('analyst')).expect(200)).body.items as { annualValueAffected: number }[];
    expect(whole).toHaveLength(queue.total);
    expect(whole.map((s) => s.annualValueAffected)).toEqual([...whole.map((s) => s.annualValueAffected)].sort((a, b) => b - a));
    await http().get('/api/suppliers/suggestions?limit=1').set(as('fife')).expect(403);
  });

  it('gives one opportunity\'s members a page at a time, each response under 1 MB, every member once and in plan order', async () => {
    await app.get(JobQueue).idle();
    const contracts = (await http().get(`/api/contracts?council=${FIFE}&limit=500`).set(as('analyst')).expect(200)).body.items as { id: number; reference: string }[];
    expect(contracts.length).toBeGreaterThanOrEqual(120);
    const plan = contracts.map((c, k) => ({ contractId: c.id, council: FIFE, reference: c.reference, end: '2028-03-31', optionsTaken: 0, decisionDate: '2027-03-31', action: `step ${k}` }));
    const suppliers = Array.from({ length: 450 }, (_, k) => ({ supplierId: k, supplier: `Supplier ${k}`, councils: 1, councilShare: 0.1, annualValue: 1000 + ((k * 7919) % 450), valueShare: 0.001 }));
    await app.get(FindingsStore).replaceFindings([
      { id: 'aaaaaaaaaaaaaaaa', kind: 'collaborative', basis: 'category', key: 'Libraries', label: 'Same category: Libraries', councils: [FIFE, 'S12000041'], contractIds: plan.map((p) => p.contractId),
        windowFrom: '2028-01-01', windowTo: '2028-03-31', plan, annualValue: 500_000, earliestDecisionDate: '2027-03-31', score: 50, why: ['test'] },
      { id: 'bbbbbbbbbbbbbbbb', kind: 'fragmentation', category: 'Libraries', councils: [FIFE, 'S12000041'], products: [], unclassifiedCouncils: [], suppliers, hhi: 100, why: ['test'] },
    ], { trigger: 'test', today: '2026-12-01', startedAt: '2026-12-01T09:00:00Z', finishedAt: '2026-12-01T09:00:01Z', contracts: contracts.length });

    // Most opportunities come whole: 200 members by default.
    const whole = await http().get('/api/opportunities/aaaaaaaaaaaaaaaa').set(as('analyst')).expect(200);
    expect(whole.body).toMatchObject({ id: 'aaaaaaaaaaaaaaaa', contractsTotal: contracts.length, planTotal: contracts.length, next: null, nextUrl: null });
    expect(whole.body.plan.map((p: { contractId: number }) => p.contractId)).toEqual(plan.map((p) => p.contractId));

    const seen: number[] = [];
    let pages = 0;
    for (let url: string | null = '/api/opportunities/aaaaaaaaaaaaaaaa?limit=50'; url; pages++) {
      const res = await http().get(url).set(as('analyst')).expect(200);
      expect(Buffer.byteLength(res.text)).toBeLessThan(1_000_000);
      const body = res.body as { contracts: { id: number }[]; plan: { contractId: number }[]; contractDetails: { id: number }[]; detail: { plan: unknown[]; contractIds: number[]; planTotal: number }; contractsTotal: number; nextUrl: string | null };
      expect(body.contracts.length).toBeLessThanOrEqual(50);
      expect(body.plan.map((p) => p.contractId)).toEqual(body.contracts.map((c) => c.id));
      expect(body.contractDetails.map((c) => c.id).sort((a, b) => a - b)).toEqual(body.contracts.map((c) => c.id).sort((a, b) => a - b));
      expect(body.detail.contractIds).toEqual(body.contracts.map((c) => c.id));
      expect(body.detail.planTotal).toBe(contracts.length);
      seen.push(...body.contracts.map((c) => c.id));
      url = body.nextUrl;
    }
    expect(pages).toBe(Math.ceil(contracts.length / 50));
    expect(seen).toEqual(plan.map((p) => p.contractId));

    // A landscape's suppliers: the largest 200, the total said.
    const landscape = (await http().get('/api/opportunities/bbbbbbbbbbbbbbbb').set(as('analyst')).expect(200)).body;
    expect(landscape.detail.suppliers).toHaveLength(200);
    expect(landscape.detail.suppliersTotal).toBe(450);
    const values = landscape.detail.suppliers.map((x: { annualValue: number }) => x.annualValue);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBe(Math.max(...suppliers.map((x) => x.annualValue)));

    // A cursor from another opportunity, or made up, is the client's mistake.
    const other = (await http().get('/api/opportunities/aaaaaaaaaaaaaaaa?limit=10').set(as('analyst')).expect(200)).body.next;
    await http().get(`/api/opportunities/bbbbbbbbbbbbbbbb?cursor=${other}`).set(as('analyst')).expect(400);
    await http().get('/api/opportunities/aaaaaaaaaaaaaaaa?cursor=nonsense').set(as('analyst')).expect(400);
    await http().get('/api/opportunities/aaaaaaaaaaaaaaaa?limit=501').set(as('analyst')).expect(400);
  });
});
