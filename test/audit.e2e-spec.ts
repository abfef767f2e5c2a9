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

  it('records what each change touched as it was before and after: a classification, a merge, settings, a mapping, a token, a user', async () => {
    const fife = 'S12000047';
    await http().post('/api/imports').set(as('fife')).attach('file', Buffer.from('Contract Reference,Contract Title,Supplier,End Date,Annual Value\nFB-1,Washroom services,Rentokil Initial UK Ltd,31/03/2028,1000\nFB-2,Hygiene,Initial Washroom Solutions,31/03/2029,2000\n'), 'fife-b.csv').expect(202);
    await app.get(JobQueue).idle();
    const entry = async (action: string) => (await http().get(`/api/audit?action=${encodeURIComponent(action)}`).set(as('admin')).expect(200)).body.items[0];

    // A classification corrected: the old category and the new.
    const contract = (await http().get('/api/contracts?limit=500').set(as('fife')).expect(200)).body.items.find((c: { reference: string }) => c.reference === 'FB-1');
    const was = (await http().get(`/api/contracts/${contract.id}`).set(as('fife')).expect(200)).body;
    await http().put(`/api/contracts/${contract.id}/classification`).set(as('admin')).send({ serviceCategory: 'Facilities', reason: 'washrooms are facilities' }).expect(200);
    expect((await entry('classification corrected')).detail).toMatchObject({
      before: { reference: 'FB-1', serviceCategory: was.serviceCategory ?? null },
      after: { reference: 'FB-1', serviceCategory: 'Facilities' },
    });

    // Two suppliers merged: each name's supplier before, and the one they share after.
    const all = (await http().get('/api/suppliers').set(as('analyst')).expect(200)).body as { id: number; name: string }[];
    const rentokil = all.find((s) => s.name === 'Rentokil Initial UK Ltd')!;
    const washroom = all.find((s) => s.name === 'Initial Washroom Solutions')!;
    await http().post('/api/suppliers/merge').set(as('analyst')).send({ supplierA: rentokil.id, supplierB: washroom.id, reason: 'a trading name' }).expect(200);
    const merged = (await entry('suppliers merged')).detail;
    const supplierOf = (rows: { asWritten: string; id: number }[], name: string) => rows.find((r) => r.asWritten === name)?.id;
    expect(supplierOf(merged.before, 'Rentokil Initial UK Ltd')).not.toEqual(supplierOf(merged.before, 'Initial Washroom Solutions'));
    expect(supplierOf(merged.after, 'Rentokil Initial UK Ltd')).toEqual(supplierOf(merged.after, 'Initial Washroom Solutions'));

    // Alert settings saved twice: the second record's before is the first's after; no secret in either.
    await http().put(`/api/councils/${fife}/alert-settings`).set(as('fife')).send({ emails: ['one@fife.gov.uk'], stages: [18, 12] }).expect(200);
    await http().put(`/api/councils/${fife}/alert-settings`).set(as('fife')).send({ emails: ['two@fife.gov.uk'], stages: [18, 12, 6] }).expect(200);
    const settings = (await entry('alert settings saved')).detail;
    expect(settings.before).toMatchObject({ emails: ['one@fife.gov.uk'], stages: [18, 12] });
    expect(settings.after).toMatchObject({ emails: ['two@fife.gov.uk'], stages: [18, 12, 6] });

    // A column mapping saved: none before, the mapping after.
    await http().put(`/api/councils/${fife}/column-mapping`).set(as('fife')).send({ mapping: { Lot: 'category' } }).expect(200);
    expect((await entry('column mapping saved')).detail).toMatchObject({ before: null, after: { mapping: expect.objectContaining({ Lot: 'category' }) } });

    // A token made, then revoked; a user invited, then removed.
    const made = (await http().post('/api/tokens').set(as('admin')).send({ role: 'analyst', name: 'to revoke', days: 5 }).expect(201)).body;
    expect((await entry('API token made')).detail).toMatchObject({ before: null, after: { name: 'to revoke', role: 'analyst', revokedAt: null } });
    await http().delete(`/api/tokens/${made.id}`).set(as('admin')).expect(200);
    const revoked = (await entry('API token revoked')).detail;
    expect(revoked.before).toMatchObject({ name: 'to revoke', revokedAt: null });
    expect(revoked.after.revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(revoked)).not.toContain(made.token);

    const agent = await signedInAgent(app, 'admin@register.test', PASSWORD);
    let users = await agent.get('/users').expect(200);
    await agent.post('/users').type('form').send({ _csrf: formToken(users.text), email: 'leaving@fife.gov.uk', role: 'council', council: fife }).expect(201);
    expect((await entry('user invited')).detail).toMatchObject({ before: null, after: { email: 'leaving@fife.gov.uk', role: 'council', council: fife } });
    const leaving = await app.get(UsersRepository).byEmail('leaving@fife.gov.uk');
    users = await agent.get('/users').expect(200);
    await agent.post(`/users/${leaving!.id}/remove`).type('form').send({ _csrf: formToken(users.text) }).expect(303);
    expect((await entry('user removed')).detail).toMatchObject({ before: { email: 'leaving@fife.gov.uk' }, after: null });
    // The page puts the before and after in words.
    const page = await agent.get('/audit?action=alert+settings').expect(200);
    expect(page.text).toMatch(/Before:<\/strong> emails: \(one@fife\.gov\.uk\), stages: \(18; 12\)/);
    expect(page.text).toMatch(/After:<\/strong> emails: \(two@fife\.gov\.uk\), stages: \(18; 12; 6\)/);
  });
});
