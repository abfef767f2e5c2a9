import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CouncilDirectory, councilRecordsFromReference } from './councils';

// The real register of UK councils the app ships (data/reference, mySociety, CC BY 4.0), and buyer
// names as they appear in the public Contracts Finder files (../shared/data/public).
const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(__dirname, '../../../data/reference/uk_local_authorities_current.csv')), { columns: true, skip_empty_lines: true });
const directory = new CouncilDirectory(councilRecordsFromReference(rows));

describe('buyers as public notices name them', () => {
  it.each([
    ['Blackpool Council', 'E06000009'],
    ['BLACKPOOL BOROUGH COUNCIL', 'E06000009'],
    ['Blackpool Borough Council Trading Standards', 'E06000009'],
    ['Muse Developments Limited on behalf of Blackpool Borough Council', 'E06000009'],
    ['Kent County Council (T/a LASER)', 'E10000016'],
    ['North East Lincolnshire Borough Council', 'E06000012'],
    ['Wyre Borough Council', 'E07000128'],
    ['Wyre Forest District Council', 'E07000239'],
    ['Chorley Borough Council', 'E07000118'],
    ['LONDON BOROUGH OF CROYDON', 'E09000008'],
    ['City of Doncaster Council', 'E08000017'],
    ['REDCAR &amp; CLEVELAND BOROUGH COUNCIL'.replace('&amp;', '&'), 'E06000003'],
    ['Glasgow City Council', 'S12000049'],
    ['Comhairle nan Eilean Siar', 'S12000013'],
    ['Stockton Borough Council', 'E06000004'],
  ])('%s is %s', (text, code) => {
    const match = directory.resolveBuyer(text);
    expect(match.kind).toBe('found');
    expect(match).toMatchObject({ code });
  });

  it('says what it assumed of a department or trading name', () => {
    expect(directory.resolveBuyer('Kent County Council (T/a LASER)')).toMatchObject({ note: expect.stringMatching(/t a laser/) });
  });

  it('recognises a council abolished since, and records its successors', () => {
    const match = directory.resolveBuyer('Cumbria County Council');
    expect(match).toMatchObject({ kind: 'found', code: 'E10000006' });
    expect(match.kind === 'found' && match.note).toMatch(/abolished on 01\/04\/2023.*Cumberland.*Westmorland and Furness/);
  });

  it.each([
    ['Blackpool Council and Wyre Council', ['E06000009', 'E07000128']],
    ['Chorley Council and South Ribble Borough Council', ['E07000118', 'E07000126']],
    ['Clackmannanshire Council & Stirling Council', ['S12000005', 'S12000030']],
    ['Babergh and Mid Suffolk District Councils', ['E07000200', 'E07000203']],
  ])('%s is a joint buyer', (text, codes) => {
    expect(directory.resolveBuyer(text)).toMatchObject({ kind: 'joint', codes });
  });

  it.each(['Luton and Kent Commercial Services LLP', 'Surrey & Kent Commercial Services LLP T/A Connect2Surrey (C2S)', 'Cambridgeshire District Councils', 'NHS Highland', 'Police Scotland', 'Castle Pool Community Partnership', 'Lincolnshire Police', 'Highways England'])('%s is not a council', (text) => {
    // Never read as a council or a joint buyer: the row is rejected with its reason.
    expect(['none', 'ambiguous']).toContain(directory.resolveBuyer(text).kind);
  });

  it('keeps a name that is one council whole', () => {
    expect(directory.resolveBuyer('Dumfries and Galloway Council')).toEqual({ kind: 'found', code: 'S12000006' });
    expect(directory.resolveBuyer('Perth & Kinross Council')).toEqual({ kind: 'found', code: 'S12000048' });
  });
});
