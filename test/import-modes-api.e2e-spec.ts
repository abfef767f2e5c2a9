import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { DATA_DIR } from './support/databases';

const FIFE = 'S12000047';
const PASSWORD = 'correct horse battery staple';

// Jobs run in the process on a real SQLite file; CI has two busy cores.
jest.setTimeout(120_000);

const HEADER = 'Contract Reference,Contract Title,Supplier,Start Date,End Date,Annual Value';
const ref = (i: number) => `FC-${String(i).padStart(3, '0')}`;
const row = (i: number, end = '31/03/2027') => `${ref(i)},Service ${i},Supplier ${i % 17} Ltd,01/04/2024,${end},${1000 * (i + 1)}`;
const fileOf = (rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const REGISTER = fileOf(Array.from({ length: 146 }, (_, i) => row(i)));
const THREE = fileOf([row(0), row(1, '31/03/2028'), row(2, '30/09/2027')]);

describe('upload modes over HTTP (API and pages; SQLite, in-process jobs)', () => {
  let app: INestApplication;
  let dir: string;
  let fife: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-modes-'));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'modes.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    fife = (await app.get(TokensRepository).create('council', FIFE, 'fife', new Date().toISOString())).token;
    const { user } = await app.get(UsersRepository).invite('lead@fife.gov.uk', 'council', FIFE, 'test', new Date().toISOString());
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const auth = () => ({ Authorization: `Bearer ${fife}` });

  function upload(name: string, content: string, fields: Record<string, string> = {}) {
    let req = http().post('/api/imports').set(auth());
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', Buffer.from(content), name);
  }

  async function report(id: string) {
    await app.get(JobQueue).idle();
    return (await http().get(`/api/imports/${id}`).set(auth()).expect(200)).body;
  }

  it('reports the mode, why, and what was added, changed and retired; a part of the register retires nothing unless it says full', async () => {
    const first = await report((await upload('fife-register.csv', REGISTER).expect(202)).body.id);
    expect(first).toMatchObject({
      status: 'completed', mode: 'full', modeRequested: null, modeRule: 'single-council',
      counts: { rows: 146, imported: 146, added: 146, changed: 0, unchanged: 0, retired: 0, superseded: 0 },
    });
    expect(first.changes.added).toHaveLength(146);
    expect(first.changes).toMatchObject({ changed: [], retired: [], truncated: false });

    const three = await report((await upload('fife-three.csv', THREE).expect(202)).body.id);
    expect(three).toMatchObject({
      mode: 'update', modeRequested: null, modeRule: 'looks-partial',
      counts: { rows: 3, imported: 3, added: 0, changed: 2, unchanged: 1, retired: 0, superseded: 3, withWarnings: 0, rejected: 0 },
      changes: { added: [], retired: [], truncated: false },
    });
    expect(three.modeReason).toContain('would retire 143');
    expect(three.changes.changed).toEqual([
      { council: FIFE, reference: ref(1), title: 'Service 1', row: 3, fields: ['endDate', 'totalValue'], contractId: expect.any(Number) },
      { council: FIFE, reference: ref(2), title: 'Service 2', row: 4, fields: ['endDate', 'totalValue'], contractId: expect.any(Number) },
    ]);
    expect(three.issues).toContainEqual(expect.objectContaining({ code: 'IMPORTED_AS_UPDATE', severity: 'warning' }));
    expect((await http().get(`/api/contracts?council=${FIFE}&pageSize=500`).set(auth()).expect(200)).body.total).toBe(146);

    // The same bytes again: unchanged. Said to be the whole register: imported again, as a full one.
    await upload('fife-three.csv', THREE).expect(200);
    await upload('fife-three.csv', THREE, { mode: 'update' }).expect(200);
    const full = await report((await upload('fife-three.csv', THREE, { mode: 'full' }).expect(202)).body.id);
    expect(full).toMatchObject({ mode: 'full', modeRequested: 'full', modeRule: 'requested', counts: { retired: 143, unchanged: 3, superseded: 146 } });
    expect(full.changes.retired).toHaveLength(143);
    expect(full.changes.retired[0]).toEqual({ council: FIFE, reference: ref(3), title: 'Service 3', row: null, fields: [], contractId: expect.any(Number) });
    const page = await http().get(`/api/imports/${full.id}/changes?kind=retired&offset=140&limit=10`).set(auth()).expect(200);
    expect(page.body).toMatchObject({ kind: 'retired', total: 143, offset: 140, limit: 10 });
    expect(page.body.items.map((c: { reference: string }) => c.reference)).toEqual([ref(143), ref(144), ref(145)]);
    expect((await http().get(`/api/contracts?council=${FIFE}&pageSize=500`).set(auth()).expect(200)).body.total).toBe(3);
  });

  it('refuses a mode or a kind of change it does not know', async () => {
    const bad = await upload('x.csv', THREE, { mode: 'replace' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('"full" or "update"') });
    const any = await upload('fife-any.csv', fileOf([row(7)]), { mode: 'update' }).expect(202);
    await http().get(`/api/imports/${any.body.id}/changes?kind=deleted`).set(auth()).expect(400);
  });

  it('documents the mode field and the changes route', async () => {
    const docs = (await http().get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/imports/{id}', '/api/imports/{id}/changes']));
    expect(JSON.stringify(docs.paths['/api/imports'].post)).toContain('"mode"');
  });

  it('offers the mode on the upload page and shows what changed on the report page', async () => {
    const agent = request.agent(app.getHttpServer());
    const signIn = await agent.get('/sign-in').expect(200);
    const formToken = /name="_csrf" value="([0-9a-f]+)"/.exec(signIn.text)![1];
    await agent.post('/sign-in').type('form').send({ _csrf: formToken, email: 'lead@fife.gov.uk', password: PASSWORD }).expect(303);
    const form = await agent.get('/upload').expect(200);
    expect(form.text).toMatch(/<input class="govuk-radios__input" id="mode" name="mode" type="radio" value="" checked/);
    expect(form.text).toContain('value="full"');
    expect(form.text).toContain('value="update"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const posted = await agent.post('/upload').field('_csrf', csrf).field('mode', 'update')
      .attach('file', Buffer.from(fileOf([row(0), row(1, '31/03/2029'), row(500)])), 'fife-page.csv').expect(303);
    const id = /\/imports\/([0-9a-f-]{36})/.exec(posted.headers.location)![1];
    await app.get(JobQueue).idle();
    const page = await agent.get(`/imports/${id}`).expect(200);
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toMatch(/Mode <\/dt> <dd class="govuk-summary-list__value"> Update \(as asked\)/);
    expect(text).toContain('Why an update: update, as the upload asked');
    expect(text).toMatch(/Changed \(1\)/);
    expect(text).toMatch(/Retired \(0\)/);
    expect(text).toContain('Nothing was retired.');
    const csv = await agent.get(`/imports/${id}/changes.csv`).expect(200);
    expect(csv.text).toContain('"Change","Council","Reference","Title","Row","Fields changed"');
    expect(csv.text).toMatch(/"added","S12000047","FC-500"/);
    expect(csv.text).toMatch(/"changed","S12000047","FC-001","Service 1",3,"endDate, totalValue"/);
  });
});
