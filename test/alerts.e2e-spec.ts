import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import ICAL from 'ical.js';
import request from 'supertest';
import { TokensRepository } from '@app/persistence';
import { JobQueue } from '@app/queue';
import { createApiApp } from '../apps/api/src/bootstrap';
import { DATA_DIR, REPO_ROOT } from './support/databases';
import { startSmtp } from './support/mail-and-hooks';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const CLI = path.join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

const REGISTER = [
  'Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Notice Period,Annual Value,Whole Life Value',
  // Decision date 01/12/2026: the 3-month reminder is due from 01/09/2026.
  'FC-A1,Revenues and Benefits System,NEC Software Solutions UK Limited,01/12/2024,30/11/2027,1+1,3 months,"£120,000.00","£360,000.00"',
  'FC-A4,Wide area network,Capita plc,01/04/2026,31/03/2031,None,,"£300,000.00","£1,500,000.00"',
].join('\r\n');

describe('renewal alerts through the API and the CLI (SQLite, in-process jobs, real SMTP)', () => {
  let app: INestApplication;
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const tokens: Record<string, string> = {};
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-alerts-'));
    smtp = await startSmtp();
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${path.join(dir, 'e2e.sqlite')}`, LOG_LEVEL: 'silent', ANALYSIS_DEBOUNCE_MS: '50', DATA_DIR, SMTP_URL: smtp.url, PUBLIC_URL: 'https://register.example',
    });
    delete process.env.REDIS_URL;
    app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    const repo = app.get(TokensRepository);
    const now = new Date().toISOString();
    tokens.admin = (await repo.create('admin', null, 'admin', now)).token;
    tokens.analyst = (await repo.create('analyst', null, 'analyst', now)).token;
    tokens.fife = (await repo.create('council', FIFE, 'fife', now)).token;
    tokens.angus = (await repo.create('council', ANGUS, 'angus', now)).token;
    await request(app.getHttpServer()).post('/api/imports').set({ Authorization: `Bearer ${tokens.fife}` }).attach('file', Buffer.from(REGISTER), 'fife.csv').expect(202);
    await app.get(JobQueue).idle();
  });

  afterAll(async () => {
    await app.close();
    await smtp.close();
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const pathOf = (url: string) => url.replace('https://register.example', '');

  it('lets a council set its alert settings, and keeps other councils and analysts to what they may see', async () => {
    await http().put(`/api/councils/${FIFE}/alert-settings`).set(as('angus')).send({ emails: ['x@angus.gov.uk'] }).expect(403);
    await http().put(`/api/councils/${FIFE}/alert-settings`).set(as('fife')).send({ emails: ['not an address'] }).expect(400);
    await http().put(`/api/councils/${FIFE}/alert-settings`).set(as('fife')).send({ stages: [0] }).expect(400);
    const res = await http().put(`/api/councils/${FIFE}/alert-settings`).set(as('fife')).send({ emails: ['Procurement@Fife.gov.uk'], stages: [3, 12, 18, 6] }).expect(200);
    expect(res.body).toMatchObject({ council: FIFE, emails: ['procurement@fife.gov.uk'], stages: [18, 12, 6, 3], noticeMonths: 1, digest: 'immediate' });
    expect(res.body.calendarUrl).toMatch(new RegExp(`^https://register\\.example/api/councils/${FIFE}/renewals\\.ics\\?token=[0-9a-f]{48}$`));
    const analyst = await http().get(`/api/councils/${FIFE}/alert-settings`).set(as('analyst')).expect(200);
    expect(analyst.body.emails).toEqual(['procurement@fife.gov.uk']);
    expect(analyst.body.calendarUrl).toBeUndefined();
    await http().get(`/api/councils/${FIFE}/alert-settings`).set(as('angus')).expect(403);
  });

  it('runs the daily alerts when an admin asks, e-mails the due reminder, and lists it as sent', async () => {
    await http().post('/api/alerts/run').set(as('fife')).send({}).expect(403);
    await http().post('/api/alerts/run').set(as('admin')).send({ today: '23/11/2026' }).expect(202);
    await app.get(JobQueue).idle();
    // FC-A1: the 3-month reminder and the notice reminder (notice deadline 31/08/2027 is not near): one e-mail.
    expect(smtp.mails.map((m) => m.subject)).toEqual(['Renewal decision due by 01/12/2026: Revenues and Benefits System (FC-A1), NEC Software Solutions UK Limited — Fife Council']);
    const list = await http().get('/api/alerts').query({ council: FIFE, status: 'sent' }).set(as('fife')).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ council: FIFE, reference: 'FC-A1', stage: 'decision-3m', dueDate: '2026-09-01', targetDate: '2026-12-01', status: 'sent' });
    expect(list.body[0].deliveries).toEqual([expect.objectContaining({ channel: 'email', recipient: 'procurement@fife.gov.uk', status: 'sent', attempts: 1 })]);
    expect(list.body[0].actionToken).toBeUndefined();
    await http().get('/api/alerts').query({ council: FIFE }).set(as('angus')).expect(403);
    expect((await http().get('/api/alerts').set(as('angus')).expect(200)).body).toEqual([]);
  });

  it('snoozes from the link in the e-mail (a GET only shows the form) and marks the contract in hand', async () => {
    const mail = smtp.mails[0];
    const snooze = /Snooze this reminder: (\S+)/.exec(mail.text)![1];
    const form = await http().get(pathOf(snooze)).expect(200);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.text).toContain('<form method="post" action="snooze/confirm">');
    const id = /alerts\/(\d+)\/snooze/.exec(snooze)![1];
    const token = new URL(snooze).searchParams.get('token')!;
    await http().post(`/api/alerts/${id}/snooze/confirm`).type('form').send({ token: 'wrong', days: '14' }).expect(404);
    const done = await http().post(`/api/alerts/${id}/snooze/confirm`).type('form').send({ token, days: '14' }).expect(200);
    expect(done.text).toMatch(/reminded again on \d\d\/\d\d\/\d{4}/);
    const [a] = (await http().get('/api/alerts').query({ status: 'snoozed' }).set(as('fife')).expect(200)).body;
    expect(a.id).toBe(Number(id));

    const inHand = /Mark the contract as in hand[^:]*: (\S+)/.exec(mail.text)![1];
    await http().get(pathOf(inHand)).expect(200);
    await http().post(`/api/alerts/${id}/in-hand`).type('form').send({ token }).expect(200);
    const after = (await http().get('/api/alerts').query({ council: FIFE }).set(as('fife')).expect(200)).body as { reference: string; status: string }[];
    expect(after.filter((x) => x.reference === 'FC-A1').every((x) => ['in-hand', 'skipped'].includes(x.status))).toBe(true);
  });

  it('serves the calendar feed on its secret URL only, and it parses back', async () => {
    const settings = (await http().get(`/api/councils/${FIFE}/alert-settings`).set(as('fife')).expect(200)).body;
    const res = await http().get(pathOf(settings.calendarUrl)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(res.text)).getAllSubcomponents('vevent').map((v: ICAL.Component) => new ICAL.Event(v));
    expect(events.map((e) => [e.summary, e.startDate.toString()])).toEqual([
      ['Decision date: Revenues and Benefits System (FC-A1)', '2026-12-01'],
      ['Notice deadline: Revenues and Benefits System (FC-A1)', '2027-08-31'],
      ['Decision date: Wide area network (FC-A4)', '2029-10-01'],
    ]);
    await http().get(`/api/councils/${FIFE}/renewals.ics`).query({ token: 'x'.repeat(48) }).expect(404);
    await http().get(`/api/councils/${FIFE}/renewals.ics`).expect(404);
    await http().get(`/api/councils/${ANGUS}/renewals.ics`).query({ token: new URL(settings.calendarUrl).searchParams.get('token') }).expect(404);
  });

  it('documents the alert routes in OpenAPI', async () => {
    const doc = (await http().get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/alerts', '/api/alerts/run', '/api/councils/{code}/alert-settings', '/api/councils/{code}/renewals.ics']));
  });

  it('sets, runs and lists alerts from the CLI (pinned commands)', async () => {
    const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`, DATA_DIR, SMTP_URL: smtp.url, PUBLIC_URL: 'https://register.example', LOG_LEVEL: 'silent' };
    // Asynchronous: the SMTP server runs in this process and must answer while the CLI waits.
    const cli = (...args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });
    const file = path.join(dir, 'fife.csv');
    fs.writeFileSync(file, REGISTER);
    expect((await cli('import', file, '--council', FIFE)).status).toBe(0);
    const bad = await cli('alerts', 'settings', FIFE, '--stages', '18,x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--stages "18,x"');
    const set = await cli('alerts', 'settings', 'Fife', '--email', 'procurement@fife.gov.uk', '--email', 'it@fife.gov.uk', '--stages', '12,3', '--json');
    expect(set.status).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ council: FIFE, emails: ['procurement@fife.gov.uk', 'it@fife.gov.uk'], stages: [12, 3] });
    const before = smtp.mails.length;
    const run = await cli('alerts', 'run', '--today', '23/11/2026', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ today: '2026-11-23', due: 1, sent: 2, failed: 0 });
    expect(smtp.mails.slice(before).map((m) => m.to[0]).sort()).toEqual(['it@fife.gov.uk', 'procurement@fife.gov.uk']);
    // Replaying the same day sends nothing more.
    expect(JSON.parse((await cli('alerts', 'run', '--today', '2026-11-23', '--json')).stdout)).toMatchObject({ due: 0, sent: 0 });
    const listed = JSON.parse((await cli('alerts', '--council', FIFE, '--json')).stdout) as { reference: string; stage: string; status: string; deliveries: unknown[] }[];
    expect(listed.map((a) => [a.reference, a.stage, a.status])).toEqual([
      ['FC-A1', 'decision-12m', 'skipped'], ['FC-A1', 'decision-3m', 'sent'], ['FC-A1', 'notice', 'scheduled'], ['FC-A4', 'decision-12m', 'scheduled'], ['FC-A4', 'decision-3m', 'scheduled'],
    ]);
    expect(listed[1].deliveries).toHaveLength(2);
  });
});
