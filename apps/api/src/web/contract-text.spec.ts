import { extensionOptionsText } from './contract-text';

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
