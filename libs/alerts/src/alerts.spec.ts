import { createHmac } from 'node:crypto';
import ICAL from 'ical.js';
import { AlertContract, AlertState, datesVersion, DEFAULT_STAGES, dueToday, parseStages, plannedAlerts } from './alert-plan';
import { relatedSentence, renderAlert, renderDigest, webhookSignature } from './alert-message';
import { renewalCalendar } from './renewal-calendar';

const contract: AlertContract = {
  id: 42, council: 'S12000047', reference: 'FC-0042', title: 'Revenues & Benefits system', supplier: 'Civica UK Ltd', annualValue: 120_000,
  currentEndDate: '2027-03-31', maxEndDate: '2029-03-31', optionsRemaining: 2, noticeDate: '2026-12-31', decisionDate: '2026-04-01',
  leadMonths: 12, leadReason: 'whole-life value £360,000 is a regulated procurement (£50,000 and over): 12 months', owner: null,
};

describe('plannedAlerts', () => {
  it('plans the default stages before the decision date and one before the notice deadline', () => {
    const plan = plannedAlerts(contract, { stages: DEFAULT_STAGES, noticeMonths: 1 });
    expect(plan.map((a) => [a.stage, a.dueDate, a.targetDate, a.expiresAfter])).toEqual([
      ['decision-18m', '2024-10-01', '2026-04-01', '2027-03-31'],
      ['decision-12m', '2025-04-01', '2026-04-01', '2027-03-31'],
      ['decision-6m', '2025-10-01', '2026-04-01', '2027-03-31'],
      ['decision-3m', '2026-01-01', '2026-04-01', '2027-03-31'],
      ['notice', '2026-11-30', '2026-12-31', '2026-12-31'],
    ]);
    expect(new Set(plan.map((a) => a.datesVersion))).toEqual(new Set(['2027-03-31|2026-04-01|2026-12-31']));
  });

  it('follows the council\'s own stages, and month ends exactly', () => {
    const plan = plannedAlerts({ ...contract, decisionDate: '2027-08-31', noticeDate: null }, { stages: [9, 1], noticeMonths: 1 });
    expect(plan.map((a) => [a.stage, a.dueDate])).toEqual([['decision-9m', '2026-11-30'], ['decision-1m', '2027-07-31']]);
  });

  it('plans nothing for a contract with no end', () => {
    expect(plannedAlerts({ ...contract, currentEndDate: null, decisionDate: null, noticeDate: null }, { stages: DEFAULT_STAGES, noticeMonths: 1 })).toEqual([]);
  });

  it('gives changed dates a new version (the alerts re-arm)', () => {
    expect(datesVersion({ ...contract, currentEndDate: '2028-03-31', decisionDate: '2027-04-01' })).not.toBe(datesVersion(contract));
  });
});

describe('dueToday', () => {
  const state = (stage: AlertState['stage'], dueDate: string, expiresAfter = '2027-03-31', waiting = true): AlertState => ({ stage, dueDate, expiresAfter, waiting });
  const all = [state('decision-18m', '2024-10-01'), state('decision-12m', '2025-04-01'), state('decision-6m', '2025-10-01'), state('decision-3m', '2026-01-01'), state('notice', '2026-11-30', '2026-12-31')];

  it.each([
    ['2024-09-30', [], []],
    ['2024-10-01', ['decision-18m'], []],
    // Uploaded late: only the latest due decision reminder goes; the older ones are skipped.
    ['2025-11-15', ['decision-6m'], ['decision-18m', 'decision-12m']],
    ['2026-12-01', ['decision-3m', 'notice'], ['decision-18m', 'decision-12m', 'decision-6m']],
    // The notice deadline has passed: its reminder is skipped, not sent late.
    ['2027-01-05', ['decision-3m'], ['notice', 'decision-18m', 'decision-12m', 'decision-6m']],
    // The contract has ended: nothing is sent.
    ['2027-04-01', [], ['decision-18m', 'decision-12m', 'decision-6m', 'decision-3m', 'notice']],
  ])('on %s sends %j and skips %j', (today, send, skip) => {
    const r = dueToday(all, today);
    expect(r.send.map((a) => a.stage)).toEqual(send);
    expect(r.skip.map((a) => a.stage).sort()).toEqual([...skip].sort());
  });

  it('ignores alerts no longer waiting', () => {
    expect(dueToday([state('decision-18m', '2024-10-01', '2027-03-31', false)], '2025-01-01')).toEqual({ send: [], skip: [] });
  });
});

describe('parseStages', () => {
  it.each([
    ['18,12,6,3', [18, 12, 6, 3]],
    ['3 6 12', [12, 6, 3]],
    ['12, 12', [12]],
    ['', null],
    ['0', null],
    ['6,x', null],
    ['1.5', null],
    ['61', null],
  ])('reads %j', (raw, expected) => {
    expect(parseStages(raw)).toEqual(expected);
  });
});

describe('renderAlert', () => {
  const links = { contract: 'https://register.example/contracts/42', snooze: 'https://register.example/a/1/snooze?token=t', inHand: 'https://register.example/a/1/in-hand?token=t', opportunity: (id: string) => `https://register.example/opportunities/${id}` };
  const related = [{ id: 'abc', label: 'Same product: Open Revenues', otherCouncils: ['Angus', 'Dundee City', 'Perth and Kinross'], windowFrom: '2027-03-31', windowTo: '2027-11-30', basis: 'product' as const }];

  it('says what is due, by when and why, and points to the joint opportunity', () => {
    const r = renderAlert({ alertId: '1', stage: 'decision-12m', dueDate: '2025-04-01', targetDate: '2026-04-01', councilCode: 'S12000047', councilName: 'Fife Council', contract, stages: DEFAULT_STAGES, noticeMonths: 1, related, links, today: '2025-04-01' });
    expect(r.subject).toBe('Renewal decision due by 01/04/2026: Revenues & Benefits system (FC-0042), Civica UK Ltd — Fife Council');
    expect(r.text).toContain('The current end is 31/03/2027; a procurement of this size needs 12 months');
    expect(r.text).toContain('2 extension options remain, up to 31/03/2029.');
    expect(r.text).toContain('This reminder is 12 months before the decision date (reminders at 18, 12, 6, 3 months');
    expect(r.text).toContain("Three other councils' contracts for the same product can end within your window (31/03/2027 to 30/11/2027): Angus, Dundee City, Perth and Kinross.");
    expect(r.text).toContain(links.snooze);
    // Council data is escaped in the HTML.
    expect(r.html).toContain('Revenues &amp; Benefits system');
    expect(r.html).not.toContain('Revenues & Benefits');
  });

  it('escapes markup a register might contain', () => {
    const r = renderAlert({ alertId: '1', stage: 'notice', dueDate: '2026-11-30', targetDate: '2026-12-31', councilCode: 'S12000047', councilName: 'Fife Council', contract: { ...contract, title: '<script>alert(1)</script>' }, stages: DEFAULT_STAGES, noticeMonths: 1, related: [], links, today: '2026-11-30' });
    expect(r.html).not.toContain('<script>');
    expect(r.headline).toMatch(/^Notice deadline 31\/12\/2026/);
    expect(renderDigest('Fife Council', '2026-11-23', [r, r]).subject).toBe('2 contract renewal reminders for Fife Council, week of 23/11/2026');
  });

  it('says so when the decision date has already passed', () => {
    const r = renderAlert({ alertId: '1', stage: 'decision-3m', dueDate: '2026-01-01', targetDate: '2026-04-01', councilCode: 'S12000047', councilName: 'Fife Council', contract, stages: DEFAULT_STAGES, noticeMonths: 1, related: [], links, today: '2026-05-01' });
    expect(r.subject).toMatch(/^Renewal decision overdue since 01\/04\/2026/);
    expect(r.headline).toMatch(/has passed: start re-procuring now/);
  });

  it('words one other council in the singular', () => {
    expect(relatedSentence({ ...related[0], otherCouncils: ['Angus'] })).toMatch(/^One other council's contract for the same product/);
  });
});

describe('webhookSignature', () => {
  it('is an HMAC-SHA256 of the timestamp and body that a receiver can recompute', () => {
    const body = JSON.stringify({ a: 1 });
    expect(webhookSignature('s3cret', '1700000000', body)).toBe(`sha256=${createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex')}`);
    expect(webhookSignature('other', '1700000000', body)).not.toBe(webhookSignature('s3cret', '1700000000', body));
  });
});

describe('renewalCalendar', () => {
  it('writes decision dates and notice deadlines as all-day events that parse back', () => {
    const ics = renewalCalendar([contract, { ...contract, id: 43, reference: null, title: 'Wide area network', noticeDate: null, decisionDate: '2027-02-28' }], {
      councilCode: 'S12000047', councilName: 'Fife Council', contractUrl: (id) => `https://register.example/contracts/${id}`, domain: 'register.example',
    });
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v: ICAL.Component) => new ICAL.Event(v));
    expect(events.map((e) => [e.summary, e.startDate.toString(), e.startDate.isDate, e.uid])).toEqual([
      ['Decision date: Revenues & Benefits system (FC-0042)', '2026-04-01', true, 'decision-S12000047-ref-FC-0042@register.example'],
      ['Notice deadline: Revenues & Benefits system (FC-0042)', '2026-12-31', true, 'notice-S12000047-ref-FC-0042@register.example'],
      ['Decision date: Wide area network', '2027-02-28', true, 'decision-S12000047-id-43@register.example'],
    ]);
    expect(events[0].description).toContain('Start re-procuring by 01/04/2026');
  });
});
