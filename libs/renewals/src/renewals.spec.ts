import { parseExtensions, parseNotice } from './extensions';
import { analysisDates, decisionDateFor, extendEnd, leadTimeFor, renewalDates } from './renewals';

describe('parseExtensions', () => {
  it.each([
    // wording, the contract's term in months (null: unknown), options, upTo, rolling, initial, confidence
    ['2+1+1', 24, [12, 12], false, false, 24, 'high'],
    ['2+1+1', 36, [24, 12, 12], false, false, null, 'high'],
    ['2+1+1', null, [12, 12], false, false, 24, 'low'],
    ['1 + 1', 36, [12, 12], false, false, null, 'high'],
    ['1 year + 1 year', 60, [12, 12], false, false, null, 'high'],
    ['2 x 12 months', 36, [12, 12], false, false, null, 'high'],
    ['2 x 1 year', 36, [12, 12], false, false, null, 'high'],
    ['36 months + 24 months', 60, [36, 24], false, false, null, 'high'],
    ['5+2+2', 60, [24, 24], false, false, 60, 'high'],
    ['5+2+2 years', 60, [24, 24], false, false, 60, 'high'],
    ['option to extend for up to 3 years', 36, [36], true, false, null, 'high'],
    ['up to 24 months', 36, [24], true, false, null, 'high'],
    ['Extension of up to 2 years', 36, [24], true, false, null, 'high'],
    ['1 year', 36, [12], false, false, null, 'high'],
    ['a further 12 months', 36, [12], false, false, null, 'high'],
    ['rolling annual', null, [], false, true, null, 'high'],
    ['Rolling 12 month contract', null, [], false, true, null, 'high'],
    ['None', 36, [], false, false, null, 'high'],
    ['N/A', 36, [], false, false, null, 'high'],
    ['No extension options', 36, [], false, false, null, 'high'],
    ['', 36, [], false, false, null, 'none'],
    ['subject to satisfactory performance and budget', 36, [], false, false, null, 'low'],
    ['2+1 or 1+1+1 at the council\'s discretion', 36, [], false, false, null, 'low'],
  ] as const)('%j (term %j months)', (text, term, options, upTo, rolling, initial, confidence) => {
    const e = parseExtensions(text, term);
    expect([e.options, e.upTo, e.rolling, e.initialMonths, e.confidence]).toEqual([options, upTo, rolling, initial, confidence]);
    if (confidence === 'low') expect(e.note).toMatch(/kept as written|not known/);
  });

  it('keeps what it could not read verbatim in the note', () => {
    expect(parseExtensions('extension at the discretion of the Head of Service').note).toContain('"extension at the discretion of the Head of Service"');
  });
});

describe('parseNotice', () => {
  it.each([
    ['3 months', { months: 3 }],
    ["90 days' notice", { days: 90 }],
    ['6 weeks', { days: 42 }],
    ['', null],
    ['reasonable notice', null],
  ])('%j → %j', (raw, expected) => {
    expect(parseNotice(raw)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2027-03-31', 12, '2028-03-31'],
    ['2027-02-28', 12, '2028-02-29'], // into a leap year: the term runs 01/03/2027-29/02/2028
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-12-31', 24, '2028-12-31'],
  ])('an option of %s + %i months ends %s', (end, months, expected) => {
    expect(extendEnd(end, months)).toBe(expected);
  });

  it('a 36-month term from 1 April 2024 ends 31 March 2027', () => {
    expect(renewalDates({ startDate: '2024-04-01', endDate: null, durationMonths: 36, extensionText: null, noticePeriod: null, annualValue: null, totalValue: null }).currentEndDate).toBe('2027-03-31');
  });

  it.each([
    [2_060_000, null, null, 18],
    [null, 120_000, 36, 12],
    [40_000, null, null, 6],
    [50_000, null, null, 12],
    [null, null, null, 12],
  ])('lead time for total %j, annual %j over %j months: %i months', (totalValue, annualValue, durationMonths, months) => {
    expect(leadTimeFor({ totalValue, annualValue, durationMonths }).months).toBe(months);
  });

  it('decision date is the lead time before the day the new contract must start', () => {
    expect(decisionDateFor('2027-03-31', 18)).toBe('2025-10-01');
    expect(decisionDateFor('2027-08-31', 6)).toBe('2027-03-01');
  });
});

describe('renewalDates', () => {
  const base = { startDate: '2024-04-01', endDate: '2027-03-31', durationMonths: null, noticePeriod: '3 months', annualValue: 120_000, totalValue: null };

  it('works out every date for "1+1"', () => {
    expect(renewalDates({ ...base, extensionText: '1+1' })).toMatchObject({
      currentEndDate: '2027-03-31', possibleEndDates: ['2028-03-31', '2029-03-31'], maxEndDate: '2029-03-31', optionsRemaining: 2,
      noticeDate: '2026-12-31', decisionDate: '2026-04-01', leadMonths: 12, extensionConfidence: 'high',
    });
  });

  it('reads "2+1+1" on a three-year contract as the term and two options', () => {
    expect(renewalDates({ ...base, extensionText: '3+1+1' }).possibleEndDates).toEqual(['2028-03-31', '2029-03-31']);
  });

  it('offers each whole year of an "up to" option', () => {
    expect(renewalDates({ ...base, extensionText: 'up to 3 years' })).toMatchObject({ possibleEndDates: ['2028-03-31', '2029-03-31', '2030-03-31'], maxEndDate: '2030-03-31', optionsRemaining: 3 });
  });

  it('gives a rolling contract yearly possible ends and no maximum', () => {
    expect(renewalDates({ ...base, extensionText: 'rolling annual' })).toMatchObject({ rolling: true, maxEndDate: null, possibleEndDates: ['2028-03-31', '2029-03-31', '2030-03-31', '2031-03-31', '2032-03-31'] });
  });

  it('flags wording it cannot read and offers no options rather than guessing', () => {
    expect(renewalDates({ ...base, extensionText: 'by agreement' })).toMatchObject({ possibleEndDates: [], maxEndDate: '2027-03-31', extensionConfidence: 'low' });
  });

  it('has no dates without an end or a start and term', () => {
    expect(renewalDates({ ...base, startDate: null, endDate: null, extensionText: '1+1' })).toMatchObject({ currentEndDate: null, decisionDate: null, possibleEndDates: [] });
  });

  it('works out the same terms once and shares the (read-only) list of ends', () => {
    const a = renewalDates({ ...base, extensionText: '2 x 12 months' });
    const b = renewalDates({ ...base, extensionText: '2 x 12 months', annualValue: 2_000_000 });
    expect(b.possibleEndDates).toBe(a.possibleEndDates);
    expect(Object.isFrozen(a.possibleEndDates)).toBe(true);
    expect(() => (a.possibleEndDates as string[]).push('2040-01-01')).toThrow();
    // The lead time still follows each contract's own value.
    expect([a.leadMonths, b.leadMonths]).toEqual([12, 18]);
  });

  it('gives the analysis the same ends and lead time as the full calculation', () => {
    for (const terms of [
      { ...base, extensionText: '1+1' },
      { ...base, extensionText: 'up to 24 months', annualValue: 10_000 },
      { ...base, extensionText: null, annualValue: null },
      { ...base, endDate: null, durationMonths: 60, extensionText: '5+2+2', totalValue: 3_000_000 },
    ]) {
      const full = renewalDates(terms);
      expect(analysisDates(terms)).toEqual({ currentEndDate: full.currentEndDate, possibleEndDates: full.possibleEndDates, leadMonths: full.leadMonths });
    }
  });
});
