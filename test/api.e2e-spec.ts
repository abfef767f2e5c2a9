import ExcelJS from 'exceljs';
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

describe('HTTP API (SQLite, in-process jobs)', () => {
  let app: INestApplication;
  let dir: string;
  const tokens: Record<string, string> = {};
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-e2e-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', UPLOAD_LIMIT_MB: '0.05', DATA_DIR: DATA_DIR });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, "127.0.0.1");
    const repo = app.get(TokensRepository);
    const now = new Date().toISOString();
    tokens.admin = (await repo.create('admin', null, 'admin', now)).token;
    tokens.analyst = (await repo.create('analyst', null, 'analyst', now)).token;
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

  function uploadAs(who: string, file: string, content: Buffer | string, fields: Record<string, string> = {}) {
    let req = http().post('/api/imports').set(as(who));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), file);
  }

  async function finished(who: string, id: string) {
    await app.get(JobQueue).idle();
    const res = await http().get(`/api/imports/${id}`).set(as(who)).expect(200);
    return res.body;
  }

  it('answers health checks without a token', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up (better-sqlite3)', queue: 'up (in-process)' } });
  });

  it('serves OpenAPI docs naming the pinned routes', async () => {
    const res = await http().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/imports/{id}', '/api/contracts', '/health']));
  });

  it.each([
    ['get', '/api/contracts'], ['get', '/api/councils'], ['post', '/api/imports'],
    ['get', '/api/imports/00000000-0000-4000-8000-000000000000'], ['put', `/api/councils/${FIFE}/column-mapping`],
  ] as const)('refuses %s %s without a valid token', async (method, url) => {
    await http()[method](url).expect(401);
    await http()[method](url).set('Authorization', 'Bearer not-a-token').expect(401);
  });

  it('imports a council\'s upload and reports every issue with row, column and value', async () => {
    const res = await uploadAs('fife', 'register.csv', fs.readFileSync(path.join(DATA_DIR, 'registers/fife-council-contracts-register.csv'))).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
    expect(res.headers.location).toBe(`/api/imports/${res.body.id}`);
    const report = await finished('fife', res.body.id);
    expect(report).toMatchObject({ status: 'completed', council: FIFE, counts: { rows: 8, imported: 8, withWarnings: 3, rejected: 0 } });
    expect(report.mapping.columns).toContainEqual(expect.objectContaining({ header: 'Supplier Name', field: 'supplier', source: 'auto', reason: expect.stringMatching(/known name/) }));
    expect(report.issues).toContainEqual(expect.objectContaining({ row: 10, column: 'End Date', value: '31/02/2027', code: 'DATE_INVALID' }));
    const again = await uploadAs('fife', 'register.csv', fs.readFileSync(path.join(DATA_DIR, 'registers/fife-council-contracts-register.csv'))).expect(200);
    expect(again.body).toMatchObject({ id: res.body.id, status: 'unchanged' });
  });

  it('reads an Excel upload as the pages do: its first sheet, by values, and calls it by its own name', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Register');
    sheet.addRow(['Contract Reference', 'Contract Title', 'Supplier', 'Start Date', 'End Date', 'Annual Value']);
    sheet.addRow(['XL-1', 'Library management system', 'Civica UK Ltd', new Date(Date.UTC(2024, 3, 1)), '31/03/2027', 12_000]);
    sheet.addRow(['XL-2', { formula: '1+2', result: 'Telephony' }, 'BT plc', '01/04/2023', '31/03/2026', 8_000]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await uploadAs('fife', 'register.xlsx', bytes).expect(202);
    const report = await finished('fife', res.body.id);
    expect(report).toMatchObject({ status: 'completed', council: FIFE, fileName: 'register.xlsx', counts: { rows: 2, imported: 2, rejected: 0 } });
    const contracts = (await http().get(`/api/contracts?council=${FIFE}&limit=500`).set(as('fife')).expect(200)).body.items as { reference: string; title: string; startDate: string }[];
    expect(contracts.find((c) => c.reference === 'XL-1')).toMatchObject({ title: 'Library management system', startDate: '2024-04-01' });
    // A formula gives its cached value and is never run.
    expect(contracts.find((c) => c.reference === 'XL-2')!.title).toBe('Telephony');
  });

  it('keeps each council to its own data on every route', async () => {
    const angus = await uploadAs('admin', 'angus-council-ict-contracts.csv', fs.readFileSync(path.join(DATA_DIR, 'registers/angus-council-ict-contracts.csv'))).expect(202);
    const report = await finished('admin', angus.body.id);
    expect(report.council).toBe(ANGUS);

    await http().get(`/api/imports/${angus.body.id}`).set(as('fife')).expect(404);
    await http().get(`/api/imports/${angus.body.id}/issues`).set(as('fife')).expect(404);
    await http().get(`/api/contracts?council=${ANGUS}`).set(as('fife')).expect(403);
    await http().get('/api/contracts?council=Angus').set(as('fife')).expect(403);
    await uploadAs('fife', 'x.csv', 'Ref,Supplier\nA,B\n', { council: ANGUS }).expect(403);
    await http().put(`/api/councils/${ANGUS}/column-mapping`).set(as('fife')).send({ mapping: { Lot: 'category' } }).expect(403);
    await http().get(`/api/councils/${ANGUS}/column-mapping`).set(as('fife')).expect(404);

    const own = await http().get('/api/contracts?pageSize=500').set(as('fife')).expect(200);
    expect(own.body.total).toBeGreaterThan(0);
    expect(own.body.items.every((c: { council: string }) => c.council === FIFE)).toBe(true);
    const councils = await http().get('/api/councils').set(as('fife')).expect(200);
    expect(councils.body).toEqual([expect.objectContaining({ code: FIFE, name: 'Fife Council' })]);

    // A row naming another council in a council's own upload is rejected, not stored for that council.
    const sneaky = await uploadAs('fife', 'fife-extra.csv', `Council,Ref,Supplier\n${ANGUS},SNEAK-1,Civica\n${FIFE},OWN-1,Civica\n`).expect(202);
    const sneakyReport = await finished('fife', sneaky.body.id);
    expect(sneakyReport.counts).toMatchObject({ rows: 2, imported: 1, rejected: 1 });
    expect(sneakyReport.issues).toContainEqual(expect.objectContaining({ row: 2, code: 'COUNCIL_MISMATCH', value: ANGUS }));
  });

  it('lets analysts read every council but not upload', async () => {
    await uploadAs('analyst', 'x.csv', 'Ref,Supplier\nA,B\n', { council: FIFE }).expect(403);
    const all = await http().get('/api/contracts?pageSize=500').set(as('analyst')).expect(200);
    expect(new Set(all.body.items.map((c: { council: string }) => c.council))).toEqual(new Set([FIFE, ANGUS]));
  });

  it('filters contracts by end date typed day first', async () => {
    const res = await http().get(`/api/contracts?council=${ANGUS}&endsFrom=01/01/2027&endsTo=31/12/2027`).set(as('analyst')).expect(200);
    expect(res.body.items.every((c: { endDate: string }) => c.endDate >= '2027-01-01' && c.endDate <= '2027-12-31')).toBe(true);
    expect(res.body.total).toBeGreaterThan(0);
    const bad = await http().get('/api/contracts?endsFrom=31/02/2027').set(as('analyst')).expect(400);
    expect(bad.body.message).toContain('31/02/2027');
  });

  it('refuses an upload over the size limit with 413', async () => {
    await uploadAs('admin', 'big.csv', Buffer.alloc(60 * 1024, 'a'), { council: FIFE }).expect(413);
  });

  it('explains a missing file and an unknown council', async () => {
    const noFile = await http().post('/api/imports').set(as('admin')).field('council', FIFE).expect(400);
    expect(noFile.body.code).toBe('FILE_REQUIRED');
    const unknown = await uploadAs('admin', 'x.csv', 'Ref,Supplier\nA,B\n', { council: 'Gotham' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'COUNCIL_UNKNOWN', value: 'Gotham' });
  });

  it('saves a column mapping that the next upload uses', async () => {
    await http().put(`/api/councils/${FIFE}/column-mapping`).set(as('fife')).send({ mapping: { 'Lot Title': 'category', Notes: null } }).expect(200);
    const bad = await http().put(`/api/councils/${FIFE}/column-mapping`).set(as('fife')).send({ mapping: { 'Lot Title': 'colour' } }).expect(400);
    expect(bad.body.code).toBe('MAPPING_INVALID');
    const res = await uploadAs('fife', 'next.csv', 'Ref,Lot Title,Supplier,Notes\nN-1,Software,Idox,call back\n').expect(202);
    const report = await finished('fife', res.body.id);
    expect(report.mapping.source).toBe('saved');
    expect(report.mapping.columns).toContainEqual(expect.objectContaining({ header: 'Lot Title', field: 'category', source: 'saved' }));
  });
});
