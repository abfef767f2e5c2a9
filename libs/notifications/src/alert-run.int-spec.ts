import { createHmac } from 'node:crypto';
import { DatabaseConfig } from '@app/config';
import { oneCouncil } from '@app/persistence';
import { TEST_DATABASES } from '../../../test/support/databases';
import { startHookReceiver, startSmtp } from '../../../test/support/mail-and-hooks';
import { importBytes, openStack, Stack } from '../../../test/support/stack';

const FIFE = 'S12000047';

/** Fife's register as of 23/11/2026: four contracts with reminders due that day, one far off. */
function register(overrides: Record<string, string> = {}): string {
  const rows: Record<string, string> = {
    // Decision date 01/12/2026 (12 months before a £360,000 contract ends): the 3-month reminder is due.
    'FC-A1': 'FC-A1,Revenues and Benefits System,NEC Software Solutions UK Limited,01/12/2024,30/11/2027,None,,"£120,000.00","£360,000.00",rb.owner@fife.gov.uk',
    // £40,000 in all, 6 months' lead time: decision date 01/12/2027, the 18-month reminder is due.
    'FC-A2': 'FC-A2,Library management system,Civica UK Ltd,01/06/2023,31/05/2028,None,,"£8,000.00","£40,000.00",',
    // Decision date 01/03/2026 already past, notice deadline 30/11/2026: both reminders are due.
    'FC-A3': 'FC-A3,Telephony support,BT plc,01/03/2024,28/02/2027,None,3 months,"£20,000.00","£60,000.00",',
    // Ends in 2031: nothing due for years.
    'FC-A4': 'FC-A4,Wide area network,Capita plc,01/04/2026,31/03/2031,None,,"£300,000.00","£1,500,000.00",',
    ...overrides,
  };
  return ['Contract Reference,Contract Title,Supplier Name,Start Date,End Date,Extension Options,Notice Period,Annual Value,Whole Life Value,Contract Owner', ...Object.values(rows)].join('\r\n');
}

describe.each(TEST_DATABASES)('renewal alerts with $name', (db) => {
  let config: DatabaseConfig;
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hooks: Awaited<ReturnType<typeof startHookReceiver>>;

  beforeEach(async () => {
    config = db.config();
    stack = await openStack(config);
    smtp = await startSmtp();
    hooks = await startHookReceiver();
    await importBytes(stack, 'fife-register.csv', register(), FIFE);
  });

  afterEach(async () => {
    await smtp.close();
    await hooks.close();
    await stack.close();
    await db.drop(config);
  });

  async function settings(extra: Partial<{ emails: string[]; stages: number[]; digest: 'immediate' | 'weekly'; webhookUrl: string | null; noticeMonths: number | null }> = {}) {
    return stack.alerts.saveSettings(FIFE, { emails: ['procurement@fife.gov.uk'], stages: [18, 12, 6, 3], noticeMonths: 1, digest: 'immediate', webhookUrl: null, ...extra }, 'test', '2026-11-22T09:00:00Z');
  }

  const byContract = async () => {
    const list = await stack.alerts.list(oneCouncil(FIFE));
    return Object.fromEntries(list.map((a) => [`${a.contractKey} ${a.stage}`, a.status]));
  };

  it('sends each due reminder once over a real SMTP conversation, and nothing again the same day or the next', async () => {
    await settings();
    const run = stack.alertRun({ smtpUrl: smtp.url });
    const first = await run.runCouncil(FIFE, '2026-11-23');
    expect(first).toMatchObject({ contracts: 4, due: 4, sent: 5, retrying: 0, failed: 0 });
    // The procurement lead gets all four; the contract owner named in the register gets theirs.
    expect(smtp.mails.map((m) => `${m.to.join(',')} ${m.subject.split(':')[0]}`).sort()).toEqual([
      'procurement@fife.gov.uk Notice deadline 30/11/2026',
      'procurement@fife.gov.uk Renewal decision due by 01/12/2026',
      'procurement@fife.gov.uk Renewal decision due by 01/12/2027',
      'procurement@fife.gov.uk Renewal decision overdue since 01/03/2026',
      'rb.owner@fife.gov.uk Renewal decision due by 01/12/2026',
    ]);
    const rb = smtp.mails.find((m) => m.to[0] === 'rb.owner@fife.gov.uk')!;
    expect(rb.text).toContain('The current end is 30/11/2027; a procurement of this size needs 12 months');
    expect(rb.text).toContain('This reminder is 3 months before the decision date');
    expect(rb.html).toContain('<h2');
    expect(rb.text).toMatch(/Snooze this reminder: https:\/\/register\.test\/api\/alerts\/\d+\/snooze\?token=[0-9a-f]{48}/);
    expect(await byContract()).toMatchObject({
      'ref:FC-A1 decision-18m': 'skipped', 'ref:FC-A1 decision-12m': 'skipped', 'ref:FC-A1 decision-6m': 'skipped', 'ref:FC-A1 decision-3m': 'sent',
      'ref:FC-A2 decision-18m': 'sent', 'ref:FC-A2 decision-12m': 'scheduled',
      'ref:FC-A3 decision-3m': 'sent', 'ref:FC-A3 notice': 'sent',
      'ref:FC-A4 decision-18m': 'scheduled',
    });

    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ due: 0, sent: 0 });
    expect(await run.runCouncil(FIFE, '2026-11-24')).toMatchObject({ due: 0, sent: 0 });
    expect(smtp.mails).toHaveLength(5);
    // The next stage goes when it falls due.
    expect(await run.runCouncil(FIFE, '2026-12-01')).toMatchObject({ due: 1, sent: 1 });
    expect(smtp.mails.at(-1)!.subject).toMatch(/^Renewal decision due by 01\/12\/2027: Library management system/);
  });

  it('sends each reminder once when two runs race over the same council', async () => {
    await settings();
    const [a, b] = await Promise.all([stack.alertRun({ smtpUrl: smtp.url }).runCouncil(FIFE, '2026-11-23'), stack.alertRun({ smtpUrl: smtp.url }).runCouncil(FIFE, '2026-11-23')]);
    expect(a.sent + b.sent).toBe(5);
    expect(smtp.mails).toHaveLength(5);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(5);
  });

  it('keeps failed e-mail for a retry, never loses or repeats it, and shows it failed after the last attempt', async () => {
    await settings();
    smtp.reject = true;
    const run = stack.alertRun({ smtpUrl: smtp.url, maxAttempts: 3 });
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ sent: 0, retrying: 5, failed: 0 });
    expect(Object.values(await byContract()).filter((s) => s === 'pending')).toHaveLength(4);
    smtp.reject = false;
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ sent: 5, retrying: 0 });
    expect(smtp.mails).toHaveLength(5);

    // A council whose server stays down: failed for good after three attempts, with the error.
    await importBytes(stack, 'fife-register-2.csv', register({ 'FC-A5': 'FC-A5,Print managed service,Xerox (UK) Ltd,01/01/2024,31/12/2026,None,,"£10,000.00","£30,000.00",' }), FIFE);
    smtp.reject = true;
    for (let i = 0; i < 3; i++) await run.runCouncil(FIFE, '2026-11-23');
    const failed = (await stack.alerts.list(oneCouncil(FIFE), { status: 'failed' }));
    expect(failed.map((a) => a.contractKey)).toEqual(['ref:FC-A5']);
    expect(failed[0].deliveries[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed[0].deliveries[0].lastError).toMatch(/451|try later/);
    expect(smtp.mails).toHaveLength(5);
  });

  it('posts signed JSON to the council webhook and retries when it is down', async () => {
    const saved = await settings({ emails: [], webhookUrl: hooks.url });
    expect(saved.webhookSecret).toMatch(/^[0-9a-f]{48}$/);
    hooks.status = 503;
    const run = stack.alertRun({ smtpUrl: smtp.url });
    // The contract owner named in the register is still e-mailed; the webhook is down.
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ sent: 1, retrying: 4 });
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['rb.owner@fife.gov.uk']);
    hooks.status = 200;
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ sent: 4, retrying: 0 });
    expect(hooks.hooks).toHaveLength(4);
    for (const h of hooks.hooks) {
      const expected = `sha256=${createHmac('sha256', saved.webhookSecret!).update(`${h.headers['x-register-timestamp'] as string}.${h.body}`).digest('hex')}`;
      expect(h.headers['x-register-signature']).toBe(expected);
    }
    const payload = hooks.hooks.map((h) => JSON.parse(h.body) as { stage: string; contract: { reference: string; decisionDate: string }; council: { code: string }; reasons: string[] })
      .find((p) => p.contract.reference === 'FC-A1')!;
    expect(payload).toMatchObject({ stage: 'decision-3m', council: { code: FIFE }, contract: { decisionDate: '2026-12-01' } });
    expect(payload.reasons[0]).toContain('the decision date is 01/12/2026');
  });

  it('re-arms reminders when a contract\'s dates change and withdraws the old ones', async () => {
    await settings();
    const run = stack.alertRun({ smtpUrl: smtp.url });
    await run.runCouncil(FIFE, '2026-11-23');
    // The council takes a year's extension on FC-A1: a new register with the new end date.
    await importBytes(stack, 'fife-register-2.csv', register({ 'FC-A1': 'FC-A1,Revenues and Benefits System,NEC Software Solutions UK Limited,01/12/2024,30/11/2028,None,,"£120,000.00","£480,000.00",rb.owner@fife.gov.uk' }), FIFE);
    const second = await run.runCouncil(FIFE, '2026-11-23');
    expect(second.withdrawn).toBe(0); // the old version's reminders were sent or skipped: history, not withdrawn
    const list = await stack.alerts.list(oneCouncil(FIFE));
    const a1 = list.filter((a) => a.contractKey === 'ref:FC-A1');
    expect(new Set(a1.map((a) => a.datesVersion))).toEqual(new Set(['2027-11-30|2026-12-01|', '2028-11-30|2027-12-01|']));
    // New dates: decision 01/12/2027, so the 12-month reminder is due on 01/12/2026, and goes then.
    expect(a1.filter((a) => a.datesVersion.startsWith('2028')).map((a) => [a.stage, a.status, a.dueDate])).toEqual([
      ['decision-18m', 'sent', '2026-06-01'], ['decision-12m', 'scheduled', '2026-12-01'], ['decision-6m', 'scheduled', '2027-06-01'], ['decision-3m', 'scheduled', '2027-09-01'],
    ]);
    // Changing the dates again before those go: the waiting ones are withdrawn.
    await importBytes(stack, 'fife-register-3.csv', register({ 'FC-A1': 'FC-A1,Revenues and Benefits System,NEC Software Solutions UK Limited,01/12/2024,31/05/2029,None,,"£120,000.00","£540,000.00",rb.owner@fife.gov.uk' }), FIFE);
    expect((await run.runCouncil(FIFE, '2026-11-23')).withdrawn).toBe(3);
    const withdrawn = (await stack.alerts.list(oneCouncil(FIFE), { status: 'withdrawn' }));
    expect(withdrawn.map((a) => a.stage)).toEqual(['decision-12m', 'decision-6m', 'decision-3m']);
  });

  it('holds reminders while snoozed, stops them once the contract is in hand, and sends a weekly digest on Mondays', async () => {
    await settings({ digest: 'weekly' });
    const run = stack.alertRun({ smtpUrl: smtp.url });
    // Monday 23/11/2026: one digest per recipient.
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ sent: 5 });
    expect(smtp.mails.map((m) => [m.to[0], m.subject]).sort()).toEqual([
      ['procurement@fife.gov.uk', '4 contract renewal reminders for Fife Council, week of 23/11/2026'],
      ['rb.owner@fife.gov.uk', '1 contract renewal reminder for Fife Council, week of 23/11/2026'],
    ]);
    // The 12-month reminder for FC-A2 falls due on Tuesday 01/12 and waits for Monday 07/12.
    expect(await run.runCouncil(FIFE, '2026-12-01')).toMatchObject({ due: 1, sent: 0 });
    const [a2] = (await stack.alerts.list(oneCouncil(FIFE))).filter((a) => a.contractKey === 'ref:FC-A2' && a.stage === 'decision-12m');
    expect(a2.status).toBe('pending');
    expect(await stack.alerts.snooze(a2.id, '2026-12-15', '2026-12-01T10:00:00Z')).toBe(true);
    expect(await run.runCouncil(FIFE, '2026-12-07')).toMatchObject({ sent: 0 });
    expect(await run.runCouncil(FIFE, '2026-12-14')).toMatchObject({ sent: 0 });
    // Snooze over: it goes again in the next digest (21/12 is a Monday).
    expect(await run.runCouncil(FIFE, '2026-12-21')).toMatchObject({ sent: 1 });
    expect(smtp.mails.at(-1)!.text).toContain('Library management system');

    // In hand: FC-A4's reminders stop for these dates.
    // £1.5m in all: a large contract, 18 months' lead time, so the decision date is 01/10/2029.
    await stack.alerts.acknowledge(FIFE, 'ref:FC-A4', '2031-03-31|2029-10-01|', 'procurement@fife.gov.uk', 'market engagement under way', '2026-12-21T10:00:00Z');
    expect((await stack.alerts.list(oneCouncil(FIFE))).filter((a) => a.contractKey === 'ref:FC-A4').map((a) => a.status)).toEqual(['in-hand', 'in-hand', 'in-hand', 'in-hand']);
    await run.runCouncil(FIFE, '2028-04-03'); // the 18-month reminder would have been due on 01/04/2028
    expect(smtp.mails.some((m) => m.text.includes('Wide area network'))).toBe(false);
  });

  it('keeps due alerts for a council with nobody to tell, and sends them once someone is set', async () => {
    const run = stack.alertRun({ smtpUrl: smtp.url });
    expect(await run.runCouncil(FIFE, '2026-11-23')).toMatchObject({ due: 4, sent: 1, undeliverable: 3 }); // the contract owner is told anyway
    const pending = await stack.alerts.list(oneCouncil(FIFE), { status: 'pending' });
    expect(pending.map((a) => a.note)).toEqual(Array(3).fill('no e-mail address or webhook is set for this council'));
    await settings();
    expect(await run.runCouncil(FIFE, '2026-11-24')).toMatchObject({ sent: 3, undeliverable: 0 });
  });
});
