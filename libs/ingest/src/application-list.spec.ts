import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHosting, readApplicationList } from './application-list';
import { CouncilDirectory } from './councils';

const directory = new CouncilDirectory([
  { code: 'S12000047', name: 'Fife Council', shortName: 'Fife', nation: 'Scotland', aliases: [] },
  { code: 'S12000041', name: 'Angus Council', shortName: 'Angus', nation: 'Scotland', aliases: [] },
]);
const FILE = path.resolve(__dirname, '../../../data/applications/fife-council-application-list.csv');
const source = (name: string, bytes: Buffer) => ({ name, async *open() { yield bytes; } });

describe('parseHosting', () => {
  it.each([
    ['On Prem', 'on-premises'], ['On-premises', 'on-premises'], ['in-house data centre', 'on-premises'],
    ['Supplier hosted', 'hosted'], ['Hosted', 'hosted'], ['Managed service', 'hosted'],
    ['SaaS', 'saas'], ['Software as a Service', 'saas'],
    ['Azure', 'cloud'], ['AWS', 'cloud'], ['Private cloud', 'cloud'],
    ['Basement server', null], ['', null],
  ])('%s → %s', (raw, expected) => {
    expect(parseHosting(raw)).toBe(expected);
  });
});

describe('readApplicationList', () => {
  it('reads the sample list below its title rows, explaining every row it cannot take', async () => {
    const list = await readApplicationList(source('fife-council-application-list.csv', fs.readFileSync(FILE)), { councils: directory, council: 'S12000047' });
    expect(list.headerRow).toBe(4);
    expect(list.total).toBe(6);
    expect(list.rows.map((r) => [r.row, r.system, r.hosting, r.endOfSupport])).toEqual([
      [5, 'Open Revenues', 'on-premises', '2028-03-31'],
      [6, 'Uniform', 'hosted', '2027-09-30'],
      [7, 'SEEMiS Click+Go', 'saas', null],
      [8, 'GIS (ArcGIS Enterprise)', 'cloud', '2026-12-31'],
      [9, 'Legacy CCTV archive', null, null],
    ]);
    expect(list.issues.map((i) => [i.row, i.column, i.value, i.code, i.severity])).toEqual([
      [9, 'Hosting Model', 'Basement server', 'HOSTING_UNKNOWN', 'warning'],
      [9, 'End of Support', '01/01/1', expect.stringMatching(/^DATE_/), 'warning'],
      [11, 'Application Name', null, 'SYSTEM_MISSING', 'error'],
    ]);
    expect(list.rows.length + list.issues.filter((i) => i.severity === 'error').length).toBe(list.total);
  });

  it('takes councils from a council column, refusing rows for another council', async () => {
    const text = 'System,Supplier,Council\nMosaic,The Access Group,Angus\nUniform,Idox,Fife Council\nX,Y,Atlantis\n';
    const list = await readApplicationList(source('list.csv', Buffer.from(text)), { councils: directory, council: 'S12000041' });
    expect(list.rows.map((r) => [r.system, r.councilCode])).toEqual([['Mosaic', 'S12000041']]);
    expect(list.issues.map((i) => [i.row, i.code])).toEqual([[3, 'COUNCIL_MISMATCH'], [4, 'COUNCIL_UNKNOWN']]);
  });

  it('says which columns it needs when it finds no header', async () => {
    await expect(readApplicationList(source('x.csv', Buffer.from('a,b,c\n1,2,3\n')), { councils: directory })).rejects.toMatchObject({ code: 'NO_HEADER_ROW' });
  });
});
