import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox } from './support/cli';

// Starts the CLI several times on two busy cores.
jest.setTimeout(180_000);

describe('backup and restore of the embedded database (CLI)', () => {
  const { dir, cli } = cliSandbox('ccr-backup-');
  const contracts = () => JSON.parse(cli('contracts', '--json').stdout) as { council: string; reference: string }[];
  const keys = (cs: { council: string; reference: string }[]) => cs.map((c) => `${c.council}:${c.reference}`).sort();

  it('backs up the database as it is, and restores it later, keeping what it replaced', () => {
    expect(cli('demo', '--today', '01/12/2026', '--out', path.join(dir(), 'demo'), '--json').code).toBe(0);
    const before = keys(contracts());
    expect(before.length).toBeGreaterThan(50);
    const file = path.join(dir(), 'register-backup.sqlite');
    const backup = cli('backup', file, '--json');
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, contracts: expect.any(Number), bytes: expect.any(Number) });
    // A backup never overwrites a file.
    expect(cli('backup', file).code).toBe(2);

    // Later: a register replaces Fife's.
    const fife = path.join(dir(), 'fife.csv');
    fs.writeFileSync(fife, 'Contract Reference,Contract Title,Supplier,End Date,Annual Value\nNEW-1,Something new,Civica UK Ltd,31/03/2029,5000\n');
    expect(cli('import', fife, '--council', 'Fife', '--mode', 'full', '--no-analyse', '--json').code).toBe(0);
    expect(keys(contracts())).not.toEqual(before);

    const restored = cli('restore', file);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/the database it replaced is kept as .*before-restore-/);
    expect(keys(contracts())).toEqual(before);
    expect(fs.readdirSync(dir()).some((f) => f.includes('.before-restore-'))).toBe(true);

    // Only a backup of this register is restored.
    const notABackup = path.join(dir(), 'not-a-backup.sqlite');
    fs.writeFileSync(notABackup, 'hello');
    const refused = cli('restore', notABackup);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not a backup of this register/);
    expect(keys(contracts())).toEqual(before);
  });
});
