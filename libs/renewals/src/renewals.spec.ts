import { parseExtensions, parseNotice } from './extensions';
import { analysisDates, decisionDateFor, extendEnd, leadTimeFor, renewalDates } from './renewals';

describe('parseExtensions', () => {
  it.each([
    // wording, the contract's term in months (null: unknown), options, upTo, rolling, initial, confidence
    ['2+1+1', 24, [12, 12], false, false, 24, 'high'],
    ['2+1+1', 36, [24, 12, 12], false, false, null, 'high'],
    // No term known: the reading that needs no guess (every part an option), flagged because "2" is often the term.
    ['2+1+1', null, [24, 12, 12], false, false, null, 'low'],
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

  it.each([
    // wording, the contract's term in months (null: unknown), the unit the column's header gives bare numbers, options, upTo, initial, confidence
    ['2', null, undefined, [24], false, null, 'high'], // a bare number is years...
    ['2', null, 'years', [24], false, null, 'high'],
    ['12', null, 'months', [12], false, null, 'high'], // ...unless the header says months: "Extension (months)"
    ['6', 36, 'months', [6], false, null, 'high'],
    ['1.5', null, undefined, [18], false, null, 'high'],
    ['24', null, undefined, [], false, null, 'low'], // 24 years is no extension anyone offers: kept for review, not guessed
    ['12+12', null, 'months', [12, 12], false, null, 'high'],
    ['2 x 12', null, 'months', [12, 12], false, null, 'high'],
    ['1 year + 1 year + 1 year', null, undefined, [12, 12, 12], false, null, 'high'], // every part with its unit: options, never a term
    ['1 year + 1 year + 1 year', 12, undefined, [12, 12, 12], false, null, 'high'],
    ['1 year + 1 year', 12, undefined, [12, 12], false, null, 'high'],
    ['2 + 1', null, undefined, [24, 12], false, null, 'high'],
    // Two parts in an extension column are options even on a two-year contract: only a chain of three or
    // more whose first part is the longest and equals the term reads as "term + options" (3+1+1 below).
    ['2 + 1', 24, undefined, [24, 12], false, null, 'high'],
    ['2+1', null, 'months', [2, 1], false, null, 'high'],
    ['3+1+1', null, undefined, [36, 12, 12], false, null, 'low'],
    ['3+1+1', 36, undefined, [12, 12], false, 36, 'high'],
    ['2x12 months', null, undefined, [12, 12], false, null, 'high'],
    ['2 x 1yr', null, undefined, [12, 12], false, null, 'high'],
    ['up to 24 months', null, undefined, [24], true, null, 'high'], // one option of up to 24 months
    ['Option to extend for a further 24 months', null, undefined, [24], false, null, 'high'],
    ['None', null, undefined, [], false, null, 'high'],
    ['N/A', null, undefined, [], false, null, 'high'],
    ['No', null, undefined, [], false, null, 'high'],
    ['0', null, 'months', [], false, null, 'high'],
    ['1 year + 1 year + 1 year subject to satisfactory performance', null, undefined, [12, 12, 12], false, null, 'high'], // long enough to be read as prose: still never a term
    // Prose of the kind notices use (see extension-notices.spec.ts for published sentences).
    ['an initial term of three years with the option to extend for two further periods of twelve months', null, undefined, [12, 12], false, 36, 'high'],
    ['for a period of 3 years with an option to extend for a further 2 years', null, undefined, [24], false, 36, 'high'],
    ['initial 2 year contract with the option to extend for up to 2 x 12 month periods', null, undefined, [12, 12], false, 24, 'high'],
    ['(36 months plus optional 24 months)', null, undefined, [24], false, 36, 'high'],
    ['36 months plus optional 24 months', 36, undefined, [24], false, 36, 'high'],
  ] as const)('%j (term %j, header unit %j)', (text, term, unitHint, options, upTo, initial, confidence) => {
    const e = parseExtensions(text, term, { unitHint });
    expect([e.options, e.upTo, e.initialMonths, e.confidence]).toEqual([options, upTo, initial, confidence]);
  });

  it('reads the same wording differently under a different header unit (each reading kept apart)', () => {
    expect(parseExtensions('6', null, { unitHint: 'months' }).options).toEqual([6]);
    expect(parseExtensions('6', null).options).toEqual([72]);
    expect(parseExtensions('6', null, { unitHint: null }).options).toEqual([72]);
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

  it('says which value the lead time was judged on: the whole-life value, and the yearly one it came from', () => {
    expect(leadTimeFor({ totalValue: 2_060_000, annualValue: 412_000, durationMonths: 60 }).reason)
      .toBe('whole-life value £2,060,000 is a large contract (£1,000,000 and over): 18 months');
    expect(leadTimeFor({ totalValue: null, annualValue: 412_000, durationMonths: 60 }).reason)
      .toBe('whole-life value £2,060,000 (£412,000 a year over 60 months) is a large contract (£1,000,000 and over): 18 months');
    expect(leadTimeFor({ totalValue: null, annualValue: 40_000, durationMonths: null }).reason)
      .toBe('£40,000 a year (no term given, so one year counted) is below £50,000: 6 months');
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
      expect(analysisDates(terms)).toMatchObject({ currentEndDate: full.currentEndDate, possibleEndDates: full.possibleEndDates, leadMonths: full.leadMonths });
      for (const today of ['2026-01-01', '2028-06-01', '2040-01-01']) {
        const live = renewalDates(terms, undefined, today);
        expect(analysisDates(terms, undefined, today)).toEqual({
          currentEndDate: full.currentEndDate, possibleEndDates: full.possibleEndDates, leadMonths: full.leadMonths,
          status: live.status, presumedOptionsTaken: live.presumedOptionsTaken, liveEndDate: live.liveEndDate, livePossibleEndDates: live.livePossibleEndDates,
        });
      }
    }
  });
});

describe('renewalDates on a given day: an end that has passed rolls forward while options remain', () => {
  const base = { startDate: '2024-04-01', endDate: '2027-03-31', durationMonths: null, noticePeriod: '3 months', annualValue: 120_000, totalValue: null };
  const ROLLING_2031 = ['2031-03-31', '2032-03-31', '2033-03-31', '2034-03-31', '2035-03-31', '2036-03-31'];
  const ROLLING_2040 = ['2040-03-31', '2041-03-31', '2042-03-31', '2043-03-31', '2044-03-31', '2045-03-31'];

  it.each([
    // wording, today, status, options presumed taken, live end, options left after it, ends ahead, decision date ahead, notice date ahead
    ['1+1', '2026-06-01', 'current', 0, '2027-03-31', 2, ['2027-03-31', '2028-03-31', '2029-03-31'], '2026-04-01', '2026-12-31'],
    ['1+1', '2027-03-31', 'current', 0, '2027-03-31', 2, ['2027-03-31', '2028-03-31', '2029-03-31'], '2026-04-01', '2026-12-31'], // the last day is still current
    ['1+1', '2027-04-01', 'presumed-extended', 1, '2028-03-31', 1, ['2028-03-31', '2029-03-31'], '2027-04-01', '2027-12-31'],
    ['1+1', '2028-03-31', 'presumed-extended', 1, '2028-03-31', 1, ['2028-03-31', '2029-03-31'], '2027-04-01', '2027-12-31'],
    ['1+1', '2028-04-01', 'presumed-extended', 2, '2029-03-31', 0, ['2029-03-31'], '2028-04-01', '2028-12-31'],
    ['1+1', '2029-04-01', 'expired', 0, null, 0, [], null, null],
    ['None', '2027-03-01', 'current', 0, '2027-03-31', 0, ['2027-03-31'], '2026-04-01', '2026-12-31'],
    ['None', '2027-04-01', 'expired', 0, null, 0, [], null, null],
    ['by agreement', '2027-04-01', 'expired', 0, null, 0, [], null, null], // nothing read, nothing presumed
    ['2 x 6 months', '2027-10-01', 'presumed-extended', 2, '2028-03-31', 0, ['2028-03-31'], '2027-04-01', '2027-12-31'],
    ['up to 3 years', '2028-06-01', 'presumed-extended', 2, '2029-03-31', 1, ['2029-03-31', '2030-03-31'], '2028-04-01', '2028-12-31'],
    ['rolling annual', '2030-06-01', 'presumed-extended', 4, '2031-03-31', 0, ROLLING_2031, '2030-04-01', '2030-12-31'],
    ['rolling annual', '2040-01-01', 'presumed-extended', 13, '2040-03-31', 0, ROLLING_2040, '2039-04-01', '2039-12-31'], // beyond the five years listed
  ] as const)('%j on %s: %s', (extensionText, today, status, taken, liveEnd, left, ahead, decision, notice) => {
    const r = renewalDates({ ...base, extensionText }, undefined, today);
    expect({
      status: r.status, presumedOptionsTaken: r.presumedOptionsTaken, liveEndDate: r.liveEndDate, liveOptionsRemaining: r.liveOptionsRemaining,
      endsAhead: r.endsAhead, liveDecisionDate: r.liveDecisionDate, liveNoticeDate: r.liveNoticeDate,
    }).toEqual({ status, presumedOptionsTaken: taken, liveEndDate: liveEnd, liveOptionsRemaining: left, endsAhead: ahead, liveDecisionDate: decision, liveNoticeDate: notice });
    expect(r.livePossibleEndDates).toEqual(ahead.slice(1));
    for (const end of r.endsAhead) expect(end >= today).toBe(true);
  });

  it('keeps every register field as it was when an end is presumed extended', () => {
    const before = renewalDates({ ...base, extensionText: '1+1' });
    const after = renewalDates({ ...base, extensionText: '1+1' }, undefined, '2028-04-01');
    const { currentEndDate, possibleEndDates, maxEndDate, optionsRemaining, rolling, noticeDate, decisionDate, leadMonths, leadReason, extensionConfidence, extensionNote } = before;
    expect(after).toMatchObject({ currentEndDate, possibleEndDates, maxEndDate, optionsRemaining, rolling, noticeDate, decisionDate, leadMonths, leadReason, extensionConfidence, extensionNote });
    expect(after).toMatchObject({ currentEndDate: '2027-03-31', decisionDate: '2026-04-01', optionsRemaining: 2, maxEndDate: '2029-03-31' });
  });

  it('is unknown with no end, or with no day to judge it against', () => {
    expect(renewalDates({ ...base, endDate: null, startDate: null, extensionText: '1+1' }, undefined, '2027-01-01')).toMatchObject({
      status: 'unknown', presumedOptionsTaken: 0, liveEndDate: null, endsAhead: [], livePossibleEndDates: [], liveOptionsRemaining: 0, liveDecisionDate: null, liveNoticeDate: null,
    });
    expect(renewalDates({ ...base, extensionText: '1+1' })).toMatchObject({ status: 'unknown', liveEndDate: null, endsAhead: [], liveDecisionDate: null });
  });

  it('uses the lead time of each contract for the decision date ahead', () => {
    expect(renewalDates({ ...base, extensionText: '1+1', annualValue: 2_000_000 }, undefined, '2027-04-01')).toMatchObject({ leadMonths: 18, liveDecisionDate: '2026-10-01' });
  });

  it('reads bare numbers in the unit the register header gave', () => {
    expect(renewalDates({ ...base, extensionText: '6', extensionUnit: 'months' }).possibleEndDates).toEqual(['2027-09-30']);
    expect(renewalDates({ ...base, extensionText: '6', extensionUnit: 'months' }, undefined, '2027-06-01')).toMatchObject({ status: 'presumed-extended', liveEndDate: '2027-09-30' });
    expect(renewalDates({ ...base, extensionText: '1', extensionUnit: null }).possibleEndDates).toEqual(['2028-03-31']);
  });

  it('shares the (read-only) lists of ends ahead between contracts with the same terms on the same day', () => {
    const a = renewalDates({ ...base, extensionText: '1+1+1' }, undefined, '2027-06-01');
    const b = renewalDates({ ...base, extensionText: '1+1+1', annualValue: 5_000 }, undefined, '2027-06-01');
    expect(b.livePossibleEndDates).toBe(a.livePossibleEndDates);
    expect(b.endsAhead).toBe(a.endsAhead);
    expect(Object.isFrozen(a.endsAhead) && Object.isFrozen(a.livePossibleEndDates)).toBe(true);
    // A current contract's ends ahead after the live end are its possible ends.
    expect(renewalDates({ ...base, extensionText: '1+1+1' }, undefined, '2026-01-01').livePossibleEndDates).toBe(a.possibleEndDates);
  });
});

describe('extension wording met in generated messy registers', () => {
  it.each([
    ['1 + 1', 12, [12, 12]],
    ['2 + 1', 24, [24, 12]],
    ['3+1+1', 36, [12, 12]],
    ['2x1yr', null, [12, 12]],
    ['3x1yr', null, [12, 12, 12]],
    ['2 x 12 months (1st extension taken)', null, [12]],
    ['1+1 (1st extension taken)', null, [12]],
    ['Extended to 31/03/2028; 12 months remaining', null, [12]],
    ['An initial term of 3 years with the option to extend for a further two years followed by a further one year.', null, [24, 12]],
  ] as [string, number | null, number[]][])('"%s" (term %p months) gives options %p', (text, term, options) => {
    expect(parseExtensions(text, term).options).toEqual(options);
  });
});

describe('extension wording families met in generated messy registers', () => {
  it.each([
    // An affirmative before the options ("Yes - 2 yr", "Y - 24 months", "Yes (12 months)"): the options are what follows it.
    ['Yes - 2 yr', null, [24], 'high'],
    ['Y - 24 months', null, [24], 'high'],
    ['Yes (12 months)', null, [12], 'high'],
    ['Yes (3 years)', 36, [36], 'high'],
    ['Yes, 6 months', null, [6], 'high'],
    ['Yes - two further periods of twelve months', null, [12, 12], 'high'],
    ['Y - three further periods of twelve months', 24, [12, 12, 12], 'high'],
    ['Yes (2 + 1)', null, [24, 12], 'high'],
    ['Yes', null, [], 'low'], // says there are options, not what they are: kept for review
    ['Y - at the council\'s discretion', null, [], 'low'],
    // "N" in a Y/N extension column is "no".
    ['N', 36, [], 'high'],
    // What is left ("12 months remaining", "Extended to …; 2 x 1 year remaining"): the options still to take, whether or not the register says it was extended.
    ['12 months remaining', null, [12], 'high'],
    ['1 yr remaining', null, [12], 'high'],
    ['2 years left', null, [24], 'high'],
    ['Yes - 12 months remaining', null, [12], 'high'],
    ['Extended to 14/03/28; 2 x 1 year remaining', null, [12, 12], 'high'],
    ['Extended to 31-Oct-27; up to 2 x 12 months remaining', null, [12, 12], 'high'],
    ['Yes - Extended to 2029-09-30; 2x1yr remaining', null, [12, 12], 'high'],
    ['Extended to 31/03/2028; 12 months remaining', null, [12], 'high'],
    ['Extended to 31/03/2028; none remaining', null, [], 'high'],
    ['Extended to 31/03/2028; 12 months remaining (final option)', null, [12], 'high'],
    ['12 months remaining on the current term', null, [], 'low'], // what is left of the term, not of the options
    // A cell that is all extension wording, however long its numbers are spelt out.
    ['two further periods of twenty-four months', null, [24, 24], 'high'],
    ['four further periods of twenty-four months', null, [24, 24, 24, 24], 'high'],
    ['Yes (two further periods of twenty-four months)', null, [24, 24], 'high'],
  ] as [string, number | null, number[], string][])('"%s" (term %p months) gives options %p, confidence %s', (text, term, options, confidence) => {
    const e = parseExtensions(text, term);
    expect([e.options, e.confidence]).toEqual([options, confidence]);
    if (confidence === 'low') expect(e.note).toContain(`"${text}"`);
  });
});
