import { chooseImportMode, ModeQuestion, needsRegisterSize, parseImportMode } from './import-mode';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';
const one = (register?: ModeQuestion['register']): ModeQuestion => ({ requested: null, councils: [FIFE], otherBuyerRows: 0, register });

describe('chooseImportMode', () => {
  it.each<[string, ModeQuestion, string, string]>([
    ['full when asked, even for several councils', { requested: 'full', councils: [FIFE, ANGUS], otherBuyerRows: 3 }, 'full', 'requested'],
    ['update when asked, even for a whole register', { ...one({ stored: 146, current: 146, wouldRetire: 0 }), requested: 'update' }, 'update', 'requested'],
    ['update for a file of several councils', { requested: null, councils: [FIFE, ANGUS], otherBuyerRows: 0 }, 'update', 'several-councils'],
    ['update for a file with rows of other buyers', { requested: null, councils: [FIFE], otherBuyerRows: 1 }, 'update', 'other-buyers'],
    ['update when nothing was stored', { requested: null, councils: [], otherBuyerRows: 0 }, 'update', 'no-contracts'],
    ['full for a council\'s first register', one(undefined), 'full', 'single-council'],
    ['full for a council with nothing current', one({ stored: 3, current: 0, wouldRetire: 0 }), 'full', 'single-council'],
    ['update for three rows of a register of 146', one({ stored: 3, current: 146, wouldRetire: 143 }), 'update', 'looks-partial'],
    ['full for a register that replaces most contracts but holds as many', one({ stored: 150, current: 146, wouldRetire: 140 }), 'full', 'single-council'],
    ['full for a smaller register that keeps most references', one({ stored: 60, current: 146, wouldRetire: 70 }), 'full', 'single-council'],
    ['full at exactly half retired', one({ stored: 2, current: 8, wouldRetire: 4 }), 'full', 'single-council'],
    ['update past half retired with under half the rows', one({ stored: 3, current: 8, wouldRetire: 5 }), 'update', 'looks-partial'],
    ['full past half retired with half the rows', one({ stored: 4, current: 8, wouldRetire: 5 }), 'full', 'single-council'],
  ])('%s', (_, question, mode, rule) => {
    const decision = chooseImportMode(question);
    expect(decision).toMatchObject({ mode, rule });
    expect(decision.reason.length).toBeGreaterThan(20);
  });

  it('says in the reason why, and how to ask for the other mode', () => {
    expect(chooseImportMode(one({ stored: 3, current: 146, wouldRetire: 143 })).reason).toBe(
      `no mode given; as a full register this file would retire 143 of ${FIFE}'s 146 current contracts while holding only 3 of its contracts, so it was imported as an update and nothing was retired; upload it with mode "full" if it is the whole register`,
    );
    expect(chooseImportMode({ requested: null, councils: [FIFE], otherBuyerRows: 2, otherBuyerExamples: ['row 4: NHS Highland'] }).reason).toContain('(row 4: NHS Highland)');
    expect(chooseImportMode({ requested: null, councils: [FIFE, ANGUS], otherBuyerRows: 0 }).reason).toContain(`2 councils (${ANGUS}, ${FIFE})`);
  });

  it('needs the register\'s size only for one council\'s rows with no mode given', () => {
    expect(needsRegisterSize({ requested: null, councils: [FIFE], otherBuyerRows: 0 })).toBe(true);
    expect(needsRegisterSize({ requested: 'full', councils: [FIFE], otherBuyerRows: 0 })).toBe(false);
    expect(needsRegisterSize({ requested: null, councils: [FIFE, ANGUS], otherBuyerRows: 0 })).toBe(false);
    expect(needsRegisterSize({ requested: null, councils: [FIFE], otherBuyerRows: 1 })).toBe(false);
  });
});

describe('parseImportMode', () => {
  it.each<[unknown, string | null | undefined]>([
    ['full', 'full'], ['update', 'update'], [' Full ', 'full'], ['UPDATE', 'update'], ['', null], [undefined, null], [null, null], ['replace', undefined], ['partial', undefined],
  ])('%p → %p', (raw, mode) => {
    expect(parseImportMode(raw)).toBe(mode);
  });
});
