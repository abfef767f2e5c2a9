import { decisionTag, extensionOptionsText, matchRuleWords, timeTags } from './page-words';

// What the contracts list says of a contract's extension options: never a count with nothing after it.
describe('extension options in words', () => {
  const base = { rolling: false, optionsRemaining: 0, possibleEndDates: [] as string[], extensionConfidence: 'high' as const, extensionText: null as string | null };

  it('lists the end after each option left', () => {
    expect(extensionOptionsText({ ...base, optionsRemaining: 2, possibleEndDates: ['2028-03-31', '2029-03-31'] })).toBe('2: to 31/03/2028, then 31/03/2029');
  });

  it('says why there are no dates when the options are known but the contract has no end to count from', () => {
    expect(extensionOptionsText({ ...base, optionsRemaining: 2, extensionText: '2 x 12 months' })).toBe('2 (no end date to count them from)');
  });

  it('says when the wording could not be read, and rolling and none', () => {
    expect(extensionOptionsText({ ...base, extensionConfidence: 'low', extensionText: 'by agreement' })).toBe('not read: "by agreement"');
    expect(extensionOptionsText({ ...base, rolling: true })).toBe('rolling (renews yearly)');
    expect(extensionOptionsText(base)).toBe('none');
  });
});

describe('time tags on a contract (overdue, due soon, presumed extended, expired)', () => {
  const TODAY = '2026-12-01';
  const c = (over: Partial<Parameters<typeof timeTags>[0]>) => ({
    renewalStatus: 'current' as const, decisionDate: '2027-09-30', liveDecisionDate: '2027-09-30', presumedOptionsTaken: 0, ...over,
  });

  it('says nothing of a contract whose decision is further off than the due-soon months', () => {
    expect(timeTags(c({}), TODAY, 3)).toEqual([]);
  });

  it('marks a decision within the due-soon months as due soon, and one passed as overdue', () => {
    expect(timeTags(c({ liveDecisionDate: '2027-02-28' }), TODAY, 3).map((t) => t.text)).toEqual(['due soon']);
    expect(timeTags(c({ liveDecisionDate: '2027-03-02' }), TODAY, 3).map((t) => t.text)).toEqual([]);
    expect(timeTags(c({ liveDecisionDate: '2026-11-30' }), TODAY, 3)).toEqual([{ text: 'overdue', classes: 'govuk-tag--red', title: 'the decision date, 30/11/2026, has passed' }]);
  });

  it('says a contract past its register end is presumed extended (and judges the decision on the live end), and one with no options left is expired', () => {
    expect(timeTags(c({ renewalStatus: 'presumed-extended', presumedOptionsTaken: 1, decisionDate: '2025-03-31', liveDecisionDate: '2027-11-30' }), TODAY, 3).map((t) => t.text))
      .toEqual(['presumed extended']);
    expect(timeTags(c({ renewalStatus: 'expired', decisionDate: '2024-03-31', liveDecisionDate: null }), TODAY, 3).map((t) => t.text)).toEqual(['expired']);
    expect(timeTags(c({ renewalStatus: 'unknown', decisionDate: null, liveDecisionDate: null }), TODAY, 3)).toEqual([]);
  });
});

describe('a decision date as a tag (opportunities and their plans)', () => {
  it('is overdue once passed, due soon within the months given, else nothing', () => {
    expect(decisionTag('2026-11-30', '2026-12-01', 3)?.text).toBe('overdue');
    expect(decisionTag('2026-12-01', '2026-12-01', 3)?.text).toBe('due soon');
    expect(decisionTag('2027-03-01', '2026-12-01', 3)?.text).toBe('due soon');
    expect(decisionTag('2027-03-02', '2026-12-01', 3)).toBeNull();
    expect(decisionTag(null, '2026-12-01', 3)).toBeNull();
  });
});

describe('supplier match rules in words', () => {
  it('says why each name as written joined its supplier, with no rule codes left', () => {
    for (const rule of ['same-key', 'company-number', 'trading-name', 'former-name', 'known-rename', 'spacing', 'typo', 'truncated', 'analyst-merge']) {
      const words = matchRuleWords(rule);
      expect(words).not.toBe(rule);
      expect(words).not.toMatch(/-/);
    }
    expect(matchRuleWords('same-key')).toMatch(/same name/);
    expect(matchRuleWords('something-new')).toBe('something-new');
  });
});
