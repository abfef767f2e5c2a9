import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATA_DIR } from './support/databases';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';

// Suppliers, the review ledger and classification corrections through the HTTP API, on a real
// SQLite database with the import jobs run in-process.
describe('suppliers and assets API', () => {
  let app: INestApplication;
  let dir: string;
  const tokens: Record<string, string> = {};
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-suppliers-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR: DATA_DIR });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    const repo = app.get(TokensRepository);
    const now = new Date().toISOString();
    tokens.analyst = (await repo.create('analyst', null, 'analyst@digitaloffice.test', now)).token;
    tokens.fife = (await repo.create('council', FIFE, 'fife', now)).token;
    tokens.angus = (await repo.create('council', ANGUS, 'angus', now)).token;
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  async function upload(who: string, file: string, text: string) {
    const res = await http().post('/api/imports').set(as(who)).attach('file', Buffer.from(text), file).expect(202);
    await app.get(JobQueue).idle();
    const report = await http().get(`/api/imports/${res.body.id}`).set(as(who)).expect(200);
    expect(report.body.status).toBe('completed');
  }

  const fifeRegister = [
    'Contract Reference,Contract Title,Supplier Name,End Date',
    'F-1,Open Revenues support and maintenance,CIVICA UK LIMITED,31/03/2027',
    'F-2,Library management,Civica Uk Ltd,31/03/2028',
    'F-3,Revenues and benefits,Northgate Public Services (UK) Ltd,31/03/2026',
    'F-4,Hygiene services,Rentokil Initial UK Ltd,31/03/2027',
    'F-5,Washrooms,Initial Washroom Solutions,31/03/2027',
  ].join('\n');

  it('lists canonical suppliers after an upload, scoped for council users', async () => {
    await upload('fife', 'fife.csv', fifeRegister);
    await upload('angus', 'angus.csv', 'Ref No.,Contractor,Expiry Date,Title\nA-1,Civica UK Ltd,30/11/2027,Spydus\n');
    const all = await http().get('/api/suppliers').set(as('analyst')).expect(200);
    const civica = all.body.find((s: { name: string }) => s.name.startsWith('Civica'));
    expect(civica).toMatchObject({ councils: [ANGUS, FIFE], contracts: 3 });
    expect(civica.variants.map((v: { name: string }) => v.name)).toEqual(['CIVICA UK LIMITED', 'Civica UK Ltd', 'Civica Uk Ltd']);
    const nec = all.body.find((s: { name: string }) => s.name === 'NEC Software Solutions UK Limited');
    expect(nec.variants).toEqual([{ name: 'Northgate Public Services (UK) Ltd', rule: 'known-rename', score: 1 }]);

    const angus = await http().get('/api/suppliers').set(as('angus')).expect(200);
    expect(angus.body.map((s: { name: string; councils: string[] }) => [s.name, s.councils])).toEqual([['Civica UK Ltd', [ANGUS]]]);
    await http().get('/api/suppliers?council=S12000047').set(as('angus')).expect(403);
  });

  it('lets analysts merge, rename and split, keeps the ledger, and refuses council users', async () => {
    const all = (await http().get('/api/suppliers').set(as('analyst')).expect(200)).body as { id: number; name: string }[];
    const rentokil = all.find((s) => s.name === 'Rentokil Initial UK Ltd')!;
    const washroom = all.find((s) => s.name === 'Initial Washroom Solutions')!;
    await http().post('/api/suppliers/merge').set(as('fife')).send({ supplierA: rentokil.id, supplierB: washroom.id, reason: 'same group' }).expect(403);
    await http().post('/api/suppliers/merge').set(as('analyst')).send({ supplierA: rentokil.id, supplierB: washroom.id }).expect(400);

    const merged = await http().post('/api/suppliers/merge').set(as('analyst')).send({ supplierA: rentokil.id, supplierB: washroom.id, reason: 'Initial Washroom Solutions is a Rentokil Initial trading name' }).expect(200);
    expect(merged.body.variants.map((v: { name: string; rule: string }) => [v.name, v.rule])).toEqual([
      ['Initial Washroom Solutions', 'analyst-merge'],
      ['Rentokil Initial UK Ltd', 'same-key'],
    ]);
    const renamed = await http().post(`/api/suppliers/${merged.body.id}/rename`).set(as('analyst')).send({ name: 'Rentokil Initial plc', reason: 'group name' }).expect(200);
    expect(renamed.body).toMatchObject({ id: merged.body.id, name: 'Rentokil Initial plc', nameSource: 'analyst' });

    // A re-upload of the same names does not undo the decisions.
    await upload('fife', 'fife-2.csv', `${fifeRegister}\nF-6,Pest control,RENTOKIL INITIAL UK LIMITED,31/03/2029`);
    const after = (await http().get('/api/suppliers?name=rentokil').set(as('analyst')).expect(200)).body;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: merged.body.id, name: 'Rentokil Initial plc', contracts: 3 });

    const split = await http().post('/api/suppliers/split').set(as('analyst')).send({ supplierId: merged.body.id, names: ['Initial Washroom Solutions'], reason: 'a different company after all' }).expect(200);
    expect(split.body.split.variants.map((v: { name: string }) => v.name)).toEqual(['Initial Washroom Solutions']);
    expect(split.body.from.id).toBe(merged.body.id);

    const ledger = (await http().get('/api/suppliers/decisions').set(as('analyst')).expect(200)).body;
    expect(ledger.map((d: { kind: string; decidedBy: string }) => [d.kind, d.decidedBy])).toEqual([
      ['merge', 'analyst@digitaloffice.test'], ['rename', 'analyst@digitaloffice.test'], ['split', 'analyst@digitaloffice.test'],
    ]);
    await http().get('/api/suppliers/decisions').set(as('fife')).expect(403);
    await http().get('/api/suppliers/suggestions').set(as('fife')).expect(403);
  });

  it('marks two names never to be merged, from a suggestion', async () => {
    await upload('angus', 'angus-2.csv', 'Ref No.,Contractor,Expiry Date,Title\nA-1,Civica UK Ltd,30/11/2027,Spydus\nA-2,Civca UK Ltd,30/11/2027,Xpress elections\n');
    let all = (await http().get('/api/suppliers?name=civ').set(as('analyst')).expect(200)).body;
    expect(all).toHaveLength(1); // the typo joined automatically
    await http().post('/api/suppliers/never-merge').set(as('analyst')).send({ nameA: 'Civca UK Ltd', nameB: 'Civica UK Ltd', reason: 'Civca is a real, different firm' }).expect(200);
    all = (await http().get('/api/suppliers?name=civ').set(as('analyst')).expect(200)).body;
    expect(all).toHaveLength(2);
    await http().post('/api/suppliers/never-merge').set(as('analyst')).send({ nameA: 'No Such Supplier Ltd', nameB: 'Civica UK Ltd', reason: 'x y z' }).expect(404);
  });

  it('shows the canonical supplier and classification on contracts, and keeps an analyst\'s correction', async () => {
    const list = (await http().get('/api/contracts?council=S12000047&pageSize=100').set(as('analyst')).expect(200)).body.items;
    const f1 = list.find((c: { reference: string }) => c.reference === 'F-1');
    expect(f1).toMatchObject({ supplierName: 'CIVICA UK LIMITED', supplier: expect.stringMatching(/^Civica/), product: 'Open Revenues', serviceCategory: 'Revenues & Benefits' });
    expect(f1.classificationReason).toMatch(/Open Revenues/);
    // A contract keeps the name as written, the current legal supplier and the parent group.
    const f3 = list.find((c: { reference: string }) => c.reference === 'F-3');
    expect(f3).toMatchObject({ supplierName: 'Northgate Public Services (UK) Ltd', supplier: 'NEC Software Solutions UK Limited', supplierGroup: 'NEC Corporation' });
    const bySupplier = (await http().get(`/api/contracts?supplierId=${f1.supplierId}&pageSize=100`).set(as('analyst')).expect(200)).body.items;
    expect(bySupplier.map((c: { supplierName: string }) => c.supplierName).sort()).toEqual(['CIVICA UK LIMITED', 'Civica UK Ltd', 'Civica Uk Ltd']);

    const f2 = list.find((c: { reference: string }) => c.reference === 'F-2');
    await http().put(`/api/contracts/${f2.id}/classification`).set(as('fife')).send({ product: 'Spydus', serviceCategory: 'Libraries', reason: 'the library system' }).expect(403);
    const fixed = await http().put(`/api/contracts/${f2.id}/classification`).set(as('analyst')).send({ product: 'Spydus', serviceCategory: 'Libraries', reason: 'the library system' }).expect(200);
    expect(fixed.body).toMatchObject({ product: 'Spydus', serviceCategory: 'Libraries', classificationCorrected: true });
    expect(fixed.body.classificationReason).toMatch(/^corrected by analyst@digitaloffice.test on \d{4}-\d\d-\d\d: the library system$/);

    // The council's next register keeps the correction for the same reference.
    await upload('fife', 'fife-3.csv', `${fifeRegister}\nF-7,New contract,Jadu Ltd,31/03/2030`);
    const again = (await http().get('/api/contracts?council=S12000047&pageSize=100').set(as('fife')).expect(200)).body.items;
    expect(again.find((c: { reference: string }) => c.reference === 'F-2')).toMatchObject({ product: 'Spydus', serviceCategory: 'Libraries', classificationCorrected: true });
    await http().get(`/api/contracts/${f2.id}`).set(as('angus')).expect(404);

    // Filters and sorts on what is worked out when read: product, service category, decision date.
    const libraries = (await http().get('/api/contracts?serviceCategory=libraries&pageSize=100').set(as('analyst')).expect(200)).body;
    expect(libraries.items.map((c: { reference: string }) => c.reference)).toContain('F-2');
    expect(libraries.items.every((c: { serviceCategory: string }) => c.serviceCategory === 'Libraries')).toBe(true);
    expect(libraries.total).toBe(libraries.items.length);
    expect((await http().get('/api/contracts?serviceCategory=libraries').set(as('fife')).expect(200)).body.items.map((c: { reference: string }) => c.reference)).toEqual(['F-2']);
    const revenues = (await http().get('/api/contracts?product=Open%20Revenues&pageSize=100').set(as('analyst')).expect(200)).body.items as { product: string }[];
    expect(revenues.length).toBeGreaterThan(0);
    expect(revenues.every((c) => c.product === 'Open Revenues')).toBe(true);
    const byDecision = (await http().get('/api/contracts?council=S12000047&sort=decisionDate&pageSize=100').set(as('fife')).expect(200)).body.items as { decisionDate: string | null }[];
    const dates = byDecision.map((c) => c.decisionDate).filter((d): d is string => d !== null);
    expect(dates).toEqual([...dates].sort());
    await http().get('/api/contracts?sort=price').set(as('fife')).expect(400);
  });

  describe('technical assets', () => {
    const list = fs.readFileSync(path.join(DATA_DIR, 'applications/fife-council-application-list.csv'));

    it('joins assets from classified contracts with the council\'s application list', async () => {
      const res = await http().post('/api/assets/application-list').set(as('fife')).attach('file', list, 'fife-council-application-list.csv').expect(201);
      expect(res.body).toMatchObject({ rows: 6, stored: 5, rejected: 1 });
      expect(res.body.issues).toContainEqual(expect.objectContaining({ row: 9, column: 'Hosting Model', value: 'Basement server', code: 'HOSTING_UNKNOWN' }));

      const assets = (await http().get('/api/assets?council=S12000047').set(as('fife')).expect(200)).body;
      const revenues = assets.find((a: { system: string }) => a.system === 'Open Revenues');
      expect(revenues).toMatchObject({
        council: FIFE, product: 'Open Revenues', serviceCategory: 'Revenues & Benefits', hosting: 'on-premises', hostingSource: 'recorded',
        endOfSupport: '2028-03-31', sources: ['contracts', 'application-list'],
      });
      expect(revenues.contracts.map((c: { reference: string }) => c.reference)).toEqual(['F-1']);
      const gis = assets.find((a: { system: string }) => a.system === 'GIS (ArcGIS Enterprise)');
      expect(gis).toMatchObject({ contracts: [], hosting: 'cloud', sources: ['application-list'] });
    });

    it('keeps councils to their own assets and lets them record what contracts cannot say', async () => {
      expect((await http().get('/api/assets').set(as('angus')).expect(200)).body.every((a: { council: string }) => a.council === ANGUS)).toBe(true);
      await http().post('/api/assets/application-list').set(as('angus')).field('council', FIFE).attach('file', list, 'list.csv').expect(403);
      await http().put('/api/assets').set(as('analyst')).send({ council: FIFE, system: 'Uniform', hosting: 'saas' }).expect(403);
      const edited = await http().put('/api/assets').set(as('fife')).send({ council: FIFE, system: 'Uniform', hosting: 'saas', endOfSupport: '31/03/2029' }).expect(200);
      expect(edited.body).toMatchObject({ system: 'Uniform', hosting: 'saas', endOfSupport: '2029-03-31', supplier: 'Idox Software Ltd', sources: ['edit'] });
      await http().put('/api/assets').set(as('fife')).send({ council: FIFE, system: 'Uniform', endOfSupport: '31/02/2029' }).expect(400);
    });
  });
});
