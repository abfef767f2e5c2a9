import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox } from './support/cli';

// Starts the CLI four times on two busy cores.
jest.setTimeout(180_000);

interface Listed { label: string; councils: string[]; earliestDecisionDate: string; kind: string }

describe('demo: synthetic registers dated from today, imported and analysed', () => {
  const { dir, cli } = cliSandbox('ccr-demo-');

  it.each([['15/06/2031', '2031-06-15'], ['02/01/2027', '2027-01-02']])('on %s finds opportunities whose decisions are still ahead, for the products councils share', (uk, iso) => {
    const out = path.join(dir(), `registers-${iso}`);
    // The second day's registers replace the first's (each file is its council's full register).
    const env = ['--today', uk, '--out', out, '--json'];
    const run = cli('demo', ...env);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ today: iso, synthetic: true });
    expect(result.files).toHaveLength(6);
    for (const f of result.files) {
      expect(f).toMatchObject({ status: 'completed', rejected: 0 });
      expect(f.imported).toBe(f.rows);
      // Labelled as synthetic in the file itself, not only its name.
      expect(fs.readFileSync(f.file, 'utf8').split('\n')[0]).toMatch(/SYNTHETIC DEMONSTRATION DATA/);
    }
    expect(result.analysis.collaborative).toBeGreaterThanOrEqual(5);

    const listed: Listed[] = JSON.parse(cli('opportunities', '--kind', 'collaborative', '--all', '--json').stdout);
    for (const product of ['Mosaic', 'iTrent', 'Uniform', 'NEC Revenues & Benefits']) {
      const found = listed.filter((o) => o.label === `Same product: ${product}` && o.earliestDecisionDate > iso);
      expect({ product, found: found.length > 0 }).toEqual({ product, found: true });
    }
    // Every one of the six councils runs SEEMiS, and can decide together ahead of time.
    expect(listed.some((o) => o.councils.length === 6 && o.earliestDecisionDate > iso)).toBe(true);
  });
});
