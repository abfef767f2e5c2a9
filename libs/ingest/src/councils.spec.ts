import { CouncilDirectory } from './councils';

const directory = new CouncilDirectory([
  { code: 'S12000049', name: 'Glasgow City Council', shortName: 'Glasgow City', nation: 'Scotland', aliases: ['glasgow', 'glasgow city coucil', 'city of glasgow'] },
  { code: 'S12000047', name: 'Fife Council', shortName: 'Fife', nation: 'Scotland', aliases: ['fife'] },
  { code: 'S12000017', name: 'The Highland Council', shortName: 'Highland', nation: 'Scotland', aliases: ['highland council', 'highlands'] },
  { code: 'E07000128', name: 'Wyre Borough Council', shortName: 'Wyre', nation: 'England', aliases: ['wyre', 'wyre council'] },
  { code: 'E07000239', name: 'Wyre Forest District Council', shortName: 'Wyre Forest', nation: 'England', aliases: ['wyre forest'] },
  { code: 'E06000009', name: 'Blackpool Council', shortName: 'Blackpool', nation: 'England', aliases: ['blackpool', 'blackpool borough council'] },
]);

describe('CouncilDirectory', () => {
  it.each([
    ['S12000049', 'S12000049'], ['s12000049', 'S12000049'], ['Glasgow City Council', 'S12000049'],
    ['glasgow city coucil', 'S12000049'], ['GLASGOW', 'S12000049'], ['The Highland Council', 'S12000017'],
    ['Highland', 'S12000017'], ['Wyre Council', 'E07000128'], ['Wyre Forest District Council', 'E07000239'],
    ['BLACKPOOL BOROUGH COUNCIL', 'E06000009'],
  ])('resolves %s', (text, code) => {
    expect(directory.resolve(text)).toEqual({ kind: 'found', code });
  });

  it('never picks one council of a joint buyer', () => {
    expect(directory.resolve('Blackpool Council and Wyre Council')).toEqual({ kind: 'ambiguous', codes: expect.arrayContaining(['E06000009', 'E07000128']) });
  });

  it.each([['S99999999'], ['Gotham City Council'], ['']])('does not resolve %p', (text) => {
    expect(directory.resolve(text).kind).toBe('none');
  });

  it.each([
    ['fife-contracts-2026.csv', 'found', 'S12000047'],
    ['S12000049_register.csv', 'found', 'S12000049'],
    ['wyre_forest_register.csv', 'found', 'E07000239'],
    ['wyre-register.csv', 'found', 'E07000128'],
    ['contracts.csv', 'none', undefined],
    ['fife-and-glasgow.csv', 'ambiguous', undefined],
  ])('reads the council from the file name %s', (name, kind, code) => {
    const match = directory.resolveFileName(name);
    expect(match.kind).toBe(kind);
    if (code) expect(match).toEqual({ kind, code });
  });
});
