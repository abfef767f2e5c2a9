import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TokensRepository, UsersRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { WebAuthService } from '../apps/api/src/web/web-auth.service';
import { formToken, inProcessApp, signedInAgent } from './support/app';

jest.setTimeout(120_000);
const PASSWORD = 'correct horse battery staple';

// Who changed what, and when: every change through the API and the pages lands in the audit log, secrets left out.
describe('the audit log over HTTP', () => {
  const stack = inProcessApp('ccr-audit-');
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    app = stack.app();
    const now = new Date().toISOString();
    const repo = app.get(TokensRepository);
    tokens.admin = (await repo.create('admin', null, 'ops admin', now)).token;
    tokens.fife = (await repo.create('council', 'S12000047', 'fife uploads', now)).token;
    tokens.angus = (await repo.create('council', 'S12000041', 'angus uploads', now)).token;
    tokens.analyst = (await repo.create('analyst', null, 'analyst', now)).token;
    const { user } = await app.get(UsersRepository).invite('admin@register.test', 'admin', null, 'test', now);
    await app.get(UsersRepository).setPassword(user.id, await app.get(WebAuthService).hash(PASSWORD));
  });

  it('records uploads, corrections, tokens and page forms with who, when, what and for which council, never a secret', async () => {
    const register = 'Contract Reference,Contract Title,Supplier,End Date,Annual Value\nFC-1,Payroll,Civica UK Ltd,31/03/2028,1000\n';
    const upload = (await http().post('/api/imports').set(as('fife')).attach('file', Buffer.from(register), 'fife-register.csv').expect(202)).body;
    await app.get(JobQueue).idle();
    const contract = (await http().get('/api/contracts').set(as('fife')).expect(200)).body.items[0];
    await http().put(`/api/contracts/${contract.id}/classification`).set(as('admin')).send({ serviceCategory: 'HR & Payroll', reason: 'payroll service' }).expect(200);
    const made = (await http().post('/api/tokens').set(as('admin')).send({ role: 'analyst', name: 'nightly report', days: 30 }).expect(201)).body;

    // A page form: an admin invites a user.
    const agent = await signedInAgent(app, 'admin@register.test', PASSWORD);
    const users = await agent.get('/users').expect(200);
    await agent.post('/users').type('form').send({ _csrf: formToken(users.text), email: 'new.lead@fife.gov.uk', role: 'council', council: 'S12000047' }).expect(201);

    const log = (await http().get('/api/audit').set(as('admin')).expect(200)).body;
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['upload', 'classification corrected', 'API token made', 'user invited']));
    // Newest first.
    expect(log.items.map((e: { at: string }) => e.at)).toEqual([...log.items.map((e: { at: string }) => e.at)].sort().reverse());
    expect(log.items.find((e: { action: string }) => e.action === 'upload')).toMatchObject({
      actor: 'fife uploads', role: 'council', council: 'S12000047', target: upload.id, detail: { route: 'POST /api/imports', file: { name: 'fife-register.csv', bytes: register.length } },
    });
    expect(log.items.find((e: { action: string }) => e.action === 'classification corrected')).toMatchObject({ actor: 'ops admin', target: String(contract.id), detail: { asked: { serviceCategory: 'HR & Payroll', reason: 'payroll service' } } });
    expect(log.items.find((e: { action: string }) => e.action === 'user invited')).toMatchObject({ actor: 'admin@register.test', council: 'S12000047', detail: { asked: { email: 'new.lead@fife.gov.uk', _csrf: '[removed]' } } });
    // The secrets are nowhere in it.
    expect(JSON.stringify(log)).not.toContain(made.token);
    expect(JSON.stringify(log)).not.toMatch(/ccr_|correct horse/);

    // Filters; a council sees what concerns it; analysts are refused.
    expect((await http().get('/api/audit?action=upload').set(as('admin')).expect(200)).body.items.every((e: { action: string }) => e.action === 'upload')).toBe(true);
    expect((await http().get('/api/audit').set(as('angus')).expect(200)).body.items).toEqual([]);
    expect((await http().get('/api/audit').set(as('fife')).expect(200)).body.items.every((e: { council: string }) => e.council === 'S12000047')).toBe(true);
    await http().get('/api/audit').set(as('analyst')).expect(403);
    // The page shows it to the admin.
    const page = await agent.get('/audit?action=upload').expect(200);
    expect(page.text).toMatch(/fife uploads[\s\S]*upload/);
    expect(page.text).not.toMatch(/classification corrected/);
  });
});
