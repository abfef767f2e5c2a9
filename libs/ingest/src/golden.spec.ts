import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CouncilDirectory, CouncilRecord } from './councils';
import { openRegister } from './read-register';

// Golden tier: every sample register in data/registers has its expected normalised output
// beside it. Regenerate with UPDATE_GOLDEN=1 after checking the difference by eye.
const DATA = path.resolve(__dirname, '../../../data');
const REGISTERS = path.join(DATA, 'registers');

function councils(): CouncilDirectory {
  const rows: Record<string, string>[] = parse(fs.readFileSync(path.join(DATA, 'reference/uk_local_authorities_current.csv')), { columns: true });
  const records: CouncilRecord[] = rows
    .filter((r) => !r['end-date'])
    .map((r) => ({ code: r['gss-code'], name: r['official-name'], shortName: r['nice-name'], nation: r.nation, aliases: r['alt-names'].split(',').filter(Boolean) }));
  return new CouncilDirectory(records);
}

const samples = fs.readdirSync(REGISTERS).filter((f) => !f.endsWith('.expected.json'));

describe('golden sample registers', () => {
  const directory = councils();

  it('ships at least four dialects', () => {
    expect(samples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(samples)('%s reads as expected', async (file) => {
    const full = path.join(REGISTERS, file);
    const opened = await openRegister({ name: file, async *open() { yield fs.readFileSync(full); } }, { councils: directory });
    const rows = [];
    for await (const r of opened.rows) rows.push(r);
    const actual = JSON.parse(JSON.stringify({ layout: opened.layout, rows }));
    const expectedFile = `${full}.expected.json`;
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
  });
});
